import type { Request } from 'express';
import type { Settings } from '../../config/settings.schema.js';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z, type Fits } from '../platform/http/openapi-zod.js';
import * as acks from './acknowledgements.service.js';
import { ACK_STATUSES } from './acknowledgements.table.js';
import { AcknowledgementSchema, AdvisoryCoverageSchema, CoverageOverviewSchema } from './acknowledgements.responses.js';
import * as coverage from './coverage.service.js';

const TAGS = ['Acknowledgements'];
const IdParams = z.object({ id: z.uuid() });
const AckBody = z.strictObject({ status: z.enum(ACK_STATUSES), comment: z.string().trim().max(2_000).optional(), organizationId: z.uuid().optional() });
const AckDto = AcknowledgementSchema;

function ip(req: Request): string | null {
  return req.ip ?? null;
}

/** Acknowledgements by organizations, and the CERT's coverage views with CSV export. */
export function registerAcknowledgementRoutes(api: Api, deps: { db: Database; settings: Settings }): void {
  const { db, settings } = deps;
  const covCtx = (principal: Principal) => ({ db, principal, settings });
  api.define(
    { method: 'put', path: '/api/v1/advisories/:id/acknowledgements', summary: "Answer for your organization: affected, not affected, in progress, mitigated", tags: TAGS, access: { capability: 'advisory:acknowledge' }, params: IdParams, body: AckBody, responses: { 200: { description: 'The current answer and its history', schema: z.object({ current: AckDto, history: z.array(AckDto) }) } } },
    ({ params, body, principal, req }) => acks.acknowledge({ db, principal, ip: ip(req) }, params.id, body),
  );
  api.define(
    { method: 'get', path: '/api/v1/advisories/:id/acknowledgements', summary: "Your organizations' answers to an advisory, newest first", tags: TAGS, access: { authenticated: true }, params: IdParams, responses: { 200: { description: 'Answers', schema: z.object({ items: z.array(AckDto) }) } } },
    ({ params, principal, req }) => acks.listOwnAcknowledgements({ db, principal, ip: ip(req) }, params.id),
  );
  api.define(
    { method: 'get', path: '/api/v1/advisories/:id/coverage', summary: 'CERT: affected organizations, answers, overdue, progress, by district', tags: TAGS, access: { authenticated: true }, params: IdParams, responses: { 200: { description: 'Coverage', schema: AdvisoryCoverageSchema } } },
    ({ params, principal }) => coverage.advisoryCoverage(covCtx(principal), params.id),
  );
  api.define(
    { method: 'get', path: '/api/v1/advisories/:id/coverage.csv', summary: 'CERT: coverage of one advisory as CSV', tags: TAGS, access: { authenticated: true }, params: IdParams, responses: { 200: { description: 'CSV', contentType: 'text/csv' } } },
    async ({ params, principal, res }) => {
      const csv = await coverage.advisoryCoverageCsv(covCtx(principal), params.id);
      res.type('text/csv; charset=utf-8').attachment(`abdeckung-${params.id}.csv`).send(csv);
    },
  );
  api.define(
    { method: 'get', path: '/api/v1/coverage', summary: 'CERT: coverage across advisories', tags: TAGS, access: { authenticated: true }, query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }), responses: { 200: { description: 'Per advisory totals', schema: CoverageOverviewSchema } } },
    ({ query, principal }) => coverage.coverageOverview(covCtx(principal), query.limit),
  );
  api.define(
    { method: 'get', path: '/api/v1/coverage.csv', summary: 'CERT: coverage across advisories as CSV', tags: TAGS, access: { authenticated: true }, responses: { 200: { description: 'CSV', contentType: 'text/csv' } } },
    async ({ principal, res }) => {
      const csv = await coverage.coverageOverviewCsv(covCtx(principal));
      res.type('text/csv; charset=utf-8').attachment('abdeckung.csv').send(csv);
    },
  );
}

// The declared response schemas describe what the coverage service returns (checked by the compiler).
const _coverage: Fits<Awaited<ReturnType<typeof coverage.advisoryCoverage>>, typeof AdvisoryCoverageSchema> = true;
const _overview: Fits<Awaited<ReturnType<typeof coverage.coverageOverview>>, typeof CoverageOverviewSchema> = true;
