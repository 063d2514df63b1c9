/**
 * Report stages after the first (Meldung, Zwischenmeldung, Fortschrittsmeldung, Abschlussmeldung),
 * corrections, the CERT's request for a Zwischenmeldung, and the export of one submission.
 * Submissions are immutable: a correction is a new row with `correctsId`, never an edit.
 */
import { and, eq } from 'drizzle-orm';
import { recordAudit, recordAuditNow } from '../../audit/record-audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { berlinLabel, toBerlinIso } from '../berlin-time.js';
import { enqueueIncidentEvent } from '../incidents.events.js';
import { assertCertTriager, assertReported, assertReporter, auditActorOf, type IncidentUseCaseContext } from '../incidents.policy.js';
import { incidentDeadlines, presentIncidentForEvent, presentStage, type IncidentDto } from '../incidents.presenter.js';
import { insertStageSubmission, listStageSubmissions, nextStageRevision, updateIncident } from '../incidents.repo.js';
import type { StageSubmissionBody } from '../incidents.schemas.js';
import { incidentStageAcknowledgements, incidentStageSubmissions } from '../incidents.table.js';
import { loadVisibleIncident, organizationOf, presentOne } from './load.js';
import { renderStagePdf } from '../stage-pdf.js';
import { assertIncidentTimes, changedTimes } from './assert-times.js';

/**
 * Submits a stage (or a correction of an earlier submission of the same stage). The report as it
 * then stands (the body's updated report, or the last one) is snapshotted with it; reported content
 * changes only this way.
 * @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE | UNPROCESSABLE_CONTENT (also: the report's times out of order or in the future)
 */
export async function submitStage(ctx: IncidentUseCaseContext, id: string, body: StageSubmissionBody): Promise<IncidentDto> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisibleIncident(tx, ctx.principal, id, true);
    assertReporter(ctx.principal, row);
    assertReported(row);
    const stages = await listStageSubmissions(tx, [id]);
    if (body.corrects) {
      const corrected = stages.find((stage) => stage.id === body.corrects);
      if (!corrected || corrected.stage !== body.stage) throw new AppError('UNPROCESSABLE_CONTENT', 'A correction names an earlier submission of the same stage.', [{ path: 'corrects', message: 'no such submission of this stage' }]);
    } else if (stages.some((stage) => stage.stage === body.stage) && body.stage !== 'intermediate' && body.stage !== 'progress') {
      throw new AppError('CONFLICT', `The ${body.stage} stage was already submitted; send a correction (corrects) instead.`);
    }
    if (body.stage === 'final' && !stages.some((stage) => stage.stage === 'notification')) {
      throw new AppError('INVALID_STATE', 'The final report follows the notification (Meldung).');
    }
    const report = body.report ?? row.report!;
    const now = ctx.clock.now();
    if (body.report) assertIncidentTimes({ startedAt: report.startedAt, detectedAt: report.detectedAt, awarenessAt: row.awarenessAt }, now, { startedAt: 'report.startedAt', detectedAt: 'report.detectedAt', awarenessAt: 'awarenessAt' }, changedTimes(body.report), 'UNPROCESSABLE_CONTENT');
    const { report: _report, ...content } = body;
    const stage = await insertStageSubmission(tx, {
      incidentId: id,
      stage: body.stage,
      revision: await nextStageRevision(tx, id, body.stage),
      correctsId: body.corrects ?? null,
      content,
      report,
      awarenessAt: row.awarenessAt!,
      submittedAt: now,
      submittedBy: ctx.principal.userId,
    });
    const intermediateDone = body.stage === 'intermediate' ? { intermediateRequestedDueAt: row.intermediateRequestedDueAt } : {};
    const updated = await updateIncident(tx, id, { report, updatedAt: now, ...intermediateDone });
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), {
      action: 'incident.stage_submitted',
      objectType: 'incident',
      objectId: id,
      tlp: 'amber+strict',
      details: { stage: body.stage, submissionId: stage.id, revision: stage.revision, corrects: body.corrects ?? null },
    });
    await enqueueIncidentEvent(tx, 'incident.stage.submitted', row.id, { ...presentIncidentForEvent(updated, [...stages, stage]), stage: body.stage, submissionId: stage.id });
    return presentOne(tx, ctx.principal, updated, now);
  });
}

