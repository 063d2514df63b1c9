import type { Settings } from '../../config/settings.schema.js';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z, type Fits } from '../platform/http/openapi-zod.js';
import { AdvisoryBriefSchema, AffectedForCallerSchema, DashboardSchema } from './matching.responses.js';
import * as service from './affects-you.service.js';

const TAGS = ['Affects you'];
const IdParams = z.object({ id: z.uuid() });

/** Why an advisory affects the caller, their dashboard and the plain-language brief. */
export function registerMatchingRoutes(api: Api, deps: { db: Database; settings: Settings }): void {
  const ctx = (principal: Parameters<typeof service.dashboard>[0]['principal']) => ({ db: deps.db, principal, settings: deps.settings });
  api.define(
    { method: 'get', path: '/api/v1/advisories/:id/affected', summary: "Why the advisory affects the caller's organizations", tags: TAGS, access: { authenticated: true }, params: IdParams, responses: { 200: { description: 'Affected organizations of the caller with reasons', schema: AffectedForCallerSchema } } },
    ({ params, principal }) => service.affectedForCaller(ctx(principal), params.id),
  );
  api.define(
    { method: 'get', path: '/api/v1/advisories/:id/brief', summary: 'One-screen recipient view: what happened, who is affected, what to do, by when', tags: TAGS, access: { authenticated: true }, params: IdParams, query: z.object({ lang: z.enum(['de', 'en']).default('de') }), responses: { 200: { description: 'The brief', schema: AdvisoryBriefSchema } } },
    ({ params, query, principal }) => service.brief(ctx(principal), params.id, query.lang),
  );
  api.define(
    { method: 'get', path: '/api/v1/dashboard', summary: "Open advisories affecting the caller's organizations first, then the latest", tags: TAGS, access: { authenticated: true }, responses: { 200: { description: 'Dashboard', schema: DashboardSchema } } },
    ({ principal }) => service.dashboard(ctx(principal)),
  );
}

// The declared response schemas describe what the service returns (checked by the compiler).
const _affected: Fits<Awaited<ReturnType<typeof service.affectedForCaller>>, typeof AffectedForCallerSchema> = true;
const _brief: Fits<Awaited<ReturnType<typeof service.brief>>, typeof AdvisoryBriefSchema> = true;
const _dashboard: Fits<Awaited<ReturnType<typeof service.dashboard>>, typeof DashboardSchema> = true;
