import type { Settings } from '../../config/settings.schema.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { buildSituation } from './picture.js';
import { LevelHistoryQuerySchema, SetLevelBodySchema, SituationSchema, ThreatLevelHistorySchema, ThreatLevelSchema } from './situation.schemas.js';
import { renderReportPdf } from './report-pdf.js';
import { createReport, getReport, listReports, publishReport, updateSections } from './reports.js';
import { CreateReportBodySchema, ReportIdParamsSchema, ReportListQuerySchema, ReportPdfQuerySchema, SituationReportListSchema, SituationReportSchema, UpdateReportBodySchema } from './reports.schemas.js';
import { levelHistory, setLevel } from './threat-level.js';

const TAGS = ['Situation'];
const PdfSchema = z.string().openapi({ format: 'binary' });

/** The situation picture and the CERT's threat level. */
export function registerSituationRoutes(api: Api, deps: { db: Database; settings: Settings; clock: Clock }): void {
  const { db, settings, clock } = deps;
  api.define(
    { method: 'get', path: '/api/v1/situation', summary: "Your situation picture: threat level, what affects you, and per role the CERT's, the district's or the reporter's view", tags: TAGS, access: { authenticated: true }, responses: { 200: { description: 'The situation picture', schema: SituationSchema } } },
    ({ principal }) => buildSituation({ db, principal, settings, now: clock.now() }),
  );
  api.define(
    { method: 'put', path: '/api/v1/situation/level', summary: 'Set the threat level (Lagestufe 1–4) with a reason (CERT); audited, announced live to every logged-in user', tags: TAGS, access: { capability: 'situation:level' }, body: SetLevelBodySchema, responses: { 200: { description: 'The new level', schema: ThreatLevelSchema } } },
    ({ principal, body, req }) => setLevel(db, principal, body, req.ip ?? null),
  );
  api.define(
    { method: 'get', path: '/api/v1/situation/levels', summary: 'History of the threat level, newest first', tags: TAGS, access: { authenticated: true }, query: LevelHistoryQuerySchema, responses: { 200: { description: 'The history', schema: ThreatLevelHistorySchema } } },
    async ({ query }) => ({ items: await levelHistory(db, query.limit), next: null }),
  );
  api.define(
    { method: 'post', path: '/api/v1/situation-reports', summary: 'Draft the Lagebericht of a period at a TLP label (CLEAR, GREEN, AMBER) from the data, anonymized to the label (CERT); audited', tags: TAGS, access: { capability: 'situation:report' }, body: CreateReportBodySchema, successStatus: 201, responses: { 201: { description: 'The drafted report', schema: SituationReportSchema } } },
    ({ principal, body, req }) => createReport(db, principal, body, req.ip ?? null, clock.now()),
  );
  api.define(
    { method: 'get', path: '/api/v1/situation-reports', summary: 'The situation reports you may read (drafts: the CERT), newest first', tags: TAGS, access: { authenticated: true }, query: ReportListQuerySchema, responses: { 200: { description: 'The reports', schema: SituationReportListSchema } } },
    async ({ principal, query }) => ({ items: await listReports(db, principal, query.limit), next: null }),
  );
  api.define(
    { method: 'get', path: '/api/v1/situation-reports/:id', summary: 'One situation report (404 when you may not read it)', tags: TAGS, access: { authenticated: true }, params: ReportIdParamsSchema, responses: { 200: { description: 'The report', schema: SituationReportSchema } } },
    ({ principal, params }) => getReport(db, principal, params.id),
  );
  api.define(
    { method: 'patch', path: '/api/v1/situation-reports/:id', summary: "Edit the CERT's sections (assessment, recommendations) of a draft; audited", tags: TAGS, access: { capability: 'situation:report' }, params: ReportIdParamsSchema, body: UpdateReportBodySchema, responses: { 200: { description: 'The report', schema: SituationReportSchema } } },
    ({ principal, params, body, req }) => updateSections(db, principal, params.id, body.sections, req.ip ?? null, clock.now()),
  );
  api.define(
    { method: 'post', path: '/api/v1/situation-reports/:id/publish', summary: 'Publish a draft to its TLP audience: live event, in-app notification, e-mail with the PDF for CLEAR and GREEN; audited', tags: TAGS, access: { capability: 'situation:report' }, params: ReportIdParamsSchema, responses: { 200: { description: 'The published report', schema: SituationReportSchema } } },
    ({ principal, params, req }) => publishReport(db, principal, params.id, req.ip ?? null, clock.now()),
  );
  api.define(
    { method: 'get', path: '/api/v1/situation-reports/:id/pdf', summary: 'The report as a PDF (German by default, English with lang=en; DejaVu Sans embedded)', tags: TAGS, access: { authenticated: true }, params: ReportIdParamsSchema, query: ReportPdfQuerySchema, responses: { 200: { description: 'The report as PDF', contentType: 'application/pdf', schema: PdfSchema } } },
    async ({ principal, params, query, res }) => {
      const report = await getReport(db, principal, params.id);
      const pdf = await renderReportPdf(report, query.lang);
      res.set('Content-Disposition', `attachment; filename="lagebericht-${report.period.from.slice(0, 10)}-${query.lang}.pdf"`).set('Cache-Control', 'private, no-store');
      res.status(200).type('application/pdf').end(pdf);
      return undefined;
    },
  );
}
