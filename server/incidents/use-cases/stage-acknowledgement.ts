/**
 * The BSI's acknowledgement of receipt (Eingangsbestätigung) of a submitted stage: reference number
 * and date, recorded afterwards by the reporting organization or the CERT (who may forward reports
 * to the BSI on the reporter's behalf). The submission itself stays immutable; the acknowledgement
 * lives beside it and each change is audited with the previous values.
 */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../audit/record-audit.js';
import { hasCapability, type Principal } from '../../auth/principal.js';
import { AppError, notFound } from '../../platform/errors.js';
import { enqueueIncidentEvent } from '../incidents.events.js';
import { auditActorOf, isCertTriager, type IncidentUseCaseContext } from '../incidents.policy.js';
import { presentStage } from '../incidents.presenter.js';
import type { StageAcknowledgementBody } from '../incidents.schemas.js';
import { incidentStageAcknowledgements, incidentStageSubmissions, type IncidentRow } from '../incidents.table.js';
import { loadVisibleIncident } from './load.js';

function assertMayRecord(principal: Principal, row: IncidentRow): asserts principal is Extract<Principal, { kind: 'user' }> {
  if (principal.kind !== 'user') throw new AppError('FORBIDDEN', 'Acknowledgements are recorded by people.');
  const reporter = principal.organizationIds.includes(row.reportingOrganizationId) && hasCapability(principal, 'incident:report');
  if (!reporter && !isCertTriager(principal)) throw new AppError('FORBIDDEN', 'The reporting organization or the CERT records the BSI acknowledgement.');
}

/**
 * Records (or corrects) the BSI acknowledgement of one submitted stage.
 * @throws AppError NOT_FOUND (incident invisible, or no such submission) | FORBIDDEN | UNPROCESSABLE_CONTENT
 */
export async function recordStageAcknowledgement(ctx: IncidentUseCaseContext, id: string, submissionId: string, body: StageAcknowledgementBody): Promise<ReturnType<typeof presentStage>> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisibleIncident(tx, ctx.principal, id, true);
    assertMayRecord(ctx.principal, row);
    const [submission] = await tx.select().from(incidentStageSubmissions).where(and(eq(incidentStageSubmissions.id, submissionId), eq(incidentStageSubmissions.incidentId, id))).limit(1);
    if (!submission) throw notFound('Stage submission');
    const acknowledgedAt = new Date(body.acknowledgedAt);
    const now = ctx.clock.now();
    if (acknowledgedAt < submission.submittedAt || acknowledgedAt.getTime() > now.getTime() + 5 * 60_000) {
      throw new AppError('UNPROCESSABLE_CONTENT', 'The BSI can acknowledge a stage only after it was submitted, and not in the future.', [{ path: 'acknowledgedAt', message: 'before the submission or in the future' }]);
    }
    const [previous] = await tx.select().from(incidentStageAcknowledgements).where(eq(incidentStageAcknowledgements.submissionId, submissionId)).for('update');
    const values = { bsiReference: body.bsiReference, acknowledgedAt, note: body.note ?? null, recordedBy: ctx.principal.userId, recordedAt: now };
    const [ack] = await tx
      .insert(incidentStageAcknowledgements)
      .values({ submissionId, incidentId: id, ...values })
      .onConflictDoUpdate({ target: incidentStageAcknowledgements.submissionId, set: values })
      .returning();
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), {
      action: previous ? 'incident.bsi_acknowledgement_corrected' : 'incident.bsi_acknowledgement_recorded',
      objectType: 'incident',
      objectId: id,
      tlp: 'amber+strict',
      details: {
        submissionId,
        stage: submission.stage,
        bsiReference: body.bsiReference,
        acknowledgedAt: acknowledgedAt.toISOString(),
        ...(previous ? { previous: { bsiReference: previous.bsiReference, acknowledgedAt: previous.acknowledgedAt.toISOString() } } : {}),
      },
    }, now);
    await enqueueIncidentEvent(tx, 'incident.stage.acknowledged', row.id, { id, submissionId, stage: submission.stage, bsiReference: body.bsiReference });
    return presentStage(submission, ack);
  });
}
