import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import { TlpInputSchema } from '../access/tlp.js';
import type { Database } from '../platform/db/client.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { OBSERVABLE_TYPES } from '../indicators/index.js';
import {
  CreateIncidentBodySchema,
  IncidentIdParamsSchema,
  IncidentListQuerySchema,
  IntermediateRequestBodySchema,
  ShareBodySchema,
  StageExportQuerySchema,
  StageAcknowledgementBodySchema,
  StageParamsSchema,
  StageSubmissionBodySchema,
  TriageBodySchema,
  UpdateIncidentBodySchema,
} from './incidents.schemas.js';
import * as service from './incidents.service.js';
import { registerThreadRoutes } from './incidents.thread.routes.js';

const TAGS = ['Incidents'];
const Json = z.record(z.string(), z.unknown());
const ReportBodySchema = z.strictObject({ summary: z.string().trim().min(1).max(20_000).optional() });
const CreateBodySchema = CreateIncidentBodySchema.extend({ organizationId: z.uuid().optional() });
const IndicatorsBodySchema = z
  .strictObject({
    items: z.array(z.strictObject({ type: z.enum(OBSERVABLE_TYPES), value: z.string().min(1).max(2048), tlp: TlpInputSchema.optional(), description: z.string().trim().max(2_000).optional() })).max(1000).default([]),
    text: z.string().max(1_000_000).optional(),
    tlp: TlpInputSchema.default('amber+strict'),
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
  const ok = (description: string) => ({ 200: { description, schema: Json } });

  api.define({ method: 'post', path: '/api/v1/incidents', summary: 'Save a new incident draft', tags: TAGS, access: { capability: 'incident:report' }, body: CreateBodySchema, successStatus: 201, responses: { 201: { description: 'The draft', schema: Json } } }, ({ body, principal, req }) =>
    service.createIncident(ctx(principal, req), body),
  );
  api.define({ method: 'get', path: '/api/v1/incidents', summary: "The caller's incidents, or the CERT queue (queue=cert) sorted by urgency", tags: TAGS, access: { authenticated: true }, query: IncidentListQuerySchema, responses: ok('A page of incidents') }, ({ query, principal, req }) =>
    service.listIncidents(ctx(principal, req), query),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id', summary: 'One incident with deadlines (UTC and Europe/Berlin) and SLA timers', tags: TAGS, access: { authenticated: true }, params: IncidentIdParamsSchema, responses: ok('The incident') }, ({ params, principal, req }) =>
    service.getIncident(ctx(principal, req), params.id),
  );
  api.define({ method: 'patch', path: '/api/v1/incidents/:id', summary: 'Edit the draft, the awareness time (audited) or the end of handling', tags: TAGS, access: { capability: 'incident:report' }, params: IncidentIdParamsSchema, body: UpdateIncidentBodySchema, responses: ok('The incident') }, ({ params, body, principal, req }) =>
    service.updateIncidentDraft(ctx(principal, req), params.id, body),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/report', summary: 'Report the draft to the CERT (its frühe Erstmeldung)', tags: TAGS, access: { capability: 'incident:report' }, params: IncidentIdParamsSchema, body: ReportBodySchema.optional(), responses: ok('The reported incident') }, ({ params, body, principal, req }) =>
    service.reportIncident(ctx(principal, req), params.id, body?.summary),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/stages', summary: 'Submit a report stage or a correction (immutable)', tags: TAGS, access: { capability: 'incident:report' }, params: IncidentIdParamsSchema, body: StageSubmissionBodySchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', successStatus: 201, responses: { 201: { description: 'The incident', schema: Json } } }, ({ params, body, principal, req }) =>
    service.submitStage(ctx(principal, req), params.id, body),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/stages/:submissionId/export', summary: 'One submitted stage as JSON or PDF', tags: TAGS, access: { authenticated: true }, params: StageParamsSchema, query: StageExportQuerySchema, responses: { 200: { description: 'The export (application/json or application/pdf)', schema: Json } } }, async ({ params, query, principal, req, res }) => {
    const exported = await service.exportStage(ctx(principal, req), params.id, params.submissionId, query.format);
    const name = `lagebild-${exported.json.stage}-${params.submissionId}.${query.format}`;
    res.set('Content-Disposition', `attachment; filename="${name}"`).set('Cache-Control', 'private, no-store');
    if (!exported.pdf) return exported.json;
    res.status(200).type('application/pdf').end(exported.pdf);
    return undefined;
  });
  api.define({ method: 'put', path: '/api/v1/incidents/:id/stages/:submissionId/bsi-acknowledgement', summary: "Record or correct the BSI's acknowledgement of receipt (reference number, date) of a submitted stage; the stage stays unchanged", tags: TAGS, access: { authenticated: true }, params: StageParamsSchema, body: StageAcknowledgementBodySchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', responses: ok('The stage with its acknowledgement') }, ({ params, body, principal, req }) =>
    service.recordStageAcknowledgement(ctx(principal, req), params.id, params.submissionId, body),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/intermediate-request', summary: 'Ask the reporter for a Zwischenmeldung (CERT)', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, body: IntermediateRequestBodySchema, responses: ok('The incident') }, ({ params, body, principal, req }) =>
    service.requestIntermediateReport(ctx(principal, req), params.id, body.dueAt, body.note),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/triage', summary: 'Move the triage state, rate severity, assign (CERT)', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, body: TriageBodySchema, responses: ok('The incident') }, ({ params, body, principal, req }) =>
    service.triageIncident(ctx(principal, req), params.id, body),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/indicators', summary: "The incident's indicators", tags: TAGS, access: { authenticated: true }, params: IncidentIdParamsSchema, responses: ok('The indicators') }, ({ params, principal, req }) =>
    service.getIncidentIndicators(ctx(principal, req), params.id),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/indicators', summary: 'Attach indicators (typed items, or free text that is refanged and extracted)', tags: TAGS, access: { capability: 'incident:report' }, params: IncidentIdParamsSchema, body: IndicatorsBodySchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', successStatus: 201, responses: { 201: { description: 'The added indicators', schema: Json } } }, ({ params, body, principal, req }) =>
    service.addIncidentIndicators(ctx(principal, req), params.id, body),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/share', summary: 'Share a sanitized indicator package and/or advisory draft (CERT)', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, body: ShareBodySchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', successStatus: 201, responses: { 201: { description: 'What was shared', schema: Json } } }, ({ params, body, principal, req }) =>
    service.shareIncident(ctx(principal, req), params.id, body),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/shares', summary: 'What was shared from this incident (CERT only)', tags: TAGS, access: { capability: 'incident:triage' }, params: IncidentIdParamsSchema, responses: ok('The shares') }, ({ params, principal, req }) =>
    service.listIncidentShares(ctx(principal, req), params.id),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/stix', summary: 'The incident as a STIX 2.1 bundle', tags: TAGS, access: { authenticated: true }, params: IncidentIdParamsSchema, responses: ok('STIX 2.1 bundle') }, ({ params, principal, req }) =>
    service.exportIncidentStix(ctx(principal, req), params.id),
  );
  registerThreadRoutes(api, ctx);
}
