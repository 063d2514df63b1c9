/**
 * STIX 2.1 bundles of any selection the caller may see: advisories (by id or as a search result),
 * shared indicators and packages, and stored STIX objects. Every object carries its TLP marking;
 * the bundle carries the TLP 2.0 marking-definitions used (not predefined) and CERT-Thüringen's
 * identity. Exports containing AMBER or stricter are audited, like single advisory exports.
 */
import { isMoreRestrictive, mostRestrictive, tlpMarkingDefinition, tlpMarkingId, type TlpLevel } from '../access/tlp.js';
import type { Principal } from '../auth/principal.js';
import { recordAuditNow } from '../audit/record-audit.js';
import type { Executor } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { findAdvisoriesVisibleTo, findAdvisoryVisibleTo, searchAdvisoriesVisibleTo } from '../advisories/advisories.repo.js';
import { advisoryToStixBundle } from '../advisories/advisories.stix.js';
import { certIdentity } from './cert-identity.js';
import type { AdvisoryRow } from '../advisories/advisories.table.js';
import { findSharedVisibleTo } from '../indicators/indicators.repo.js';
import { uuidV5 } from '../indicators/index.js';
import { effectiveTlp } from '../access/tlp.js';
import { latestStixObjectsVisibleTo } from './stix-objects.repo.js';
import type { StixObjectRow } from './stix-objects.table.js';

type StixBody = Record<string, unknown> & { id: string; type: string };

/** A stored object as exported: with its row's TLP marking when the body carries none. */
export function markedBody(row: Pick<StixObjectRow, 'body' | 'tlp'>): StixBody {
  const refs = Array.isArray(row.body.object_marking_refs) ? (row.body.object_marking_refs as string[]) : [];
  if (row.body.type === 'marking-definition' || effectiveTlp(refs) !== undefined) return row.body;
  return { ...row.body, object_marking_refs: [...refs, tlpMarkingId(row.tlp)] };
}

/** What to export. */
export type BundleSelection = { advisories: string[]; ids: string[]; q?: string | undefined };


/**
 * The bundle of everything selected that the principal may see. Ids the principal may not see are
 * answered exactly like ids that do not exist: 404, never a partial bundle that reveals which.
 * @throws AppError NOT_FOUND | VALIDATION_FAILED (empty selection)
 */
export async function exportSelection(db: Executor, principal: Principal, selection: BundleSelection, ip: string | null) {
  const advisoryRows: AdvisoryRow[] = [];
  const missing: string[] = [];
  const advisoryIds = [...selection.advisories, ...selection.ids.filter((id) => id.startsWith('report--')).map((id) => id.slice('report--'.length))];
  for (const id of new Set(advisoryIds)) {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await findAdvisoryVisibleTo(db, principal, id) : undefined;
    // findAdvisoryVisibleTo applies the policy (visibleTo); drafts are never exported (canExport).
    if (row && row.status !== 'draft') advisoryRows.push(row);
    else missing.push(id);
  }
  if (selection.q) {
    const hits = (await searchAdvisoriesVisibleTo(db, principal, selection.q, 100, 0)).filter((hit) => hit.advisory.status !== 'draft' && !advisoryRows.some((row) => row.id === hit.advisory.id));
    // In rank order; loaded again through the policy (visibleTo), as every read is.
    const rows = new Map((await findAdvisoriesVisibleTo(db, principal, hits.map((hit) => hit.advisory.id))).map((row) => [row.id, row]));
    for (const hit of hits) {
      const row = rows.get(hit.advisory.id);
      if (row && row.status !== 'draft') advisoryRows.push(row);
    }
  }
  const objects = new Map<string, StixBody>();
  const levels = new Set<TlpLevel>();
  const add = (body: StixBody, tlp: TlpLevel) => {
    const version = typeof body.modified === 'string' ? body.modified : typeof body.created === 'string' ? body.created : '';
    objects.set(`${body.id}|${version}`, body);
    levels.add(tlp);
  };
  for (const row of advisoryRows) for (const object of advisoryToStixBundle(row).objects) if (object.type !== 'marking-definition' && object.type !== 'identity') add(object as StixBody, row.tlp);
  const other = selection.ids.filter((id) => !id.startsWith('report--'));
  const stored = await latestStixObjectsVisibleTo(db, principal, other);
  for (const row of stored) add(markedBody(row), row.tlp);
  for (const id of other) {
    if (stored.some((row) => row.stixId === id)) continue;
    const type = id.startsWith('indicator--') ? 'indicator' : id.startsWith('grouping--') ? 'grouping' : null;
    const shared = type ? await findSharedVisibleTo(db, principal, id, type) : undefined;
    if (shared) add(shared.body, shared.tlp);
    else missing.push(id);
  }
  if (missing.length > 0) throw new AppError('NOT_FOUND', 'Some selected objects do not exist or are not visible to you.', missing.map((id) => ({ path: 'ids', message: id })));
  if (objects.size === 0) throw new AppError('VALIDATION_FAILED', 'Select at least one object.', [{ path: 'ids', message: 'Give ids, advisories or q' }]);
  const strictest = mostRestrictive(...levels);
  const identity = certIdentity([tlpMarkingId('clear')]);
  levels.add('clear');
  const markings = [...levels].map((level) => ({ ...tlpMarkingDefinition(level) }));
  const all = [...objects.values(), identity, ...markings];
  if (isMoreRestrictive(strictest, 'green') && principal.kind === 'user') {
    await recordAuditNow(db, { userId: principal.userId, label: principal.email, ip }, { action: 'stix.bundle.exported', objectType: 'stix_bundle', objectId: null, tlp: strictest, details: { objects: objects.size, advisories: advisoryRows.map((row) => row.id) } });
  }
  const key = [...objects.keys()].sort().join(',');
  return { type: 'bundle' as const, id: `bundle--${uuidV5(`selection/${key}`)}`, objects: all };
}
