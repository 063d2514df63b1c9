/**
 * Sightings ("seen here too") of shared indicators, stored as STIX sighting objects whose
 * `where_sighted_refs` is the sighting organization's identity.
 *
 * Who sees what (decision): a sighting is TLP:AMBER+STRICT, authored by the sighting organization
 * and addressed to no one else, so the policy shows it to that organization and the CERT only.
 * Everyone who may see the indicator gets the community totals (number of sightings, summed count,
 * number of organizations) — the spread is what the community needs to know, the names are not.
 */
import type { Principal, UserPrincipal } from '../auth/principal.js';
import { tlpMarkingId } from '../access/tlp.js';
import type { Executor } from '../platform/db/client.js';
import { enqueueEvent } from '../platform/outbox/enqueue.js';
import { AppError, notFound } from '../platform/errors.js';
import { newStixId } from '../stix/common.js';
import { SightingSchema } from '../stix/sro/sighting.js';
import { findSharedVisibleTo, insertIndicatorObjects, listSightingsVisibleTo, unsafeSightingTotals } from './indicators.repo.js';
import type { IndicatorObjectRow } from './indicators.table.js';
import { organizationIdentityId, strictOrThrow } from './stix-objects.js';

/** The organization a principal sights for: their first non-CERT organization, else the CERT. */
function sightingOrganizationOf(principal: UserPrincipal): string {
  const id = principal.memberships.find((membership) => membership.organizationKind !== 'cert')?.organizationId ?? principal.organizationIds[0];
  if (!id) throw new AppError('FORBIDDEN', 'Sightings are recorded for an organization you belong to.');
  return id;
}

function presentSighting(row: IndicatorObjectRow, names: Map<string, string>) {
  const body = row.body as { first_seen?: string; description?: string };
  return {
    id: row.stixId,
    organization: row.authorOrganizationId ? { id: row.authorOrganizationId, name: names.get(row.authorOrganizationId) ?? null } : null,
    seenAt: body.first_seen ?? null,
    count: row.count ?? 1,
    note: body.description ?? null,
    createdAt: row.createdAt.toISOString(),
    stix: row.body,
  };
}

/**
 * Records a sighting of a shared indicator the principal can see; `indicator.sighted` goes to the
 * CERT (and the sighting organization).
 * @throws AppError NOT_FOUND
 */
export async function recordSighting(tx: Executor, principal: UserPrincipal, indicatorId: string, input: { seenAt: string; count: number; note?: string | undefined }, now: Date, names: Map<string, string>) {
  const indicator = await findSharedVisibleTo(tx, principal, indicatorId, 'indicator');
  if (!indicator) throw notFound('Indicator');
  const organizationId = sightingOrganizationOf(principal);
  const timestamp = now.toISOString();
  const seenAt = new Date(input.seenAt).toISOString();
  const body = strictOrThrow(
    SightingSchema,
    {
      type: 'sighting',
      spec_version: '2.1',
      id: newStixId('sighting'),
      created: timestamp,
      modified: timestamp,
      created_by_ref: organizationIdentityId(organizationId),
      sighting_of_ref: indicator.stixId,
      where_sighted_refs: [organizationIdentityId(organizationId)],
      first_seen: seenAt,
      last_seen: seenAt,
      count: input.count,
      ...(input.note ? { description: input.note } : {}),
      object_marking_refs: [tlpMarkingId('amber+strict')],
    },
    'sighting',
  );
  const [row] = await insertIndicatorObjects(tx, [
    { stixId: body.id, type: 'sighting', modified: now, tlp: 'amber+strict', authorOrganizationId: organizationId, authorUserId: principal.userId, valueType: 'sighting-of', value: indicator.stixId, count: input.count, body, createdAt: now },
  ]);
  const dto = presentSighting(row!, names);
  await enqueueEvent(tx, 'indicator.sighted', { tlp: 'amber+strict', organizations: [], authorOrganizationId: organizationId, authorUserId: principal.userId }, { indicatorId: indicator.stixId, sighting: dto });
  return dto;
}

/**
 * The spread of an indicator: community totals for everyone who sees the indicator; the sightings
 * themselves as the policy allows (CERT: all with organizations; others: their own).
 * @throws AppError NOT_FOUND
 */
export async function sightingsOf(db: Executor, principal: Principal, indicatorId: string, names: (ids: string[]) => Promise<Map<string, string>>) {
  const indicator = await findSharedVisibleTo(db, principal, indicatorId, 'indicator');
  if (!indicator) throw notFound('Indicator');
  const rows = await listSightingsVisibleTo(db, principal, indicator.stixId);
  const orgNames = await names(rows.map((row) => row.authorOrganizationId).filter((id): id is string => id !== null));
  const isCert = principal.kind === 'system' || (principal.kind === 'user' && principal.isCert);
  return { indicatorId: indicator.stixId, totals: await unsafeSightingTotals(db, indicator.stixId), scope: isCert ? 'community' : 'own-organization', items: rows.map((row) => presentSighting(row, orgNames)) };
}
