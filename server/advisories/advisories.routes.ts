import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import type { DeliveryCapabilities } from '../notifications/estimate.js';
import { freeValue, z } from '../platform/http/openapi-zod.js';
import { StixBundleSchema } from '../stix-objects/stix.responses.js';
import { pageSchema } from '../platform/http/pagination.js';
import { AdvisoryDtoSchema, AdvisoryRevisionDtoSchema, AdvisorySummaryDtoSchema, SearchHitDtoSchema } from './advisories.presenter.js';
import {
  AdvisoryContentSchema,
  AdvisoryIdParamsSchema,
  AdvisoryListQuerySchema,
  AdvisoryPatchSchema,
  AdvisoryVersionParamsSchema,
  ChangeNoteSchema,
  DiffQuerySchema,
  PublishBodySchema,
  SearchQuerySchema,
  WithdrawBodySchema,
  type AdvisoryPatch,
} from './advisories.schemas.js';
import * as service from './advisories.service.js';

const TAGS = ['Advisories'];
const VersionItemSchema = z.object({ version: z.number().int(), publishedAt: z.string(), publishedBy: z.string().nullable(), title: z.object({ de: z.string(), en: z.string().optional() }), tlp: z.string(), severity: z.string(), changeNote: ChangeNoteSchema.nullable() });
const DiffSchema = z.object({ from: z.number().int(), to: z.number().int(), changes: z.array(z.object({ path: z.string(), kind: z.string(), before: freeValue('The field before (any JSON value)').optional(), after: freeValue('The field after (any JSON value)').optional() })) }).openapi('AdvisoryDiff');
const Reason = z.object({ de: z.string(), en: z.string() });
const AudienceCheckSchema = z
  .object({
    affectedOutsideAudience: z.array(z.object({ organizationId: z.uuid(), name: z.string(), certainty: z.enum(['confirmed', 'possible']), reasons: z.array(Reason) })),
    addressedNotAffected: z.array(z.object({ organizationId: z.uuid(), name: z.string() })),
    reach: z.object({
      organizations: z.number().int().describe('Organizations whose members may see the advisory once published'),
      recipients: z.number().int().describe('People who may see it (RED: the named recipients and the author)'),
      channels: z.object({ inApp: z.number().int(), email: z.number().int(), encryptedEmail: z.number().int().describe('Part of email: sent OpenPGP-encrypted (TLP:AMBER content)'), webhooks: z.number().int(), mailEnabled: z.boolean().describe('False when the instance has no SMTP configured: no e-mail leaves, email and encryptedEmail are 0') }),
    }),
  })
  .openapi('AudienceCheck');
const BundleSchema = StixBundleSchema;

function context(db: Database, principal: Principal, req: Request): service.UseCaseContext {
  return { db, principal, ip: req.ip ?? null };
}

/** Only the fields the client sent (the parsed patch has them normalized; absent ones stay absent). */
function sentFields(parsed: Record<string, unknown>, raw: unknown): AdvisoryPatch {
  const keys = typeof raw === 'object' && raw !== null ? Object.keys(raw) : [];
  return Object.fromEntries(keys.filter((key) => key in parsed).map((key) => [key, parsed[key]]));
}

/** Advisories: drafts, publication and revisions, reading, search and STIX export. */
export function registerAdvisoryRoutes(api: Api, db: Database, delivery: DeliveryCapabilities): void {
  api.define(
    { method: 'post', path: '/api/v1/advisories', summary: 'Create a draft advisory', tags: TAGS, access: { capability: 'advisory:write' }, body: AdvisoryContentSchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', successStatus: 201, etag: 'response', responses: { 201: { description: 'The draft', schema: AdvisoryDtoSchema } } },
    ({ body, principal, req }) => service.createAdvisory(context(db, principal, req), body),
  );

  api.define(
    { method: 'patch', path: '/api/v1/advisories/:id', summary: 'Edit a draft, or prepare the next revision of a published advisory (localized fields merge per language; send If-Match)', tags: TAGS, access: { capability: 'advisory:write' }, params: AdvisoryIdParamsSchema, body: AdvisoryPatchSchema, bodyErrorCode: 'UNPROCESSABLE_CONTENT', etag: 'service', responses: { 200: { description: 'The advisory', schema: AdvisoryDtoSchema } } },
    ({ body, params, principal, req, ifMatch }) => service.updateAdvisoryContent(context(db, principal, req), params.id, sentFields(body, req.body), ifMatch),
  );

  api.define(
    { method: 'post', path: '/api/v1/advisories/:id/publish', summary: 'Publish a draft or the prepared revision (TLP:AMBER needs an audience); answers with who is affected outside the audience and who is addressed but not affected', tags: TAGS, access: { capability: 'advisory:publish' }, params: AdvisoryIdParamsSchema, body: PublishBodySchema.optional(), bodyErrorCode: 'UNPROCESSABLE_CONTENT', responses: { 200: { description: 'The published advisory with its audience check', schema: AdvisoryDtoSchema.extend({ audienceCheck: AudienceCheckSchema }) } } },
    ({ body, params, principal, req }) => service.publishAdvisory(context(db, principal, req), params.id, body?.changeNote, delivery),
  );

  api.define(
    { method: 'get', path: '/api/v1/advisories/:id/audience-check', summary: 'Before publishing: organizations running an affected product outside the audience, addressed organizations not affected', tags: TAGS, access: { capability: 'advisory:write' }, params: AdvisoryIdParamsSchema, responses: { 200: { description: 'The audience check of the draft or prepared revision', schema: AudienceCheckSchema.extend({ publishable: z.boolean(), problem: z.string().nullable() }) } } },
    ({ params, principal, req }) => service.previewAudience(context(db, principal, req), params.id, delivery),
  );

  api.define(
    { method: 'post', path: '/api/v1/advisories/:id/withdraw', summary: 'Withdraw a published advisory', tags: TAGS, access: { capability: 'advisory:publish' }, params: AdvisoryIdParamsSchema, body: WithdrawBodySchema.optional(), responses: { 200: { description: 'The withdrawn advisory', schema: AdvisoryDtoSchema } } },
    ({ body, params, principal, req }) => service.withdrawAdvisory(context(db, principal, req), params.id, body?.reason),
  );

  api.define(
    { method: 'get', path: '/api/v1/advisories', summary: 'Advisories visible to the caller, newest first or sorted by `sort` and `order` (stable cursor paging)', tags: TAGS, access: { public: true }, query: AdvisoryListQuerySchema, responses: { 200: { description: 'A page of advisories', schema: pageSchema(AdvisorySummaryDtoSchema) } } },
    ({ query, principal, req }) => service.listAdvisories(context(db, principal, req), query),
  );

  api.define(
    { method: 'get', path: '/api/v1/advisories/search', summary: 'Full-text search (German and English) over visible advisories (the kind `advisory` of `GET /api/v1/search`): hits of the last 90 days first, then older ones, each by relevance', tags: TAGS, access: { public: true }, query: SearchQuerySchema, responses: { 200: { description: 'Ranked hits with highlighted snippets (from title and summary when they match, else from the body)', schema: pageSchema(SearchHitDtoSchema) } } },
    ({ query, principal, req }) => service.searchAdvisories(context(db, principal, req), query),
  );

  api.define(
    { method: 'get', path: '/api/v1/advisories/:id', summary: 'One advisory', tags: TAGS, access: { public: true }, params: AdvisoryIdParamsSchema, etag: 'response', responses: { 200: { description: 'The advisory', schema: AdvisoryDtoSchema } } },
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
