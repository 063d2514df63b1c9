/**
 * TAXII 2.1 client adapter. `source.url` is the discovery URL (`…/taxii2/`) or, with
 * `options.apiRoot`, any URL of the server.
 *
 * Spec: https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html (pagination with `limit`,
 * `more` and the opaque `next`; `added_after` with the `X-TAXII-Date-Added-First/Last` headers; Get
 * Objects).
 *
 * Flow: discovery → API root (must list `application/taxii+json;version=2.1`) → collections
 * (those in `options.collections`, else every readable one) → `GET …/objects/?added_after=…&limit=…`
 * paged with `next` while `more` is true. Every request carries `Accept:
 * application/taxii+json;version=2.1` and Basic (`username`/`password` credentials) or bearer
 * (`token`) authorization.
 *
 * Incremental rule: the cursor keeps, per collection, the `X-TAXII-Date-Added-Last` header of the
 * last page, sent as `added_after` next run. Without that header the run's start time is used
 * (everything added before it was paged through).
 */
import { z } from 'zod';
import { FeedError, type FeedAdapter, type FeedItemDraft, type FeedProblem, type FeedRequest, type FeedResponse, type FeedRunOutput } from '../feed.js';
import { throwIfAborted, storedCursor } from '../source-util.js';
import { TAXII_MEDIA_TYPE, parseTaxiiApiRoot, parseTaxiiCollections, parseTaxiiDiscovery, parseTaxiiEnvelope, supportsTaxii21 } from './taxii.parse.js';
import { authorizationHeaders } from '../credentials.js';
import { stixIndicatorItems } from '../stix-items.js';

export const TaxiiOptionsSchema = z.object({
  /** API root URL; defaults to the discovery's `default`, else its first `api_roots` entry. */
  apiRoot: z.url().optional(),
  /** Collection ids to read; default all with `can_read`. */
  collections: z.array(z.string().min(1).max(200)).max(100).optional(),
  /** `limit` per objects request. */
  limit: z.number().int().min(1).max(10_000).default(1000),
  /** Safety stop per collection and run. */
  maxPages: z.number().int().min(1).max(100_000).default(1000),
  /** First run: only objects added within this many days (absent = everything). */
  initialDays: z.number().int().min(1).max(36_500).optional(),
});

const TaxiiCursorSchema = z.object({ collections: z.record(z.string(), z.string()) });
export type TaxiiCursor = z.infer<typeof TaxiiCursorSchema>;

const ACCEPT = [TAXII_MEDIA_TYPE, 'application/stix+json;version=2.1'] as const;

function directory(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export const taxiiAdapter: FeedAdapter = {
  type: 'taxii',
  optionsSchema: TaxiiOptionsSchema,
  async run(context): Promise<FeedRunOutput> {
    const options = TaxiiOptionsSchema.parse(context.source.options);
    const cursor: TaxiiCursor = storedCursor(TaxiiCursorSchema, context.cursor) ?? { collections: {} };
    const request: FeedRequest = { accept: ACCEPT, headers: authorizationHeaders(context.source.credentials) };
    const get = async (url: string): Promise<FeedResponse> => {
      const response = await context.http.get(url, request);
      if (response.status !== 200) throw new FeedError(`TAXII server answered ${response.status} to ${url}`, 'http_error');
      return response;
    };
    const runStart = context.now().toISOString();

    let apiRootUrl = options.apiRoot;
    if (apiRootUrl === undefined) {
      const discovery = parseTaxiiDiscovery((await get(context.source.url)).body);
      const chosen = discovery.default ?? discovery.api_roots?.[0];
      if (chosen === undefined) throw new FeedError('TAXII discovery lists no API root', 'bad_document');
      apiRootUrl = new URL(chosen, context.source.url).toString();
    }
    apiRootUrl = directory(apiRootUrl);
    const root = parseTaxiiApiRoot((await get(apiRootUrl)).body);
    if (!supportsTaxii21(root)) throw new FeedError(`API root ${apiRootUrl} does not offer TAXII 2.1`, 'bad_document');
    const all = parseTaxiiCollections((await get(new URL('collections/', apiRootUrl).toString())).body);
    const wanted = options.collections;
    const collections = all.filter((c) => c.can_read && (wanted === undefined || wanted.includes(c.id)));
    for (const id of wanted ?? []) {
      if (!all.some((c) => c.id === id)) throw new FeedError(`Collection ${id} is not offered by ${apiRootUrl}`, 'bad_document');
    }

    const stixObjects: Record<string, unknown>[] = [];
    const items: FeedItemDraft[] = [];
    const problems: FeedProblem[] = [];
    const next: TaxiiCursor = { collections: { ...cursor.collections } };
    let pages = 0;
    for (const collection of collections) {
      const initial = options.initialDays !== undefined ? new Date(context.now().getTime() - options.initialDays * 86_400_000).toISOString() : undefined;
      const addedAfter = cursor.collections[collection.id] ?? initial;
      let after = addedAfter;
      let lastAdded: string | undefined;
      let nextToken: string | undefined;
      let collectionPages = 0;
      let collectionObjects = 0;
      const firstObject = stixObjects.length;
      for (;;) {
        throwIfAborted(context.signal);
        if (collectionPages >= options.maxPages) {
          context.log('warn', 'TAXII: maxPages reached; the rest follows next run', { collection: collection.id });
          break;
        }
        const url = new URL(`collections/${encodeURIComponent(collection.id)}/objects/`, apiRootUrl);
        if (after !== undefined) url.searchParams.set('added_after', after);
        url.searchParams.set('limit', String(options.limit));
        if (nextToken !== undefined) url.searchParams.set('next', nextToken);
        const response = await get(url.toString());
        collectionPages += 1;
        pages += 1;
        const envelope = parseTaxiiEnvelope(response.body);
        stixObjects.push(...envelope.objects);
        collectionObjects += envelope.objects.length + envelope.problems.length;
        problems.push(...envelope.problems.map((p) => ({ ref: `${collection.id}/${p.ref}`, message: p.message })));
        const added = response.headers?.['x-taxii-date-added-last'];
        if (added !== undefined && !Number.isNaN(Date.parse(added)) && (lastAdded === undefined || Date.parse(added) > Date.parse(lastAdded))) lastAdded = added;
        if (!envelope.more) break;
        if (envelope.next !== undefined) {
          nextToken = envelope.next;
          continue;
        }
        // `more` without `next`: page on by moving added_after to the last date added (§3.4.1).
        if (added === undefined || added === after) throw new FeedError('TAXII envelope says more but gives neither next nor a new X-TAXII-Date-Added-Last', 'bad_document');
        after = added;
      }
      // The collection's indicators as inbox items (and so checked against the warninglists at ingestion).
      items.push(...stixIndicatorItems(stixObjects.slice(firstObject), { defaultTlp: context.source.defaultTlp, origin: { kind: 'taxii-collection', id: collection.id, title: collection.title } }));
      if (lastAdded !== undefined) next.collections[collection.id] = lastAdded;
      else if (collectionObjects > 0) {
        context.log('warn', 'TAXII server sent no X-TAXII-Date-Added-Last; the cursor falls back to the run start', { collection: collection.id });
        next.collections[collection.id] = runStart;
      }
    }
    context.log('info', 'TAXII sync done', { apiRoot: apiRootUrl, collections: collections.length, pages, objects: stixObjects.length });
    return { items, stixObjects, enrichments: [], problems, cursor: next, unchanged: 0, records: { total: stixObjects.length + problems.length, noun: 'objects', storedAs: 'stixObjects' } };
  },
};
