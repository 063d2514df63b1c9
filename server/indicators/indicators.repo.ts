/**
 * Database access of the indicators slice. Shared objects (no incident) are read through
 * `visibleTo` like advisories; incident-bound indicators only by incident id, which callers pass
 * after loading the incident through the incident visibility rule.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import { visibleTo, type VisibilityColumns } from '../access/visible-to.js';
import type { Executor } from '../platform/db/client.js';
import { indicatorObjects, type IndicatorObjectRow } from './indicators.table.js';

/** The columns the TLP predicate reads. */
export const INDICATOR_VISIBILITY: VisibilityColumns = {
  tlp: indicatorObjects.tlp,
  audienceOrganizationIds: indicatorObjects.audienceOrganizationIds,
  audienceSharingGroupIds: indicatorObjects.audienceSharingGroupIds,
  audienceUserIds: indicatorObjects.audienceUserIds,
  authorOrganizationId: indicatorObjects.authorOrganizationId,
  authorUserId: indicatorObjects.authorUserId,
  status: indicatorObjects.status,
};

/** Inserts validated STIX object rows. */
export async function insertIndicatorObjects(tx: Executor, values: (typeof indicatorObjects.$inferInsert)[]): Promise<IndicatorObjectRow[]> {
  if (values.length === 0) return [];
  return tx.insert(indicatorObjects).values(values).returning();
}

/** Indicators bound to an incident (the caller has checked the incident's visibility). */
export async function listIncidentIndicatorRows(db: Executor, incidentId: string): Promise<IndicatorObjectRow[]> {
  return db
    .select()
    .from(indicatorObjects)
    .where(and(eq(indicatorObjects.incidentId, incidentId), eq(indicatorObjects.type, 'indicator')))
    .orderBy(asc(indicatorObjects.createdAt), asc(indicatorObjects.id));
}

/** A shared (not incident-bound) object of `type` the principal may see, by STIX id. */
export async function findSharedVisibleTo(db: Executor, principal: Principal, stixId: string, type: 'indicator' | 'grouping'): Promise<IndicatorObjectRow | undefined> {
  const [row] = await db
    .select()
    .from(indicatorObjects)
    .where(and(eq(indicatorObjects.stixId, stixId), eq(indicatorObjects.type, type), isNull(indicatorObjects.incidentId), visibleTo(principal, INDICATOR_VISIBILITY)))
    .orderBy(desc(indicatorObjects.modified))
    .limit(1);
  return row;
}

/** Shared objects of `type` the principal may see, newest first, one extra for the cursor. */
export async function listSharedVisibleTo(db: Executor, principal: Principal, type: 'indicator' | 'grouping', limit: number, after?: { createdAt: string; id: string }): Promise<IndicatorObjectRow[]> {
  const cursor = after ? sql`(${indicatorObjects.createdAt}, ${indicatorObjects.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : undefined;
  return db
    .select()
    .from(indicatorObjects)
    .where(and(eq(indicatorObjects.type, type), isNull(indicatorObjects.incidentId), visibleTo(principal, INDICATOR_VISIBILITY), cursor))
    .orderBy(desc(indicatorObjects.createdAt), desc(indicatorObjects.id))
    .limit(limit + 1);
}

/** Shared indicators by STIX id that the principal may see. */
export async function findSharedIndicatorsVisibleTo(db: Executor, principal: Principal, stixIds: string[]): Promise<IndicatorObjectRow[]> {
  if (stixIds.length === 0) return [];
  return db
    .select()
    .from(indicatorObjects)
    .where(and(inArray(indicatorObjects.stixId, stixIds), eq(indicatorObjects.type, 'indicator'), isNull(indicatorObjects.incidentId), visibleTo(principal, INDICATOR_VISIBILITY)));
}

/** Sightings of an indicator the principal may see (the CERT: all; an organization: its own). */
export async function listSightingsVisibleTo(db: Executor, principal: Principal, indicatorStixId: string): Promise<IndicatorObjectRow[]> {
  return db
    .select()
    .from(indicatorObjects)
    .where(and(eq(indicatorObjects.type, 'sighting'), eq(indicatorObjects.value, indicatorStixId), visibleTo(principal, INDICATOR_VISIBILITY)))
    .orderBy(asc(indicatorObjects.createdAt));
}

/**
 * Community-wide totals of an indicator's sightings, across organizations the caller may not see.
 * Deliberately unfiltered: whoever may see the shared indicator may learn how often and by how many
 * organizations it was seen — never by whom (the caller must have checked the indicator's visibility).
 */
export async function unsafeSightingTotals(db: Executor, indicatorStixId: string): Promise<{ sightings: number; count: number; organizations: number }> {
  const [row] = await db
    .select({
      sightings: sql<number>`count(*)::int`,
      count: sql<number>`coalesce(sum(${indicatorObjects.count}), 0)::int`,
      organizations: sql<number>`count(distinct ${indicatorObjects.authorOrganizationId})::int`,
    })
    .from(indicatorObjects)
    .where(and(eq(indicatorObjects.type, 'sighting'), eq(indicatorObjects.value, indicatorStixId)));
  return { sightings: Number(row?.sightings ?? 0), count: Number(row?.count ?? 0), organizations: Number(row?.organizations ?? 0) };
}

/** The newest sightings the principal may see (the CERT: all), for the spread view. */
export async function listAllSightingsVisibleTo(db: Executor, principal: Principal, limit: number): Promise<IndicatorObjectRow[]> {
  return db
    .select()
    .from(indicatorObjects)
    .where(and(eq(indicatorObjects.type, 'sighting'), visibleTo(principal, INDICATOR_VISIBILITY)))
    .orderBy(desc(indicatorObjects.createdAt))
    .limit(limit);
}
