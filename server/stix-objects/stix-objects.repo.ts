/**
 * Database access of `stix_objects`. Every read takes a principal and applies `visibleTo`; the one
 * write inserts planned (validated) objects, skipping versions already present.
 */
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Principal, UserPrincipal } from '../auth/principal.js';
import { visibleTo, type VisibilityColumns } from '../access/visible-to.js';
import type { Executor } from '../platform/db/client.js';
import { stixObjects, type StixObjectRow } from './stix-objects.table.js';
import { TIMELESS_VERSION, type PlannedObject } from './stix-objects.import.js';

/** The columns the TLP predicate reads. */
export const STIX_OBJECT_VISIBILITY: VisibilityColumns = {
  tlp: stixObjects.tlp,
  audienceOrganizationIds: stixObjects.audienceOrganizationIds,
  audienceSharingGroupIds: stixObjects.audienceSharingGroupIds,
  audienceUserIds: stixObjects.audienceUserIds,
  authorOrganizationId: stixObjects.authorOrganizationId,
  authorUserId: stixObjects.authorUserId,
  status: stixObjects.status,
};

function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

/** The organization a user authors objects for: a CERT membership first, else the first one. */
export function authoringOrganizationOf(principal: UserPrincipal): string | null {
  return principal.memberships.find((membership) => membership.organizationKind === 'cert')?.organizationId ?? principal.organizationIds[0] ?? null;
}

/**
 * Stores planned objects as `source`, authored by the principal. A version (`id` + `modified`)
 * already present is left as it is (TAXII treats a re-post as success).
 * @returns for each planned object whether it was new
 */
export async function insertPlannedObjects(tx: Executor, principal: UserPrincipal, source: string, planned: readonly PlannedObject[]): Promise<Map<number, boolean>> {
  const outcome = new Map<number, boolean>();
  const authorOrganizationId = authoringOrganizationOf(principal);
  for (const object of planned) {
    const { body } = object;
    const searchable = [text(body, 'name'), text(body, 'description'), text(body, 'pattern'), ...(Array.isArray(body.labels) ? (body.labels as unknown[]).map(String) : [])].join(' ');
    const inserted = await tx
      .insert(stixObjects)
      .values({
        stixId: body.id,
        type: body.type,
        specVersion: typeof body.spec_version === 'string' ? body.spec_version : '2.1',
        created: typeof body.created === 'string' ? new Date(body.created) : null,
        modified: new Date(object.version ?? TIMELESS_VERSION),
        revoked: body.revoked === true,
        source,
        tlp: object.tlp,
        audienceOrganizationIds: object.audience.organizations,
        audienceSharingGroupIds: object.audience.sharingGroups,
        audienceUserIds: object.audience.users,
        authorOrganizationId,
        authorUserId: principal.userId,
        body,
        searchVector: sql`to_tsvector('simple', ${searchable})`,
      })
      .onConflictDoNothing({ target: [stixObjects.stixId, stixObjects.modified] })
      .returning({ id: stixObjects.id });
    outcome.set(object.index, inserted.length > 0);
  }
  return outcome;
}

/** Filters of the object list. */
export type StixObjectFilter = { types?: string[] | undefined; q?: string | undefined; tlp?: string | undefined };

/** Stored objects (every version) the principal may see, newest arrival first, one extra for the cursor. */
export async function listStixObjectsVisibleTo(db: Executor, principal: Principal, filter: StixObjectFilter, limit: number, beforeSeq?: number): Promise<StixObjectRow[]> {
  const conditions: (SQL | undefined)[] = [visibleTo(principal, STIX_OBJECT_VISIBILITY)];
  if (filter.types && filter.types.length > 0) conditions.push(inArray(stixObjects.type, filter.types));
  if (filter.q) conditions.push(sql`${stixObjects.searchVector} @@ plainto_tsquery('simple', ${filter.q})`);
  if (filter.tlp) conditions.push(eq(stixObjects.tlp, filter.tlp as StixObjectRow['tlp']));
  if (beforeSeq !== undefined) conditions.push(lt(stixObjects.addedSeq, beforeSeq));
  return db
    .select()
    .from(stixObjects)
    .where(and(...conditions))
    .orderBy(desc(stixObjects.addedSeq))
    .limit(limit + 1);
}

/** The newest visible version of each of the given STIX ids. */
export async function latestStixObjectsVisibleTo(db: Executor, principal: Principal, stixIds: readonly string[]): Promise<StixObjectRow[]> {
  if (stixIds.length === 0) return [];
  const rows = await db
    .select()
    .from(stixObjects)
    .where(and(inArray(stixObjects.stixId, [...stixIds]), visibleTo(principal, STIX_OBJECT_VISIBILITY)))
    .orderBy(stixObjects.stixId, desc(stixObjects.modified));
  const latest = new Map<string, StixObjectRow>();
  for (const row of rows) if (!latest.has(row.stixId)) latest.set(row.stixId, row);
  return [...latest.values()];
}
