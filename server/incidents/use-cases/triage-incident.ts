/** CERT triage: state, severity and assignee of a reported incident, and the CERT queue. */
import { recordAudit } from '../../audit/record-audit.js';
import { AppError } from '../../platform/errors.js';
import { enqueueIncidentEvent } from '../incidents.events.js';
import { assertCertTriager, assertReported, auditActorOf, type IncidentUseCaseContext } from '../incidents.policy.js';
import { presentIncidentForEvent, type IncidentDto } from '../incidents.presenter.js';
import { isAssignableUser, listStageSubmissions, updateIncident } from '../incidents.repo.js';
import type { IncidentRow } from '../incidents.table.js';
import { assertTransition, severityRank, slaTimers, type IncidentSeverity, type TriageState } from '../triage.js';
import type { IncidentType } from '../incident-types.js';
import { incidentTriageChanges } from '../incidents.table.js';
import { requireUser } from '../../auth/principal.js';
import { ensureChecklist } from './workspace.js';
import { loadVisibleIncident, presentOne } from './load.js';
import type { Executor } from '../../platform/db/client.js';

/** The assignee must be one the directory lists (server/access `incidentAssigneeWhere`). */
async function assertCertMember(db: Executor, userId: string): Promise<void> {
  if (!(await isAssignableUser(db, userId))) throw new AppError('UNPROCESSABLE_CONTENT', 'Incidents are assigned to CERT staff.', [{ path: 'assigneeUserId', message: 'not a CERT member' }]);
}

type TriageChange = { severity?: IncidentSeverity | undefined; assigneeUserId?: string | null | undefined; incidentType?: IncidentType | undefined };

/**
 * Rates severity, assigns, classifies — never moves the state (that is `transitionIncident`).
 * Only fields that really change are written, recorded in the timeline and audited.
 * @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE | UNPROCESSABLE_CONTENT
 */
export async function triageIncident(ctx: IncidentUseCaseContext, id: string, change: TriageChange): Promise<IncidentDto> {
  const user = requireUser(ctx.principal);
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisibleIncident(tx, ctx.principal, id, true);
    assertCertTriager(ctx.principal);
    assertReported(row);
    if (change.assigneeUserId) await assertCertMember(tx, change.assigneeUserId);
    const now = ctx.clock.now();
    const changes: { field: 'severity' | 'assignee' | 'incident_type'; fromValue: string | null; toValue: string | null }[] = [];
    if (change.severity !== undefined && change.severity !== row.severity) changes.push({ field: 'severity', fromValue: row.severity, toValue: change.severity });
    if (change.assigneeUserId !== undefined && change.assigneeUserId !== row.assigneeUserId) changes.push({ field: 'assignee', fromValue: row.assigneeUserId, toValue: change.assigneeUserId });
    if (change.incidentType !== undefined && change.incidentType !== row.incidentType) changes.push({ field: 'incident_type', fromValue: row.incidentType, toValue: change.incidentType });
    if (changes.length === 0) return presentOne(tx, ctx.principal, row, now);
    const updated = await updateIncident(tx, id, {
      ...(change.severity !== undefined ? { severity: change.severity } : {}),
      ...(change.assigneeUserId !== undefined ? { assigneeUserId: change.assigneeUserId } : {}),
      ...(change.incidentType !== undefined ? { incidentType: change.incidentType } : {}),
      updatedAt: now,
    });
    await tx.insert(incidentTriageChanges).values(changes.map((item) => ({ ...item, incidentId: id, actorUserId: user.userId, createdAt: now })));
    if (change.incidentType !== undefined) await ensureChecklist(tx, id, change.incidentType, now);
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: 'incident.triaged', objectType: 'incident', objectId: id, tlp: 'amber+strict', details: { changes: changes.map((item) => ({ field: item.field, from: item.fromValue, to: item.toValue })) } });
    await enqueueIncidentEvent(tx, 'incident.triaged', row.id, presentIncidentForEvent(updated, await listStageSubmissions(tx, [id])));
    return presentOne(tx, ctx.principal, updated, now);
  });
}

/**
 * Moves the triage state along the state machine: an explicit action with its own note (closing
 * requires one; it is CERT-internal). Acknowledging stamps the SLA's acknowledgement time.
 * @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE
 */
export async function transitionIncident(ctx: IncidentUseCaseContext, id: string, to: TriageState, note: string | undefined): Promise<IncidentDto> {
  const user = requireUser(ctx.principal);
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisibleIncident(tx, ctx.principal, id, true);
    assertCertTriager(ctx.principal);
    assertReported(row);
    assertTransition(row.triageState, to);
    const now = ctx.clock.now();
    const updated = await updateIncident(tx, id, {
      triageState: to,
      ...(to === 'acknowledged' && !row.acknowledgedAt ? { acknowledgedAt: now } : {}),
      closedAt: to === 'closed' ? now : null,
      updatedAt: now,
    });
    await tx.insert(incidentTriageChanges).values({ incidentId: id, actorUserId: user.userId, field: 'state', fromValue: row.triageState, toValue: to, note: note ?? null, createdAt: now });
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: 'incident.transitioned', objectType: 'incident', objectId: id, tlp: 'amber+strict', details: { from: row.triageState, to, withNote: note !== undefined } });
    await enqueueIncidentEvent(tx, 'incident.triaged', row.id, presentIncidentForEvent(updated, await listStageSubmissions(tx, [id])));
    return presentOne(tx, ctx.principal, updated, now);
  });
}

/** Sort key of the queue: most urgent first (ascending keys). */
export function urgency(row: IncidentRow, nextDue: Date | null, now: Date): [number, number, number] {
  const sla = slaTimers({ reportedAt: row.reportedAt ?? row.createdAt, severity: row.severity, acknowledgedAt: row.acknowledgedAt, feedbackAt: row.firstCertResponseAt }, now);
  const open = [row.acknowledgedAt ? null : sla.acknowledgeDueAt, row.firstCertResponseAt ? null : sla.feedbackDueAt, nextDue].filter((date): date is Date => date !== null);
  const earliest = open.length > 0 ? Math.min(...open.map((date) => date.getTime())) : Number.MAX_SAFE_INTEGER;
  // Unrated new reports rank like "hoch" until triaged: an unread report may be the worst one.
  const rank = row.severity === null && row.triageState === 'new' ? severityRank('hoch') : severityRank(row.severity);
  return [-rank, earliest, row.createdAt.getTime()];
}
