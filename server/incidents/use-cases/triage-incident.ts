/** CERT triage: state, severity and assignee of a reported incident, and the CERT queue. */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../audit/record-audit.js';
import { AppError } from '../../platform/errors.js';
import { memberships } from '../../users/users.table.js';
import { organizations } from '../../organizations/organizations.table.js';
import { nextDueAt } from '../deadlines.js';
import { enqueueIncidentEvent } from '../incidents.events.js';
import { assertCertTriager, assertReported, auditActorOf, type IncidentUseCaseContext } from '../incidents.policy.js';
import { incidentDeadlines, presentIncidentForEvent, type IncidentDto } from '../incidents.presenter.js';
import { listQueueIncidents, listStageSubmissions, updateIncident } from '../incidents.repo.js';
import type { IncidentRow } from '../incidents.table.js';
import { assertTransition, severityRank, slaTimers, type IncidentSeverity, type TriageState } from '../triage.js';
import { loadVisibleIncident, presentIncidents, presentOne } from './load.js';
import type { Executor } from '../../platform/db/client.js';

async function assertCertMember(db: Executor, userId: string): Promise<void> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), eq(organizations.kind, 'cert')))
    .limit(1);
  if (!row) throw new AppError('UNPROCESSABLE_CONTENT', 'Incidents are assigned to CERT staff.', [{ path: 'assigneeUserId', message: 'not a CERT member' }]);
}

/**
 * Moves the triage state (state machine), rates severity, assigns. Audited; `incident.triaged` to reporter + CERT.
 * @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE | UNPROCESSABLE_CONTENT
 */
export async function triageIncident(
  ctx: IncidentUseCaseContext,
  id: string,
  change: { state?: TriageState | undefined; severity?: IncidentSeverity | undefined; assigneeUserId?: string | null | undefined },
): Promise<IncidentDto> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisibleIncident(tx, ctx.principal, id, true);
    assertCertTriager(ctx.principal);
    assertReported(row);
    if (change.state) assertTransition(row.triageState, change.state);
    if (change.assigneeUserId) await assertCertMember(tx, change.assigneeUserId);
    const now = ctx.clock.now();
    const updated = await updateIncident(tx, id, {
      ...(change.state ? { triageState: change.state } : {}),
      ...(change.state === 'acknowledged' && !row.acknowledgedAt ? { acknowledgedAt: now } : {}),
      ...(change.state === 'closed' ? { closedAt: now } : change.state ? { closedAt: null } : {}),
      ...(change.severity ? { severity: change.severity } : {}),
      ...(change.assigneeUserId !== undefined ? { assigneeUserId: change.assigneeUserId } : {}),
      updatedAt: now,
    });
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), {
      action: 'incident.triaged',
      objectType: 'incident',
      objectId: id,
      tlp: 'amber+strict',
      details: { from: row.triageState, ...change },
    });
    await enqueueIncidentEvent(tx, 'incident.triaged', row.reportingOrganizationId, presentIncidentForEvent(updated, await listStageSubmissions(tx, [id])));
    return presentOne(tx, ctx.principal, updated, now);
  });
}

/** Sort key of the queue: most urgent first. */
function urgency(row: IncidentRow, nextDue: Date | null, now: Date): [number, number, number] {
  const sla = slaTimers({ reportedAt: row.reportedAt ?? row.createdAt, severity: row.severity, acknowledgedAt: row.acknowledgedAt, feedbackAt: row.firstCertResponseAt }, now);
  const open = [row.acknowledgedAt ? null : sla.acknowledgeDueAt, row.firstCertResponseAt ? null : sla.feedbackDueAt, nextDue].filter((date): date is Date => date !== null);
  const earliest = open.length > 0 ? Math.min(...open.map((date) => date.getTime())) : Number.MAX_SAFE_INTEGER;
  // Unrated new reports rank like "hoch" until triaged: an unread report may be the worst one.
  const rank = row.severity === null && row.triageState === 'new' ? severityRank('hoch') : severityRank(row.severity);
  return [-rank, earliest, row.createdAt.getTime()];
}

/**
 * The CERT queue: reported, open incidents (or those in `state`), sorted by urgency — severity
 * first, then the earliest open due time among SLA timers and report-stage deadlines.
 * @throws AppError FORBIDDEN for non-CERT principals
 */
export async function listCertQueue(ctx: IncidentUseCaseContext, state: TriageState | undefined, limit: number, offset: number): Promise<{ items: IncidentDto[]; next: string | null }> {
  assertCertTriager(ctx.principal);
  const now = ctx.clock.now();
  const rows = await listQueueIncidents(ctx.db, ctx.principal, state);
  const stages = await listStageSubmissions(ctx.db, rows.map((row) => row.id));
  const keyed = rows.map((row) => ({ row, key: urgency(row, nextDueAt(incidentDeadlines(row, stages.filter((stage) => stage.incidentId === row.id))), now) }));
  keyed.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
  const page = keyed.slice(offset, offset + limit).map((entry) => entry.row);
  const items = await presentIncidents(ctx.db, ctx.principal, page, now);
  return { items, next: offset + limit < keyed.length ? Buffer.from(JSON.stringify({ offset: offset + limit })).toString('base64url') : null };
}
