import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import { TlpInputSchema } from '../access/tlp.js';
import type { Database } from '../platform/db/client.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { Api } from '../platform/http/api.js';
import { z, type Fits } from '../platform/http/openapi-zod.js';
import { OBSERVABLE_TYPES } from '../indicators/index.js';
import {
  CreateIncidentBodySchema,
  type IncidentReport,
  IncidentIdParamsSchema,
  IncidentListQuerySchema,
  IntermediateRequestBodySchema,
  ShareBodySchema,
  ShareCheckQuerySchema,
  NoteBodySchema,
  TaskBodySchema,
  TaskParamsSchema,
  TaskPatchBodySchema,
  TransitionBodySchema,
  StageExportQuerySchema,
  StageAcknowledgementBodySchema,
  StageParamsSchema,
  StageSubmissionBodySchema,
  TriageBodySchema,
  UpdateIncidentBodySchema,
} from './incidents.schemas.js';
import * as service from './incidents.service.js';
import { StixBundleSchema } from '../stix-objects/stix.responses.js';
import { IncidentAssigneeListSchema, IncidentDefaultsSchema, IncidentIndicatorListSchema, IncidentListSchema, IncidentSchema, StageExportSchema, StageSchema, IncidentNoteListSchema, IncidentNoteSchema, IncidentShareListSchema, IncidentTaskListSchema, IncidentTaskSchema, ShareCheckSchema, SharePlanSchema, ShareResultSchema, TimelineSchema } from './incidents.responses.js';
import { registerThreadRoutes } from './incidents.thread.routes.js';

const TAGS = ['Incidents'];
const ReportBodySchema = z.strictObject({ summary: z.string().trim().min(1).max(20_000).optional() });
const DefaultsQuerySchema = z.object({ organizationId: z.uuid().optional() });
const CreateBodySchema = CreateIncidentBodySchema.extend({ organizationId: z.uuid().optional() });
const IndicatorsBodySchema = z
  .strictObject({
    items: z.array(z.strictObject({ type: z.enum(OBSERVABLE_TYPES), value: z.string().min(1).max(2048), tlp: TlpInputSchema.optional(), description: z.string().trim().max(2_000).optional() })).max(1000).default([]),
    text: z.string().max(1_000_000).optional(),
    /** The label of every indicator without its own; without one they go out at the TLP of the package the CERT shares them in. */
    tlp: TlpInputSchema.optional(),
  })
  .refine((body) => body.items.length > 0 || body.text !== undefined, 'Send items or text');

/** Dependencies of the incident routes. */
export type IncidentRouteDeps = { db: Database; dataDir: string; clock?: Clock };

/** Builds the use-case context of a request. */
export function incidentContext(deps: IncidentRouteDeps, principal: Principal, req: Request): service.IncidentUseCaseContext {
  return { db: deps.db, principal, ip: req.ip ?? null, clock: deps.clock ?? systemClock, dataDir: deps.dataDir };
}

