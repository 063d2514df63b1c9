/** Reading incidents: one, the caller's list, the CERT queue, and whom an incident can be assigned to. */
import { createHash } from 'node:crypto';
import { assertCanListIncidentAssignees } from '../../access/incident-assignees.js';
import { requireUser } from '../../auth/principal.js';
import { AppError } from '../../platform/errors.js';
import { CursorKey, MAX_CURSOR_OFFSET, defineCursor } from '../../platform/http/cursor.js';
import { toPage } from '../../platform/http/pagination.js';
import { nextDueAt } from '../deadlines.js';
import { assertCertTriager, type IncidentUseCaseContext } from '../incidents.policy.js';
import { incidentDeadlines, type IncidentDto } from '../incidents.presenter.js';
import { listAssignableUsers, listIncidentsForComputedSort, listIncidentsSorted, listIncidentsVisibleTo, listStageSubmissions, type IncidentListFilter } from '../incidents.repo.js';
import type { IncidentListQuery, IncidentSort } from '../incidents.schemas.js';
import type { IncidentRow } from '../incidents.table.js';
import { loadVisibleIncident, presentIncidents, presentOne } from './load.js';
import { urgency } from './triage-incident.js';

/** One incident. @throws AppError NOT_FOUND (other organizations' incidents included) */
export async function getIncident(ctx: IncidentUseCaseContext, id: string): Promise<IncidentDto> {
  const row = await loadVisibleIncident(ctx.db, ctx.principal, id);
  return presentOne(ctx.db, ctx.principal, row, ctx.clock.now());
}

const ListCursor = defineCursor('incidents', { createdAt: CursorKey.timestamp, id: CursorKey.uuid });
/** Every other sort pages by offset; the cursor names its view (queue, sort, order), and another view refuses it. */
const SortedCursor = defineCursor('incidents.sorted', { offset: CursorKey.offset, view: CursorKey.text });
/** The deadline-computed sorts (urgency, next deadline) order at most this many incidents. */
const COMPUTED_SORT_BOUND = 2_000;

type Page = { items: IncidentDto[]; next: string | null };

/**
 * `GET /api/v1/incidents`: the incidents the caller may see (the CERT all, a constituent its own
 * organization's), or with `queue=cert` the CERT queue; filtered by state, severity, assignee and
 * title words; sorted by a column (`urgency` is the queue's default, `created` the list's).
 * @throws AppError FORBIDDEN (queue for non-CERT) | VALIDATION_FAILED (cursor of another view)
 */
export async function listIncidents(ctx: IncidentUseCaseContext, query: IncidentListQuery): Promise<Page> {
  const queue = query.queue === 'cert';
  if (queue) assertCertTriager(ctx.principal);
  const sort: IncidentSort = query.sort ?? (queue ? 'urgency' : 'created');
  const order = query.order ?? (sort === 'urgency' || sort === 'nextDue' ? 'asc' : 'desc');
  const filter: IncidentListFilter = {
    queue,
    state: query.state,
    severity: query.severity,
    assignee: query.assignee === 'none' ? null : query.assignee === 'me' ? requireUser(ctx.principal).userId : query.assignee,
    q: query.q,
  };
  const now = ctx.clock.now();
  if (!queue && sort === 'created' && order === 'desc' && !query.severity && !query.assignee && !query.q) {
    // The plain list keeps its keyset pages (stable while new reports arrive).
    const after = ListCursor.decode(query.cursor);
    const rows = await listIncidentsVisibleTo(ctx.db, ctx.principal, query.limit, after, query.state);
    const page = toPage(rows, query.limit, ListCursor, (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }));
    return { items: await presentIncidents(ctx.db, ctx.principal, page.items, now), next: page.next };
  }
  // A short digest of the view keeps the cursor small whatever the title words.
  const view = createHash('sha256')
    .update(JSON.stringify([queue, sort, order, query.state, query.severity, query.assignee, query.q]))
    .digest('base64url')
    .slice(0, 22);
  const cursor = SortedCursor.decode(query.cursor);
  if (cursor && cursor.view !== view) throw new AppError('VALIDATION_FAILED', 'The cursor belongs to another sort or filter.', [{ path: 'cursor', message: 'not a cursor of this sort and filter' }]);
  const offset = cursor?.offset ?? 0;
  let rows: IncidentRow[];
  let more: boolean;
  if (sort === 'urgency' || sort === 'nextDue') {
    const sorted = await sortComputed(ctx, filter, sort, order, now);
    rows = sorted.slice(offset, offset + query.limit);
    more = offset + query.limit < sorted.length;
  } else {
    const fetched = await listIncidentsSorted(ctx.db, ctx.principal, filter, sort, order, query.limit, offset);
    more = fetched.length > query.limit;
    rows = fetched.slice(0, query.limit);
  }
  const next = more && offset + query.limit <= MAX_CURSOR_OFFSET ? SortedCursor.encode({ offset: offset + query.limit, view }) : null;
  return { items: await presentIncidents(ctx.db, ctx.principal, rows, now), next };
}

/** Sorts the filtered incidents by a key computed from their deadlines (ties: newest first, then id). */
async function sortComputed(ctx: IncidentUseCaseContext, filter: IncidentListFilter, sort: 'urgency' | 'nextDue', order: 'asc' | 'desc', now: Date): Promise<IncidentRow[]> {
  const rows = await listIncidentsForComputedSort(ctx.db, ctx.principal, filter, COMPUTED_SORT_BOUND);
  const stages = await listStageSubmissions(ctx.db, rows.map((row) => row.id));
  const sign = order === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => {
    const due = nextDueAt(incidentDeadlines(row, stages.filter((stage) => stage.incidentId === row.id)));
    // No open deadline sorts last in either direction.
    const key = sort === 'urgency' ? urgency(row, due, now) : [due === null ? Number.POSITIVE_INFINITY : sign * due.getTime(), 0, 0];
    return { row, key: sort === 'urgency' ? key.map((part) => sign * part) : key };
  });
  keyed.sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]! || a.key[2]! - b.key[2]! || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
  return keyed.map((entry) => entry.row);
}

/** `GET /api/v1/incidents/assignees`: the CERT staff an incident can be assigned to (id and name only). @throws AppError FORBIDDEN */
export async function listIncidentAssignees(ctx: IncidentUseCaseContext): Promise<{ items: { id: string; name: string }[] }> {
  assertCanListIncidentAssignees(ctx.principal);
  return { items: await listAssignableUsers(ctx.db) };
}

/**
 * The editable version of an incident (what its ETag names): the draft, the awareness time and the
 * end of handling, with its state. No clocks: SLA timers are not a version.
 * @throws AppError NOT_FOUND
 */
export async function getIncidentVersion(ctx: IncidentUseCaseContext, id: string) {
  const row = await loadVisibleIncident(ctx.db, ctx.principal, id);
  return { id: row.id, status: row.status, draft: row.draft, awarenessAt: row.awarenessAt?.toISOString() ?? null, handlingEndedAt: row.handlingEndedAt?.toISOString() ?? null, updatedAt: row.updatedAt.toISOString() };
}
