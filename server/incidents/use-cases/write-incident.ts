/**
 * Creating and editing incident drafts, the audited awareness time, and reporting an incident to
 * the CERT (which is also its frühe Erstmeldung, the first stage: "Schnelligkeit vor Vollständigkeit").
 */
import { requireUser } from '../../auth/principal.js';
import { recordAudit } from '../../audit/record-audit.js';
import { AppError } from '../../platform/errors.js';
import { parseOrThrow } from '../../platform/http/validate.js';
import { enqueueIncidentEvent } from '../incidents.events.js';
import { assertDraft, assertReporter, auditActorOf, type IncidentUseCaseContext } from '../incidents.policy.js';
import { presentIncidentForEvent, type IncidentDto } from '../incidents.presenter.js';
import { insertIncident, insertStageSubmission, listStageSubmissions, updateIncident } from '../incidents.repo.js';
import { IncidentReportSchema, type IncidentDraft } from '../incidents.schemas.js';
import type { Transaction } from '../../platform/db/client.js';
import type { IncidentRow } from '../incidents.table.js';
import { ensureChecklist } from './workspace.js';
import { assertIncidentTimes, changedTimes } from './assert-times.js';
import { loadVisibleIncident, presentOne } from './load.js';

/** The organization a principal reports for: the requested one (if theirs) or their first. */
export function reportingOrganizationOf(ctx: IncidentUseCaseContext, requested: string | undefined): string {
  const user = requireUser(ctx.principal);
  const organizationId = requested ?? user.memberships.find((membership) => membership.organizationKind !== 'cert')?.organizationId ?? user.organizationIds[0];
  if (!organizationId || !user.organizationIds.includes(organizationId)) {
    throw new AppError('VALIDATION_FAILED', 'You report for an organization you belong to.', [{ path: 'organizationId', message: 'not one of your organizations' }]);
  }
  return organizationId;
}

/** Where the times sit in a create or update body. */
const BODY_PATHS = { startedAt: 'draft.startedAt', detectedAt: 'draft.detectedAt', awarenessAt: 'awarenessAt' } as const;

async function auditAwareness(tx: Transaction, ctx: IncidentUseCaseContext, row: IncidentRow, before: Date | null, after: Date): Promise<void> {
  await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), {
    action: 'incident.awareness_changed',
    objectType: 'incident',
    objectId: row.id,
    tlp: 'amber+strict',
    details: { from: before?.toISOString() ?? null, to: after.toISOString() },
  });
}

/**
 * Saves a new draft for the principal's organization.
 * @throws AppError VALIDATION_FAILED for an organization the principal does not belong to, or times out of order or in the future
 */
export async function createIncident(ctx: IncidentUseCaseContext, input: { draft: IncidentDraft; awarenessAt?: string | undefined; organizationId?: string | undefined }): Promise<IncidentDto> {
  const user = requireUser(ctx.principal);
  const organizationId = reportingOrganizationOf(ctx, input.organizationId);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const awarenessAt = input.awarenessAt ? new Date(input.awarenessAt) : null;
    assertIncidentTimes({ ...input.draft, awarenessAt }, now, BODY_PATHS, changedTimes(input.draft, { awarenessAt: input.awarenessAt }));
    const row = await insertIncident(tx, { reportingOrganizationId: organizationId, reporterUserId: user.userId, draft: input.draft, awarenessAt, createdAt: now, updatedAt: now });
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: 'incident.created', objectType: 'incident', objectId: row.id, tlp: 'amber+strict' });
    if (awarenessAt) await auditAwareness(tx, ctx, row, null, awarenessAt);
    return presentOne(tx, ctx.principal, row, now);
  });
}

/**
 * Edits a draft's fields, the awareness time (audited, also after reporting: a correction moves
 * the clocks and the audit log shows from what to what), or the end of handling.
 * @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE (draft fields of a reported incident) | VALIDATION_FAILED (times out of order or in the future)
 */
export async function updateIncidentDraft(
  ctx: IncidentUseCaseContext,
  id: string,
  patch: { draft?: IncidentDraft | undefined; awarenessAt?: string | undefined; handlingEndedAt?: string | null | undefined },
): Promise<IncidentDto> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisibleIncident(tx, ctx.principal, id, true);
    assertReporter(ctx.principal, row);
    if (patch.draft) assertDraft(row);
    const now = ctx.clock.now();
    const awarenessAt = patch.awarenessAt ? new Date(patch.awarenessAt) : undefined;
    const draft = patch.draft ? { ...row.draft, ...patch.draft } : row.draft;
    assertIncidentTimes({ startedAt: draft.startedAt, detectedAt: draft.detectedAt, awarenessAt: awarenessAt ?? row.awarenessAt }, now, BODY_PATHS, changedTimes(patch.draft, { awarenessAt: patch.awarenessAt }));
    const updated = await updateIncident(tx, id, {
      ...(patch.draft ? { draft } : {}),
      ...(awarenessAt ? { awarenessAt } : {}),
      ...(patch.handlingEndedAt !== undefined ? { handlingEndedAt: patch.handlingEndedAt ? new Date(patch.handlingEndedAt) : null } : {}),
      updatedAt: now,
    });
    if (awarenessAt && awarenessAt.getTime() !== row.awarenessAt?.getTime()) await auditAwareness(tx, ctx, row, row.awarenessAt, awarenessAt);
    if (row.status === 'reported') {
      await enqueueIncidentEvent(tx, 'incident.updated', row.id, presentIncidentForEvent(updated, await listStageSubmissions(tx, [id])));
    }
    return presentOne(tx, ctx.principal, updated, now);
  });
}

/**
 * Reports a draft to the CERT: the draft must be a complete report and the awareness time set.
 * The report is snapshotted as the early-warning stage; `incident.reported` goes to the CERT (and
 * the reporting organization) through the outbox.
 * @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE | UNPROCESSABLE_CONTENT (incomplete report)
 */
export async function reportIncident(ctx: IncidentUseCaseContext, id: string, summary: string | undefined): Promise<IncidentDto> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisibleIncident(tx, ctx.principal, id, true);
    assertReporter(ctx.principal, row);
    assertDraft(row);
    const report = parseOrThrow(IncidentReportSchema, row.draft, 'body', 'UNPROCESSABLE_CONTENT');
    if (!row.awarenessAt) throw new AppError('UNPROCESSABLE_CONTENT', 'Enter when your organization became aware of the incident.', [{ path: 'awarenessAt', message: 'required' }]);
    const now = ctx.clock.now();
    const updated = await updateIncident(tx, id, { status: 'reported', report, reportedAt: now, incidentType: report.incidentType ?? (report.ransomware === 'yes' ? 'ransomware' : null), updatedAt: now });
    await ensureChecklist(tx, id, updated.incidentType, now);
    const stage = await insertStageSubmission(tx, {
      incidentId: id,
      stage: 'early_warning',
      revision: 1,
      content: { stage: 'early_warning', summary: summary ?? report.description },
      report,
      awarenessAt: row.awarenessAt,
      submittedAt: now,
      submittedBy: ctx.principal.userId,
    });
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: 'incident.reported', objectType: 'incident', objectId: id, tlp: 'amber+strict', details: { stageSubmissionId: stage.id } });
    await enqueueIncidentEvent(tx, 'incident.reported', row.id, presentIncidentForEvent(updated, [stage]));
    return presentOne(tx, ctx.principal, updated, now);
  });
}