/** Incident reports: drafts, reporting stages and exports, triage, indicators, sharing, STIX; the thread in its own file. */
export function registerIncidentRoutes(api: Api, deps: IncidentRouteDeps): void {
  const ctx = (principal: Principal, req: Request) => incidentContext(deps, principal, req);
  const ok = (description: string, schema: z.ZodType = IncidentSchema) => ({ 200: { description, schema } });

  api.define({ method: 'get', path: '/api/v1/incidents/defaults', summary: "What the wizard starts from: the organization profile (sector, NIS2 entity type, KRITIS) and the caller as contact", tags: TAGS, access: { capability: 'incident:report' }, query: DefaultsQuerySchema, responses: { 200: { description: 'The defaults', schema: IncidentDefaultsSchema } } }, ({ query, principal, req }) =>
    service.incidentDefaults(ctx(principal, req), query.organizationId),
  );
  api.define({ method: 'post', path: '/api/v1/incidents', summary: 'Save a new incident draft', tags: TAGS, access: { capability: 'incident:report' }, body: CreateBodySchema, successStatus: 201, responses: { 201: { description: 'The draft', schema: IncidentSchema } } }, ({ body, principal, req }) =>
    service.createIncident(ctx(principal, req), body),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/assignees', summary: 'The CERT staff an incident can be assigned to, by name (id and name only; CERT analysts)', tags: TAGS, access: { capability: 'incident:triage' }, responses: { 200: { description: 'The assignable users', schema: IncidentAssigneeListSchema } } }, ({ principal, req }) =>
    service.listIncidentAssignees(ctx(principal, req)),
  );
  api.define({ method: 'get', path: '/api/v1/incidents', summary: "The incidents the caller may see, or the CERT queue (queue=cert, by urgency unless sorted otherwise); filtered and sorted", tags: TAGS, access: { authenticated: true }, query: IncidentListQuerySchema, responses: ok('A page of incidents', IncidentListSchema) }, ({ query, principal, req }) =>
    service.listIncidents(ctx(principal, req), query),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id', summary: 'One incident with deadlines (UTC and Europe/Berlin) and SLA timers', tags: TAGS, access: { authenticated: true }, params: IncidentIdParamsSchema, etag: { current: ({ params, principal, req }) => service.getIncidentVersion(ctx(principal, req), params.id) }, responses: ok('The incident') }, ({ params, principal, req }) =>
    service.getIncident(ctx(principal, req), params.id),
  );
  api.define({ method: 'patch', path: '/api/v1/incidents/:id', summary: 'Edit the draft, the awareness time (audited) or the end of handling', tags: TAGS, access: { capability: 'incident:report' }, params: IncidentIdParamsSchema, body: UpdateIncidentBodySchema, etag: { current: ({ params, principal, req }) => service.getIncidentVersion(ctx(principal, req), params.id) }, responses: ok('The incident') }, ({ params, body, principal, req }) =>
    service.updateIncidentDraft(ctx(principal, req), params.id, body),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/report', summary: 'Report the draft to the CERT (its frühe Erstmeldung)', tags: TAGS, access: { capability: 'incident:report' }, params: IncidentIdParamsSchema, body: ReportBodySchema.optional(), responses: ok('The reported incident') }, ({ params, body, principal, req }) =>
    service.reportIncident(ctx(principal, req), params.id, body?.summary),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/stages', summary: 'Submit a report stage or a correction (immutable)', tags: TAGS, access: { capability: 'incident:report' }, params: IncidentIdParamsSchema, body: StageSubmissionBodySchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', successStatus: 201, responses: { 201: { description: 'The incident', schema: IncidentSchema } } }, ({ params, body, principal, req }) =>
    service.submitStage(ctx(principal, req), params.id, body),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/stages/:submissionId/export', summary: 'One submitted stage as JSON or PDF (in `lang`, else the caller\'s language, with an embedded Unicode font)', tags: TAGS, access: { authenticated: true }, params: StageParamsSchema, query: StageExportQuerySchema, responses: { 200: { description: 'The export: JSON (format=json), or application/pdf (format=pdf)', schema: StageExportSchema } } }, async ({ params, query, principal, req, res }) => {
    const exported = await service.exportStage(ctx(principal, req), params.id, params.submissionId, query.format, query.lang);
    const name = `lagebild-${exported.json.stage}-${params.submissionId}.${query.format}`;
    res.set('Content-Disposition', `attachment; filename="${name}"`).set('Cache-Control', 'private, no-store');
    if (!exported.pdf) return exported.json;
    res.status(200).type('application/pdf').end(exported.pdf);
    return undefined;
  });
  api.define({ method: 'put', path: '/api/v1/incidents/:id/stages/:submissionId/bsi-acknowledgement', summary: "Record or correct the BSI's acknowledgement of receipt (reference number, date) of a submitted stage; the stage stays unchanged", tags: TAGS, access: { authenticated: true }, params: StageParamsSchema, body: StageAcknowledgementBodySchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', responses: ok('The stage with its acknowledgement', StageSchema) }, ({ params, body, principal, req }) =>
    service.recordStageAcknowledgement(ctx(principal, req), params.id, params.submissionId, body),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/intermediate-request', summary: 'Ask the reporter for a Zwischenmeldung (CERT)', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, body: IntermediateRequestBodySchema, responses: ok('The incident') }, ({ params, body, principal, req }) =>
    service.requestIntermediateReport(ctx(principal, req), params.id, body.dueAt, body.note),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/transition', summary: 'Move the triage state explicitly (CERT); closing needs a closing note', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, body: TransitionBodySchema, responses: ok('The incident') }, ({ params, body, principal, req }) =>
    service.transitionIncident(ctx(principal, req), params.id, body.to, body.note),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/triage', summary: 'Rate severity, assign, classify (CERT); never changes the state', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, body: TriageBodySchema, responses: ok('The incident') }, ({ params, body, principal, req }) =>
    service.triageIncident(ctx(principal, req), params.id, body),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/indicators', summary: "The incident's indicators", tags: TAGS, access: { authenticated: true }, params: IncidentIdParamsSchema, responses: ok('The indicators', IncidentIndicatorListSchema) }, ({ params, principal, req }) =>
    service.getIncidentIndicators(ctx(principal, req), params.id),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/indicators', summary: 'Attach indicators (typed items, or free text that is refanged and extracted)', tags: TAGS, access: { capability: 'incident:report' }, params: IncidentIdParamsSchema, body: IndicatorsBodySchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', successStatus: 201, responses: { 201: { description: 'The added indicators', schema: IncidentIndicatorListSchema } } }, ({ params, body, principal, req }) =>
    service.addIncidentIndicators(ctx(principal, req), params.id, body),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/share/check', summary: 'Every indicator of the incident with its warninglist flags at a TLP, and the default texts (CERT)', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, query: ShareCheckQuerySchema, responses: { 200: { description: 'Share candidates', schema: ShareCheckSchema } } }, ({ params, query, principal, req }) =>
    service.checkIncidentShare(ctx(principal, req), params.id, query.tlp),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/share/preview', summary: 'Exactly what a share would send (scrubbed texts, items, reach) and what stops it; nothing is written (CERT)', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, body: ShareBodySchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', responses: { 200: { description: 'The share plan', schema: SharePlanSchema } } }, ({ params, body, principal, req }) =>
    service.previewIncidentShare(ctx(principal, req), params.id, body),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/notes', summary: 'CERT-internal notes (404 for everyone else)', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, responses: { 200: { description: 'The notes', schema: IncidentNoteListSchema } } }, ({ params, principal, req }) =>
    service.listNotes(ctx(principal, req), params.id),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/notes', summary: 'Add a CERT-internal note', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, body: NoteBodySchema, successStatus: 201, responses: { 201: { description: 'The note', schema: IncidentNoteSchema } } }, ({ params, body, principal, req }) =>
    service.addNote(ctx(principal, req), params.id, body.body),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/tasks', summary: 'The response checklist (CERT; 404 for everyone else)', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, responses: { 200: { description: 'The checklist', schema: IncidentTaskListSchema } } }, ({ params, principal, req }) =>
    service.listTasks(ctx(principal, req), params.id),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/tasks', summary: 'Add a task to the checklist (CERT)', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, body: TaskBodySchema, successStatus: 201, responses: { 201: { description: 'The task', schema: IncidentTaskSchema } } }, ({ params, body, principal, req }) =>
    service.addTask(ctx(principal, req), params.id, body.title),
  );
  api.define({ method: 'patch', path: '/api/v1/incidents/:id/tasks/:taskId', summary: 'Tick a task off or reopen it (CERT)', tags: TAGS, access: { capability: 'incident:triage' }, params: TaskParamsSchema, body: TaskPatchBodySchema, responses: { 200: { description: 'The task', schema: IncidentTaskSchema } } }, ({ params, body, principal, req }) =>
    service.setTaskDone(ctx(principal, req), params.id, params.taskId, body.done),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/timeline', summary: 'The timeline, newest first (CERT-internal entries for the CERT only)', tags: TAGS, access: { authenticated: true }, params: IncidentIdParamsSchema, responses: { 200: { description: 'The timeline', schema: TimelineSchema } } }, ({ params, principal, req }) =>
    service.incidentTimeline(ctx(principal, req), params.id),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/share', summary: 'Share a sanitized indicator package and/or advisory draft (CERT)', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, body: ShareBodySchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', successStatus: 201, responses: { 201: { description: 'What was shared', schema: ShareResultSchema } } }, ({ params, body, principal, req }) =>
    service.shareIncident(ctx(principal, req), params.id, body),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/shares', summary: 'What was shared from this incident (CERT only)', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, responses: { 200: { description: 'The shares', schema: IncidentShareListSchema } } }, ({ params, principal, req }) =>
    service.listIncidentShares(ctx(principal, req), params.id),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/stix', summary: 'The incident as a STIX 2.1 bundle', tags: TAGS, access: { authenticated: true }, params: IncidentIdParamsSchema, responses: ok('STIX 2.1 bundle', StixBundleSchema) }, ({ params, principal, req }) =>
    service.exportIncidentStix(ctx(principal, req), params.id),
  );
  registerThreadRoutes(api, ctx);
}

// The declared response schemas describe what the use cases return (checked by the compiler).
const _incident: Fits<service.IncidentDto, typeof IncidentSchema> = true;
const _list: Fits<Awaited<ReturnType<typeof service.listIncidents>>, typeof IncidentListSchema> = true;
const _stage: Fits<Awaited<ReturnType<typeof service.recordStageAcknowledgement>>, typeof StageSchema> = true;
// `report` is the submission's IncidentReport snapshot (StageExport types it unknown for the PDF renderer).
const _export: Fits<Omit<Awaited<ReturnType<typeof service.exportStage>>['json'], 'report'> & { report: IncidentReport }, typeof StageExportSchema> = true;
const _indicators: Fits<Awaited<ReturnType<typeof service.addIncidentIndicators>>, typeof IncidentIndicatorListSchema> = true;
const _stix: Fits<Awaited<ReturnType<typeof service.exportIncidentStix>>, typeof StixBundleSchema> = true;
const _sharePlan: Fits<Awaited<ReturnType<typeof service.previewIncidentShare>>, typeof SharePlanSchema> = true;
const _shareResult: Fits<Awaited<ReturnType<typeof service.shareIncident>>, typeof ShareResultSchema> = true;
