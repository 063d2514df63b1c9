import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { pageSchema } from '../platform/http/pagination.js';
import { AdvisoryDtoSchema, AdvisoryRevisionDtoSchema, AdvisorySummaryDtoSchema, SearchHitDtoSchema } from './advisories.presenter.js';
import {
  AdvisoryContentSchema,
  AdvisoryIdParamsSchema,
  AdvisoryListQuerySchema,
  AdvisoryPatchSchema,
  AdvisoryVersionParamsSchema,
  DiffQuerySchema,
  SearchQuerySchema,
  WithdrawBodySchema,
  type AdvisoryContent,
} from './advisories.schemas.js';
import * as service from './advisories.service.js';

const TAGS = ['Advisories'];
const VersionItemSchema = z.object({ version: z.number().int(), publishedAt: z.string(), publishedBy: z.string().nullable(), title: z.object({ de: z.string(), en: z.string().optional() }), tlp: z.string(), severity: z.string() });
const DiffSchema = z.object({ from: z.number().int(), to: z.number().int(), changes: z.array(z.object({ path: z.string(), kind: z.string(), before: z.unknown().optional(), after: z.unknown().optional() })) }).openapi('AdvisoryDiff');
const BundleSchema = z.object({ type: z.literal('bundle'), id: z.string(), objects: z.array(z.record(z.string(), z.unknown())) }).openapi('StixBundle');

function context(db: Database, principal: Principal, req: Request): service.UseCaseContext {
  return { db, principal, ip: req.ip ?? null };
}

/** Only the fields the client sent (the parsed patch has them normalized; absent ones stay absent). */
function sentFields(parsed: Record<string, unknown>, raw: unknown): Partial<AdvisoryContent> {
  const keys = typeof raw === 'object' && raw !== null ? Object.keys(raw) : [];
  return Object.fromEntries(keys.filter((key) => key in parsed).map((key) => [key, parsed[key]]));
}

/** Advisories: drafts, publication and revisions, reading, search and STIX export. */
export function registerAdvisoryRoutes(api: Api, db: Database): void {
  api.define(
    { method: 'post', path: '/api/v1/advisories', summary: 'Create a draft advisory', tags: TAGS, access: { capability: 'advisory:write' }, body: AdvisoryContentSchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', successStatus: 201, responses: { 201: { description: 'The draft', schema: AdvisoryDtoSchema } } },
    ({ body, principal, req }) => service.createAdvisory(context(db, principal, req), body),
  );

  api.define(
    { method: 'patch', path: '/api/v1/advisories/:id', summary: 'Edit a draft, or prepare the next revision of a published advisory', tags: TAGS, access: { capability: 'advisory:write' }, params: AdvisoryIdParamsSchema, body: AdvisoryPatchSchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', responses: { 200: { description: 'The advisory', schema: AdvisoryDtoSchema } } },
    ({ body, params, principal, req }) => service.updateAdvisoryContent(context(db, principal, req), params.id, sentFields(body, req.body)),
  );

  api.define(
    { method: 'post', path: '/api/v1/advisories/:id/publish', summary: 'Publish a draft or the prepared revision', tags: TAGS, access: { capability: 'advisory:publish' }, params: AdvisoryIdParamsSchema, responses: { 200: { description: 'The published advisory', schema: AdvisoryDtoSchema } } },
    ({ params, principal, req }) => service.publishAdvisory(context(db, principal, req), params.id),
  );

  api.define(
    { method: 'post', path: '/api/v1/advisories/:id/withdraw', summary: 'Withdraw a published advisory', tags: TAGS, access: { capability: 'advisory:publish' }, params: AdvisoryIdParamsSchema, body: WithdrawBodySchema.optional(), responses: { 200: { description: 'The withdrawn advisory', schema: AdvisoryDtoSchema } } },
    ({ body, params, principal, req }) => service.withdrawAdvisory(context(db, principal, req), params.id, body?.reason),
  );

  api.define(
    { method: 'get', path: '/api/v1/advisories', summary: 'Advisories visible to the caller, newest first', tags: TAGS, access: { public: true }, query: AdvisoryListQuerySchema, responses: { 200: { description: 'A page of advisories', schema: pageSchema(AdvisorySummaryDtoSchema) } } },
    ({ query, principal, req }) => service.listAdvisories(context(db, principal, req), query),
  );

  api.define(
    { method: 'get', path: '/api/v1/search', summary: 'Full-text search (German and English) over visible advisories: hits of the last 90 days first, then older ones, each by relevance', tags: TAGS, access: { public: true }, query: SearchQuerySchema, responses: { 200: { description: 'Ranked hits with highlighted snippets (from title and summary when they match, else from the body)', schema: pageSchema(SearchHitDtoSchema) } } },
    ({ query, principal, req }) => service.searchAdvisories(context(db, principal, req), query),
  );

  api.define(
    { method: 'get', path: '/api/v1/advisories/:id', summary: 'One advisory', tags: TAGS, access: { public: true }, params: AdvisoryIdParamsSchema, responses: { 200: { description: 'The advisory', schema: AdvisoryDtoSchema } } },
    ({ params, principal, req }) => service.getAdvisory(context(db, principal, req), params.id),
  );

  api.define(
    { method: 'get', path: '/api/v1/advisories/:id/versions', summary: 'Published revisions of an advisory', tags: TAGS, access: { authenticated: true }, params: AdvisoryIdParamsSchema, responses: { 200: { description: 'The revisions, oldest first', schema: pageSchema(VersionItemSchema) } } },
    ({ params, principal, req }) => service.listAdvisoryVersions(context(db, principal, req), params.id),
  );

  api.define(
    { method: 'get', path: '/api/v1/advisories/:id/versions/:version', summary: 'One published revision', tags: TAGS, access: { authenticated: true }, params: AdvisoryVersionParamsSchema, responses: { 200: { description: 'The revision', schema: AdvisoryRevisionDtoSchema } } },
    ({ params, principal, req }) => service.getAdvisoryVersion(context(db, principal, req), params.id, params.version),
  );

  api.define(
    { method: 'get', path: '/api/v1/advisories/:id/diff', summary: 'Changed fields between two revisions', tags: TAGS, access: { authenticated: true }, params: AdvisoryIdParamsSchema, query: DiffQuerySchema, responses: { 200: { description: 'The changes', schema: DiffSchema } } },
    ({ params, query, principal, req }) => service.diffAdvisoryVersions(context(db, principal, req), params.id, query.from, query.to),
  );

  api.define(
    { method: 'get', path: '/api/v1/advisories/:id/stix', summary: 'The advisory as a STIX 2.1 bundle', tags: TAGS, access: { public: true }, params: AdvisoryIdParamsSchema, responses: { 200: { description: 'STIX 2.1 bundle', schema: BundleSchema } } },
    ({ params, principal, req }) => service.exportAdvisoryStix(context(db, principal, req), params.id),
  );
}
