/**
 * The MISP feed under `/feeds/misp/` (docs/sharing/misp-feed.md). Anonymous callers get the CLEAR
 * events; a session, a bearer token or HTTP Basic (API token as password, as MISP's feed settings
 * send it) get what the policy lets that caller see. Responses carry ETags (MISP fetches the
 * manifest with If-None-Match).
 */
import type { Response } from 'express';
import type { Principal } from '../../auth/principal.js';
import type { Api } from '../../platform/http/api.js';
import type { Database } from '../../platform/db/client.js';
import { z, type Fits } from '../../platform/http/openapi-zod.js';
import { notFound } from '../../platform/errors.js';
import { sharingPrincipal } from '../sharing-auth.js';
import { mispEvent, mispEvents, mispHashes, mispManifest } from './misp.feed.js';
import { MispEventFileSchema, MispManifestSchema } from './misp.responses.js';

const TAGS = ['MISP feed'];
const EventParams = z.object({ file: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$/) });

function send(res: Response, principal: Principal, contentType: string, body: string): void {
  // The answer depends on who asks: caches must key on the credentials.
  res.vary('Authorization').vary('Cookie');
  res.set('Cache-Control', principal.kind === 'anonymous' ? 'public, max-age=300' : 'private, no-store');
  res.type(contentType).send(body);
}

export function registerMispFeedRoutes(api: Api, db: Database): void {
  api.define(
    { method: 'get', path: '/feeds/misp/manifest.json', summary: 'MISP feed manifest: the events the caller may see', tags: TAGS, access: { public: true }, responses: { 200: { description: 'Event uuid → event header', schema: MispManifestSchema } } },
    async ({ req, res }) => {
      const principal = await sharingPrincipal(db, req, res);
      send(res, principal, 'application/json', JSON.stringify(mispManifest(await mispEvents(db, principal))));
    },
  );

  api.define(
    { method: 'get', path: '/feeds/misp/hashes.csv', summary: 'MISP feed hashes: md5(value),event_uuid per attribute', tags: TAGS, access: { public: true }, responses: { 200: { description: 'CSV without header', schema: z.string(), contentType: 'text/csv' } } },
    async ({ req, res }) => {
      const principal = await sharingPrincipal(db, req, res);
      send(res, principal, 'text/csv; charset=utf-8', mispHashes(await mispEvents(db, principal)));
    },
  );

  api.define(
    { method: 'get', path: '/feeds/misp/:file', summary: 'One MISP event ({"Event": …}) the caller may see', tags: TAGS, access: { public: true }, params: EventParams, responses: { 200: { description: 'The event', schema: MispEventFileSchema } } },
    async ({ params, req, res }) => {
      const principal = await sharingPrincipal(db, req, res);
      const event = await mispEvent(db, principal, params.file.slice(0, -'.json'.length));
      if (!event) throw notFound('MISP event');
      send(res, principal, 'application/json', JSON.stringify(event));
    },
  );
}

// The declared response schemas describe what the feed emits (checked by the compiler).
const _manifest: Fits<ReturnType<typeof mispManifest>, typeof MispManifestSchema> = true;
const _event: Fits<NonNullable<Awaited<ReturnType<typeof mispEvent>>>, typeof MispEventFileSchema> = true;
