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
import { tlpLabel, tlpMarkingId } from '../access/tlp.js';
import type { Executor } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { newStixId } from '../stix/common.js';
import { SightingSchema } from '../stix/sro/sighting.js';
import { findSharedIndicatorsVisibleTo, findSharedVisibleTo, insertIndicatorObjects, listAllSightingsVisibleTo, listSightingsVisibleTo, unsafeSightingTotals } from './indicators.repo.js';
import type { IndicatorObjectRow } from './indicators.table.js';
import { organizationIdentityId, strictOrThrow } from './stix-objects.js';

/** The organization a principal sights for: their first non-CERT organization, else the CERT. */
function sightingOrganizationOf(principal: UserPrincipal): string {
  const id = principal.memberships.find((membership) => membership.organizationKind !== 'cert')?.organizationId ?? principal.organizationIds[0];
  if (!id) throw new AppError('FORBIDDEN', 'Sightings are recorded for an organization you belong to.');
  return id;
}

/** Where a sighting was made: carried as the STIX label `context:<value>` (labels are an open vocabulary). */
export const SIGHTING_CONTEXTS = ['firewall', 'proxy', 'dns', 'mail', 'edr', 'ids', 'siem', 'other'] as const;
export type SightingContext = (typeof SIGHTING_CONTEXTS)[number];

function presentSighting(row: IndicatorObjectRow, names: Map<string, string>) {
  const body = row.body as { first_seen?: string; last_seen?: string; description?: string; labels?: string[] };
  const context = body.labels?.find((label) => label.startsWith('context:'))?.slice('context:'.length) ?? null;
  return {
    id: row.stixId,
    organization: row.authorOrganizationId ? { id: row.authorOrganizationId, name: names.get(row.authorOrganizationId) ?? null } : null,
    seenAt: body.first_seen ?? null,
    lastSeenAt: body.last_seen ?? null,
    context,
    count: row.count ?? 1,
    note: body.description ?? null,
    createdAt: row.createdAt.toISOString(),
    stix: row.body,
  };
}

/**
 * Records a sighting of a shared indicator the principal can see (the CERT reads it on the spread view).
 * @throws AppError NOT_FOUND
 */
export async function recordSighting(tx: Executor, principal: UserPrincipal, indicatorId: string, input: { seenAt: string; lastSeenAt?: string | undefined; count: number; context: SightingContext; note?: string | undefined }, now: Date, names: Map<string, string>) {
  const indicator = await findSharedVisibleTo(tx, principal, indicatorId, 'indicator');
  if (!indicator) throw notFound('Indicator');
  const organizationId = sightingOrganizationOf(principal);
  const timestamp = now.toISOString();
  const seenAt = new Date(input.seenAt).toISOString();
  const lastSeenAt = input.lastSeenAt ? new Date(input.lastSeenAt).toISOString() : seenAt;
  if (lastSeenAt < seenAt) throw new AppError('VALIDATION_FAILED', 'The last sighting cannot be before the first.', [{ path: 'lastSeenAt', message: 'before seenAt' }]);
  if (seenAt > timestamp) throw new AppError('VALIDATION_FAILED', 'A sighting cannot lie in the future.', [{ path: 'seenAt', message: 'in the future' }]);
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
      last_seen: lastSeenAt,
      count: input.count,
      labels: [`context:${input.context}`],
      ...(input.note ? { description: input.note } : {}),
      object_marking_refs: [tlpMarkingId('amber+strict')],
    },
    'sighting',
  );
  const [row] = await insertIndicatorObjects(tx, [
    { stixId: body.id, type: 'sighting', modified: now, tlp: 'amber+strict', authorOrganizationId: organizationId, authorUserId: principal.userId, valueType: 'sighting-of', value: indicator.stixId, count: input.count, body, createdAt: now },
  ]);
  const dto = presentSighting(row!, names);
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
  return { indicatorId: indicator.stixId, totals: await unsafeSightingTotals(db, indicator.stixId), scope: isCert ? ('community' as const) : ('own-organization' as const), items: rows.map((row) => presentSighting(row, orgNames)) };
}

/**
 * The CERT's spread view: shared indicators that were sighted, most organizations first, each with
 * its sightings (organization, time, count, context). The caller has `incident:triage` (the route)
 * and sees every sighting through the policy (CERT).
 */
export async function spreadView(db: Executor, principal: Principal, limit: number, names: (ids: string[]) => Promise<Map<string, string>>) {
  const sightings = await listAllSightingsVisibleTo(db, principal, 5_000);
  const byIndicator = new Map<string, IndicatorObjectRow[]>();
  for (const row of sightings) byIndicator.set(row.value ?? '', [...(byIndicator.get(row.value ?? '') ?? []), row]);
  const indicators = await findSharedIndicatorsVisibleTo(db, principal, [...byIndicator.keys()]);
  const orgNames = await names(sightings.map((row) => row.authorOrganizationId).filter((id): id is string => id !== null));
  const items = indicators.map((indicator) => {
    const rows = byIndicator.get(indicator.stixId) ?? [];
    const organizations = new Set(rows.map((row) => row.authorOrganizationId));
    return {
      indicator: { id: indicator.stixId, type: indicator.valueType, value: indicator.value, tlp: tlpLabel(indicator.tlp) },
      organizations: organizations.size,
      count: rows.reduce((sum, row) => sum + (row.count ?? 1), 0),
      lastSeen: rows.map((row) => (row.body as { last_seen?: string }).last_seen ?? '').sort().at(-1) ?? null,
      sightings: rows.map((row) => presentSighting(row, orgNames)),
    };
  });
  items.sort((a, b) => b.organizations - a.organizations || b.count - a.count);
  return { items: items.slice(0, limit), next: null };
}
