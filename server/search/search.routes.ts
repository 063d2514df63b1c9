import type { Api } from '../platform/http/api.js';
import type { Database } from '../platform/db/client.js';
import { SearchAllQuerySchema, SearchAllResultSchema } from './search.schemas.js';
import { searchEverything } from './search.service.js';

/** The one search box of the header: advisories, incidents, feed items, indicators and organizations the caller may see. */
export function registerSearchRoutes(api: Api, db: Database): void {
  api.define(
    {
      method: 'get',
      path: '/api/v1/search',
      summary: 'Search everything the caller may see (advisories, incidents, feed items, indicators, organizations); hits carry their kind and come grouped by it',
      tags: ['Search'],
      access: { public: true },
      query: SearchAllQuerySchema,
      responses: { 200: { description: 'Hits grouped by kind', schema: SearchAllResultSchema } },
    },
    ({ query, principal }) => searchEverything(db, principal, query),
  );
}