/**
 * The CERT (acting for the BSI Meldestelle) asks for a Zwischenmeldung by `dueAt`.
 * @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE
 */
export async function requestIntermediateReport(ctx: IncidentUseCaseContext, id: string, dueAt: string, note: string | undefined): Promise<IncidentDto> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisibleIncident(tx, ctx.principal, id, true);
    assertCertTriager(ctx.principal);
    assertReported(row);
    const now = ctx.clock.now();
    const updated = await updateIncident(tx, id, { intermediateRequestedDueAt: new Date(dueAt), updatedAt: now });
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: 'incident.intermediate_requested', objectType: 'incident', objectId: id, tlp: 'amber+strict', details: { dueAt } });
    await enqueueIncidentEvent(tx, 'incident.intermediate.requested', row.id, { id, dueAt, ...(note ? { note } : {}) });
    return presentOne(tx, ctx.principal, updated, now);
  });
}

/** One submission as its JSON export: the stage, the report snapshot, and the deadline context. */
export type StageExport = ReturnType<typeof presentStage> & {
  incidentId: string;
  reportingOrganization: { id: string; name: string; sector: string | null };
  awareness: { utc: string; berlin: string };
  report: unknown;
  deadlines: { stage: string; dueUtc: string | null; dueBerlin: string | null; submittedUtc: string | null }[];
  tlp: 'TLP:AMBER+STRICT';
  exportedAt: string;
};

/**
 * Exports one submission (JSON for machines, PDF for records and onward reporting to the BSI).
 * Exports are audited.
 * @throws AppError NOT_FOUND
 */
export async function exportStage(ctx: IncidentUseCaseContext, id: string, submissionId: string, format: 'json' | 'pdf', language?: 'de' | 'en'): Promise<{ json: StageExport; pdf?: Buffer }> {
  const row = await loadVisibleIncident(ctx.db, ctx.principal, id);
  const [submission] = await ctx.db.select().from(incidentStageSubmissions).where(and(eq(incidentStageSubmissions.id, submissionId), eq(incidentStageSubmissions.incidentId, id))).limit(1);
  if (!submission) throw notFound('Stage submission');
  const [ack] = await ctx.db.select().from(incidentStageAcknowledgements).where(eq(incidentStageAcknowledgements.submissionId, submissionId)).limit(1);
  const organization = await organizationOf(ctx.db, row.reportingOrganizationId);
  const deadlines = incidentDeadlines(row, await listStageSubmissions(ctx.db, [id]));
  const json: StageExport = {
    ...presentStage(submission, ack),
    incidentId: id,
    reportingOrganization: { id: organization.id, name: organization.name, sector: organization.sector },
    awareness: { utc: submission.awarenessAt.toISOString(), berlin: toBerlinIso(submission.awarenessAt) },
    report: submission.report,
    deadlines: deadlines.map((deadline) => ({
      stage: deadline.stage,
      dueUtc: deadline.dueAt?.toISOString() ?? null,
      dueBerlin: deadline.dueAt ? berlinLabel(deadline.dueAt) : null,
      submittedUtc: deadline.submittedAt?.toISOString() ?? null,
    })),
    tlp: 'TLP:AMBER+STRICT',
    exportedAt: ctx.clock.now().toISOString(),
  };
  await recordAuditNow(ctx.db, auditActorOf(ctx.principal, ctx.ip), { action: 'incident.stage_exported', objectType: 'incident', objectId: id, tlp: 'amber+strict', details: { submissionId, format } });
  // The reader's language: asked for explicitly, else the caller's profile language.
  const reader = language ?? (ctx.principal.kind === 'user' ? ctx.principal.locale : 'de');
  return format === 'pdf' ? { json, pdf: await renderStagePdf(json, reader) } : { json };
}
