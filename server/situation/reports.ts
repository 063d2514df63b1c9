/**
 * The weekly Lagebericht's use cases: draft from the data of a period, edit the CERT's sections,
 * publish (fixing the audience through server/access/ and announcing it live and by the notification
 * consumer), list and read through the policy. Every change is audited in its transaction.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { emitEvent } from '../access/event-declaration.js';
import { canReadReport, reportAudience, type ReportTlp } from '../access/situation.js';
import { recordAudit } from '../audit/record-audit.js';
import { requireUser, type Principal } from '../auth/principal.js';
import { organizations } from '../organizations/organizations.table.js';
import type { Database, Executor } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { draftContent, type Period } from './report-content.js';
import { reportTitle } from './report-pdf.js';
import type { ReportEventPayload } from '../realtime/events.js';
import { REPORT_DRAFTED, REPORT_PUBLISHED } from './situation.events.js';
import type { CreateReportBody, ReportSections, SituationReportDto } from './reports.schemas.js';
import { situationReports, type SituationReportRow } from './reports.table.js';

/** Live events of the report's lifecycle (payload: id, title, label, status — never the content). */
export const REPORT_DRAFTED_EVENT = REPORT_DRAFTED.type;
export const REPORT_PUBLISHED_EVENT = REPORT_PUBLISHED.type;

type Actor = { userId: string | null; name: string; label: string; ip: string | null };

function actorOf(principal: Principal, ip: string | null): Actor {
  const user = requireUser(principal);
  return { userId: user.userId, name: user.name, label: user.email, ip };
}

export function presentReport(row: SituationReportRow): SituationReportDto {
  const period = { from: row.periodFrom.toISOString(), to: row.periodTo.toISOString() };
  return {
    id: row.id,
    title: reportTitle(period),
    period,
    tlp: row.tlp,
    status: row.status,
    content: row.content,
    sections: row.sections,
    createdBy: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    publishedBy: row.publishedByName,
  };
}

function eventPayload(row: SituationReportRow): ReportEventPayload {
  const dto = presentReport(row);
  return { id: dto.id, title: dto.title, tlp: dto.tlp, status: dto.status, period: dto.period };
}

async function certOrganizationId(db: Executor): Promise<string | null> {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.kind, 'cert')).limit(1);
  return row?.id ?? null;
}

const EMPTY_SECTIONS: ReportSections = { assessment: { de: '' }, recommendations: { de: '' } };

/** Drafts a report of `period` at `tlp` inside the caller's transaction (the route and the Monday job). */
export async function writeDraft(tx: Executor, principal: Principal, period: Period, tlp: ReportTlp, actor: Actor, now: Date): Promise<SituationReportRow> {
  const content = await draftContent(tx, principal, period, tlp);
  const [row] = await tx
    .insert(situationReports)
    .values({ periodFrom: period.from, periodTo: period.to, tlp, content, sections: EMPTY_SECTIONS, authorOrganizationId: await certOrganizationId(tx), createdByUserId: actor.userId, createdByName: actor.name, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('situation report insert returned no row');
  await recordAudit(tx, { userId: actor.userId, label: actor.label, ip: actor.ip }, { action: 'situation_report.drafted', objectType: 'situation_report', objectId: row.id, details: { tlp, from: period.from.toISOString(), to: period.to.toISOString() } }, now);
  await emitEvent(tx, REPORT_DRAFTED, row.id, eventPayload(row));
  return row;
}

/** `POST /api/v1/situation-reports` (the route demands `situation:report`). */
export async function createReport(db: Database, principal: Principal, body: CreateReportBody, ip: string | null, now = new Date()): Promise<SituationReportDto> {
  const actor = actorOf(principal, ip);
  const period = { from: new Date(body.from), to: new Date(body.to) };
  return presentReport(await db.transaction((tx) => writeDraft(tx, principal, period, body.tlp, actor, now)));
}

async function findReadable(db: Executor, principal: Principal, id: string, forUpdate = false): Promise<SituationReportRow> {
  const query = db.select().from(situationReports).where(eq(situationReports.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row || !canReadReport(principal, row)) throw notFound('Situation report');
  return row;
}

/** One report, when the principal may read it (404 otherwise). */
export async function getReport(db: Executor, principal: Principal, id: string): Promise<SituationReportDto> {
  return presentReport(await findReadable(db, principal, id));
}

/** The reports the principal may read, newest first. */
export async function listReports(db: Executor, principal: Principal, limit: number): Promise<Omit<SituationReportDto, 'content' | 'sections'>[]> {
  // Reports are few (one a week); the policy is applied per row, the same function as for one report.
  const rows = await db.select().from(situationReports).orderBy(desc(situationReports.createdAt)).limit(500);
  return rows
    .filter((row) => canReadReport(principal, row))
    .slice(0, limit)
    .map((row) => {
      const { content: _content, sections: _sections, ...rest } = presentReport(row);
      return rest;
    });
}

/** `PATCH /:id`: the CERT's sections of a draft. */
export async function updateSections(db: Database, principal: Principal, id: string, sections: ReportSections, ip: string | null, now = new Date()): Promise<SituationReportDto> {
  const actor = actorOf(principal, ip);
  return db.transaction(async (tx) => {
    const row = await findReadable(tx, principal, id, true);
    if (row.status !== 'draft') throw new AppError('INVALID_STATE', 'A published situation report cannot be changed; draft a new one.');
    const [updated] = await tx.update(situationReports).set({ sections, updatedAt: now }).where(and(eq(situationReports.id, id), eq(situationReports.status, 'draft'))).returning();
    await recordAudit(tx, { userId: actor.userId, label: actor.label, ip: actor.ip }, { action: 'situation_report.edited', objectType: 'situation_report', objectId: id }, now);
    return presentReport(updated!);
  });
}

/** `POST /:id/publish`: fixes the audience, announces it live; the consumer notifies and mails (CLEAR/GREEN with the PDF). */
export async function publishReport(db: Database, principal: Principal, id: string, ip: string | null, now = new Date()): Promise<SituationReportDto> {
  const actor = actorOf(principal, ip);
  return db.transaction(async (tx) => {
    const row = await findReadable(tx, principal, id, true);
    if (row.status !== 'draft') throw new AppError('INVALID_STATE', 'The situation report is already published.');
    if (!row.sections.assessment.de.trim()) throw new AppError('UNPROCESSABLE_CONTENT', 'Bitte schreiben Sie die Bewertung des CERT, bevor Sie den Lagebericht veröffentlichen.', [{ path: 'sections.assessment.de', message: 'Bitte schreiben Sie die Bewertung des CERT.' }]);
    const roots = await tx.select({ id: organizations.id }).from(organizations).where(and(isNull(organizations.parentId), eq(organizations.active, true)));
    const audience = reportAudience(row.tlp, roots.map((org) => org.id));
    const [published] = await tx.update(situationReports).set({ status: 'published', audience, publishedAt: now, publishedByName: actor.name, updatedAt: now }).where(eq(situationReports.id, id)).returning();
    await recordAudit(tx, { userId: actor.userId, label: actor.label, ip: actor.ip }, { action: 'situation_report.published', objectType: 'situation_report', objectId: id, details: { tlp: row.tlp } }, now);
    await emitEvent(tx, REPORT_PUBLISHED, id, eventPayload(published!));
    return presentReport(published!);
  });
}
