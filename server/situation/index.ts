/** The situation slice's public surface for the server's wiring (jobs, notifications, attachments). */
import { inArray } from 'drizzle-orm';
import type { ReportAccessFields } from '../access/situation.js';
import type { Database, Executor } from '../platform/db/client.js';
import { systemPrincipal } from '../auth/principal.js';
import { renderReportPdf, reportTitle } from './report-pdf.js';
import { getReport } from './reports.js';
import { situationReports } from './reports.table.js';

export { runWeeklyReport, WEEKLY_REPORT_JOB, pastWeek } from './weekly-report.job.js';

/** What a notification about a report may name (its title and label) and access/ needs to decide, as the report is NOW. */
export type ReportNotice = ReportAccessFields & { id: string; title: { de: string; en: string } };

/** The current state of these reports (absent = deleted), for notifications rendered or listed later. */
export async function reportNotices(db: Executor, ids: readonly string[]): Promise<Map<string, ReportNotice>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select().from(situationReports).where(inArray(situationReports.id, unique));
  return new Map(
    rows.map((row) => [
      row.id,
      { id: row.id, tlp: row.tlp, status: row.status, audience: row.audience, authorOrganizationId: row.authorOrganizationId, createdByUserId: row.createdByUserId, title: reportTitle({ from: row.periodFrom.toISOString(), to: row.periodTo.toISOString() }) },
    ]),
  );
}

/** The PDF of a report as a mail attachment, in the recipient's language (the sender decided who may receive it). */
export async function reportAttachment(db: Database, id: string, language: 'de' | 'en'): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const report = await getReport(db, systemPrincipal('notifications'), id);
  return { filename: `lagebericht-${report.period.from.slice(0, 10)}-${language}.pdf`, contentType: 'application/pdf', content: await renderReportPdf(report, language) };
}
