/** Public RSS 2.0 and Atom feeds of TLP:CLEAR advisories (docs/sharing/rss.md). */
import type { Api } from '../../platform/http/api.js';
import type { Database } from '../../platform/db/client.js';
import { z } from '../../platform/http/openapi-zod.js';
import { advisoriesAtom, advisoriesRss } from './advisory-feeds.js';

const TAGS = ['Feeds'];
const LangQuery = z.object({ lang: z.enum(['de', 'en']).default('de') });

export function registerRssRoutes(api: Api, deps: { db: Database; baseUrl: string }): void {
  const { db, baseUrl } = deps;
  api.define(
    { method: 'get', path: '/feeds/advisories.rss', summary: 'RSS 2.0 of the published TLP:CLEAR advisories (German; ?lang=en for English)', tags: TAGS, access: { public: true }, query: LangQuery, responses: { 200: { description: 'RSS 2.0', schema: z.string(), contentType: 'application/rss+xml' } } },
    async ({ query, res }) => {
      res.set('Cache-Control', 'public, max-age=300').type('application/rss+xml; charset=utf-8').send(await advisoriesRss(db, baseUrl, query.lang));
    },
  );
  api.define(
    { method: 'get', path: '/feeds/advisories.atom', summary: 'Atom 1.0 of the published TLP:CLEAR advisories (German; ?lang=en for English)', tags: TAGS, access: { public: true }, query: LangQuery, responses: { 200: { description: 'Atom 1.0', schema: z.string(), contentType: 'application/atom+xml' } } },
    async ({ query, res }) => {
      res.set('Cache-Control', 'public, max-age=300').type('application/atom+xml; charset=utf-8').send(await advisoriesAtom(db, baseUrl, query.lang));
    },
  );
}
