/** Reading incidents: one, the caller's list, and the CERT queue. */
import { z } from 'zod';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import type { IncidentUseCaseContext } from '../incidents.policy.js';
import type { IncidentDto } from '../incidents.presenter.js';
import { listIncidentsVisibleTo } from '../incidents.repo.js';
import type { IncidentListQuery } from '../incidents.schemas.js';
import { loadVisibleIncident, presentIncidents, presentOne } from './load.js';
import { listCertQueue } from './triage-incident.js';

/** One incident. @throws AppError NOT_FOUND (other organizations' incidents included) */
export async function getIncident(ctx: IncidentUseCaseContext, id: string): Promise<IncidentDto> {
  const row = await loadVisibleIncident(ctx.db, ctx.principal, id);
  return presentOne(ctx.db, ctx.principal, row, ctx.clock.now());
}

const ListCursorSchema = z.object({ createdAt: z.string(), id: z.uuid() });
const QueueCursorSchema = z.object({ offset: z.number().int().min(0) });

/**
 * `GET /api/v1/incidents`: the caller's visible incidents newest first, or with `queue=cert` the
 * CERT queue sorted by urgency.
 * @throws AppError FORBIDDEN (queue for non-CERT) | VALIDATION_FAILED (cursor)
 */
export async function listIncidents(ctx: IncidentUseCaseContext, query: IncidentListQuery): Promise<{ items: IncidentDto[]; next: string | null }> {
  if (query.queue === 'cert') {
    const cursor = decodeCursor(query.cursor, QueueCursorSchema);
    return listCertQueue(ctx, query.state, query.limit, cursor?.offset ?? 0);
  }
  const after = decodeCursor(query.cursor, ListCursorSchema);
  const rows = await listIncidentsVisibleTo(ctx.db, ctx.principal, query.limit, after, query.state);
  const page = toPage(rows, query.limit, (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }));
  return { items: await presentIncidents(ctx.db, ctx.principal, page.items, ctx.clock.now()), next: page.next };
}
