/**
 * Incident rows → API DTOs. Deadlines and SLA timers are computed at presentation time from the
 * stored facts (awareness time, first submissions), given as UTC ISO instants plus their
 * Europe/Berlin rendering.
 */
import { hasCapability, type Principal } from '../auth/principal.js';
import { tlpLabel } from '../access/tlp.js';
import { berlinLabel, toBerlinIso } from './berlin-time.js';
import { computeDeadlines, nextDueAt, type Deadline, type ReportStage } from './deadlines.js';
import type { IncidentRow, StageAcknowledgementRow, StageSubmissionRow } from './incidents.table.js';
import { TRIAGE_TRANSITIONS, slaTimers } from './triage.js';

/** An instant in both presentations. */
export function presentInstant(date: Date | null): { utc: string; berlin: string; label: string } | null {
  return date ? { utc: date.toISOString(), berlin: toBerlinIso(date), label: berlinLabel(date) } : null;
}

/** First submission time per stage (corrections do not move deadlines). */
export function firstSubmissions(stages: readonly StageSubmissionRow[]): Partial<Record<ReportStage, Date>> {
  const first: Partial<Record<ReportStage, Date>> = {};
  for (const stage of stages) if (!first[stage.stage] || stage.submittedAt < first[stage.stage]!) first[stage.stage] = stage.submittedAt;
  return first;
}

/** The deadlines of an incident from its row and its stage submissions. */
export function incidentDeadlines(row: IncidentRow, stages: readonly StageSubmissionRow[]): Deadline[] {
  const handling = row.report?.handlingStatus ?? row.draft.handlingStatus;
  return computeDeadlines({
    awarenessAt: row.awarenessAt,
    firstSubmittedAt: firstSubmissions(stages),
    intermediateRequestedDueAt: row.intermediateRequestedDueAt,
    handlingEndedAt: row.handlingEndedAt,
    ongoing: handling === undefined || handling === 'ongoing',
  });
}

function presentDeadline(deadline: Deadline, now: Date) {
  return {
    stage: deadline.stage,
    basis: deadline.basis,
    state: deadline.state,
    due: presentInstant(deadline.dueAt),
    submitted: presentInstant(deadline.submittedAt),
    overdue: deadline.state === 'pending' && deadline.dueAt !== null && deadline.dueAt < now,
  };
}

/** The BSI's acknowledgement of receipt of a stage, or null while none is recorded. */
export function presentStageAcknowledgement(ack: StageAcknowledgementRow | undefined) {
  if (!ack) return null;
  return { bsiReference: ack.bsiReference, acknowledged: presentInstant(ack.acknowledgedAt)!, note: ack.note, recordedBy: ack.recordedBy, recorded: presentInstant(ack.recordedAt)! };
}

/** A stage submission's metadata (the content comes with the JSON export) and the BSI acknowledgement. */
export function presentStage(stage: StageSubmissionRow, ack?: StageAcknowledgementRow) {
  return {
    id: stage.id,
    stage: stage.stage,
    revision: stage.revision,
    correctsId: stage.correctsId,
    submitted: presentInstant(stage.submittedAt),
    submittedBy: stage.submittedBy,
    content: stage.content,
    bsiAcknowledgement: presentStageAcknowledgement(ack),
  };
}

/** What the presenter needs besides the row. */
export type IncidentContext = { stages: StageSubmissionRow[]; acknowledgements?: ReadonlyMap<string, StageAcknowledgementRow>; organizationName: string; assigneeName?: string | null; now: Date };

/** The incident as the API returns it. */
export function presentIncident(row: IncidentRow, context: IncidentContext, principal: Principal) {
  const deadlines = incidentDeadlines(row, context.stages);
  const isCert = principal.kind === 'system' || (principal.kind === 'user' && principal.isCert);
  const triage = hasCapability(principal, 'incident:triage') && isCert;
  return {
    id: row.id,
    status: row.status,
    title: row.report?.title ?? row.draft.title ?? null,
    reportingOrganization: { id: row.reportingOrganizationId, name: context.organizationName },
    reporterUserId: row.reporterUserId,
    tlp: tlpLabel('amber+strict'),
    draft: row.draft,
    report: row.report,
    awareness: presentInstant(row.awarenessAt),
    handlingEnded: presentInstant(row.handlingEndedAt),
    deadlines: deadlines.map((deadline) => presentDeadline(deadline, context.now)),
    nextDue: presentInstant(nextDueAt(deadlines)),
    stages: context.stages.map((stage) => presentStage(stage, context.acknowledgements?.get(stage.id))),
    triage: {
      state: row.triageState,
      severity: row.severity,
      assigneeUserId: row.assigneeUserId,
      assignee: row.assigneeUserId ? { id: row.assigneeUserId, name: context.assigneeName ?? null } : null,
      incidentType: row.incidentType,
      allowedTransitions: TRIAGE_TRANSITIONS[row.triageState],
      closedAt: row.closedAt?.toISOString() ?? null,
      sla: row.reportedAt ? presentSla(row, context.now) : null,
    },
    reported: presentInstant(row.reportedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    abilities: { triage, edit: row.status === 'draft', submitStages: row.status === 'reported', share: triage },
  };
}

function presentSla(row: IncidentRow, now: Date) {
  const timers = slaTimers({ reportedAt: row.reportedAt!, severity: row.severity, acknowledgedAt: row.acknowledgedAt, feedbackAt: row.firstCertResponseAt }, now);
  return {
    acknowledgeDue: presentInstant(timers.acknowledgeDueAt),
    acknowledged: presentInstant(timers.acknowledgedAt),
    acknowledgeBreached: timers.acknowledgeBreached,
    feedbackDue: presentInstant(timers.feedbackDueAt),
    feedback: presentInstant(timers.feedbackAt),
    feedbackBreached: timers.feedbackBreached,
    /**
     * The SLA line as it stands: the next open timer (acknowledge first, then the initial feedback),
     * or null when both are met or the incident is closed. The client shows exactly this.
     */
    next: row.triageState === 'closed' ? null : !timers.acknowledgedAt ? { kind: 'acknowledge' as const, due: presentInstant(timers.acknowledgeDueAt)!, breached: timers.acknowledgeBreached } : !timers.feedbackAt ? { kind: 'feedback' as const, due: presentInstant(timers.feedbackDueAt)!, breached: timers.feedbackBreached } : null,
  };
}

export type IncidentDto = ReturnType<typeof presentIncident>;

/** The small payload of outbox events (no report content: ids, state and due times only). */
export function presentIncidentForEvent(row: IncidentRow, stages: StageSubmissionRow[]) {
  const deadlines = incidentDeadlines(row, stages);
  return {
    id: row.id,
    status: row.status,
    reportingOrganizationId: row.reportingOrganizationId,
    triageState: row.triageState,
    severity: row.severity,
    nextDueAt: nextDueAt(deadlines)?.toISOString() ?? null,
  };
}
