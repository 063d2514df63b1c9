/**
 * A small TAXII 2.1 server for adapter tests: discovery at `/taxii2/`, one API root `/api1/`,
 * collections with objects served in envelopes with `added_after`, `limit` and an opaque `next`,
 * `X-TAXII-Date-Added-First/Last` headers and the TAXII media type. Optional Basic or bearer auth.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startFixtureServer, type FixtureServer } from './feed-sources.js';

export const TAXII_CONTENT_TYPE = 'application/taxii+json;version=2.1';

export type StoredObject = { date_added: string; object: Record<string, unknown> };
export type TaxiiCollectionData = { id: string; title: string; can_read?: boolean; objects: StoredObject[] };

export type TaxiiFixtureServer = FixtureServer & {
  collections: TaxiiCollectionData[];
  /** Accepted Authorization header values; empty = no auth required. */
  authorizations: string[];
  /** Send X-TAXII-Date-Added-Last (on by default). */
  dateHeaders: boolean;
  /** Answer this many object requests with 503 first. */
  failures: number;
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': TAXII_CONTENT_TYPE, ...headers }).end(JSON.stringify(body));
}

export async function startTaxiiServer(collections: TaxiiCollectionData[]): Promise<TaxiiFixtureServer> {
  // The handler reads the live settings from the returned object, so tests can change them.
  const state = { collections, authorizations: [] as string[], dateHeaders: true, failures: 0 };
  const handler = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (state.authorizations.length > 0 && !state.authorizations.includes(req.headers.authorization ?? '')) {
      return send(res, 401, { title: 'Unauthorized', http_status: '401' });
    }
    if (!String(req.headers.accept ?? '').includes('application/taxii+json')) return send(res, 406, { title: 'Not Acceptable', http_status: '406' });
    const path = url.pathname;
    if (path === '/taxii2/') return send(res, 200, { title: 'Test TAXII', default: '/api1/', api_roots: ['/api1/'] });
    if (path === '/api1/') return send(res, 200, { title: 'API 1', versions: [TAXII_CONTENT_TYPE], max_content_length: 10_000_000 });
    if (path === '/api1/collections/') {
      return send(res, 200, { collections: state.collections.map((c) => ({ id: c.id, title: c.title, can_read: c.can_read ?? true, can_write: false, media_types: ['application/stix+json;version=2.1'] })) });
    }
    const match = /^\/api1\/collections\/([^/]+)\/objects\/$/.exec(path);
    const collection = match ? state.collections.find((c) => c.id === decodeURIComponent(match[1]!)) : undefined;
    if (!collection) return send(res, 404, { title: 'Not found', http_status: '404' });
    if (state.failures > 0) {
      state.failures -= 1;
      return send(res, 503, { title: 'Busy', http_status: '503' });
    }
    const addedAfter = url.searchParams.get('added_after');
    const limit = Number(url.searchParams.get('limit') ?? '100');
    const offset = Number(url.searchParams.get('next') ?? '0');
    const sorted = [...collection.objects].sort((a, b) => Date.parse(a.date_added) - Date.parse(b.date_added));
    const matching = addedAfter ? sorted.filter((o) => Date.parse(o.date_added) > Date.parse(addedAfter)) : sorted;
    const page = matching.slice(offset, offset + limit);
    const more = offset + limit < matching.length;
    const headers: Record<string, string> =
      state.dateHeaders && page.length > 0 ? { 'x-taxii-date-added-first': page[0]!.date_added, 'x-taxii-date-added-last': page.at(-1)!.date_added } : {};
    return send(res, 200, { more, ...(more ? { next: String(offset + limit) } : {}), ...(page.length > 0 ? { objects: page.map((o) => o.object) } : {}) }, headers);
  };
  const server = await startFixtureServer((req, res, url) => handler(req, res, url));
  return Object.defineProperties(server, {
    collections: { get: () => state.collections, set: (value: TaxiiCollectionData[]) => void (state.collections = value), enumerable: true },
    authorizations: { get: () => state.authorizations, set: (value: string[]) => void (state.authorizations = value), enumerable: true },
    dateHeaders: { get: () => state.dateHeaders, set: (value: boolean) => void (state.dateHeaders = value), enumerable: true },
    failures: { get: () => state.failures, set: (value: number) => void (state.failures = value), enumerable: true },
  }) as TaxiiFixtureServer;
}
