/**
 * MISP feed adapter. `source.url` is the feed directory.
 *
 * Format: https://www.misp-project.org/datamodels/ and the feed generator in PyMISP
 * (https://github.com/MISP/PyMISP, examples/feed-generator), which writes manifest.json (event uuid →
 * Orgc, Tag, info, date, analysis, threat_level_id, timestamp), hashes.csv and one file per event.
 *
 * Incremental rule (as MISP itself does): fetch `manifest.json` conditionally (ETag /
 * Last-Modified); fetch `<uuid>.json` only for events whose manifest `timestamp` is newer than
 * the one recorded in the cursor. With `verifyHashes`, `hashes.csv` is fetched too and an event
 * whose observable values (those that become STIX) are not all listed under its uuid is rejected
 * as a problem (the directory is inconsistent or was tampered with). A failed event keeps its old cursor entry so
 * the next run tries again.
 */
import { z } from 'zod';
import { FeedError, type FeedAdapter, type FeedItemDraft, type FeedProblem, type FeedRunOutput } from '../feed.js';
import { conditionalOn, joinUrl, throwIfAborted, ValidatorsShape, storedCursor } from '../source-util.js';
import { MispEventSchema, attributeCandidates, mispValueHashes, parseMispEvent, parseMispHashes, parseMispManifest } from './misp.parse.js';
import { authorizationHeaders } from '../credentials.js';

export const MispOptionsSchema = z.object({
  /** Check every event's attribute values against `hashes.csv`. */
  verifyHashes: z.boolean().default(false),
  /** Events fetched per run at most (oldest changes first); the rest follow next run. */
  maxEventsPerRun: z.number().int().min(1).max(100_000).default(1000),
});

const MispCursorSchema = z.object({
  ...ValidatorsShape,
  /** event uuid → manifest timestamp imported. */
  events: z.record(z.string(), z.number()),
});
export type MispCursor = z.infer<typeof MispCursorSchema>;

/** Fetch failures that concern one document rather than the whole source. */
const DOCUMENT_CODES: ReadonlySet<FeedError['code']> = new Set(['http_error', 'bad_document', 'bad_content_type', 'too_large']);

function unlistedValues(event: unknown, listed: Set<string> | undefined): number {
  const parsed = MispEventSchema.safeParse(event !== null && typeof event === 'object' && 'Event' in event ? (event).Event : event);
  if (!parsed.success) return 0;
  // Only values that become STIX observables are checked: MISP hashes some context types (datetime)
  // in another normalization than the one it exports, as the real CERT-FR feed shows.
  const values = [...(parsed.data.Attribute ?? []), ...(parsed.data.Object ?? []).flatMap((o) => o.Attribute ?? [])]
    .map((a) => a as { type?: unknown; value?: unknown })
    .filter((a): a is { type: string; value: string } => typeof a.type === 'string' && typeof a.value === 'string' && attributeCandidates(a.type, a.value).length > 0)
    .map((a) => a.value);
  return values.filter((value) => mispValueHashes(value).some((hash) => !listed?.has(hash))).length;
}

export const mispAdapter: FeedAdapter = {
  type: 'misp',
  optionsSchema: MispOptionsSchema,
  async run(context): Promise<FeedRunOutput> {
    const options = MispOptionsSchema.parse(context.source.options);
    const cursor = storedCursor(MispCursorSchema, context.cursor);
    // Non-CLEAR MISP feeds (Lagebild's own, for one) need the partner's token or Basic credentials.
    const auth = authorizationHeaders(context.source.credentials);
    const manifestResponse = await context.http.get(joinUrl(context.source.url, 'manifest.json'), {
      accept: ['application/json'],
      headers: auth,
      ...conditionalOn(cursor),
    });
    if (manifestResponse.status === 304 && cursor !== undefined) {
      return { items: [], stixObjects: [], enrichments: [], problems: [], cursor, unchanged: Object.keys(cursor.events).length, records: { total: Object.keys(cursor.events).length, noun: 'events', storedAs: 'items' } };
    }
    const manifest = parseMispManifest(manifestResponse.body);
    const problems: FeedProblem[] = [...manifest.problems];
    const known = cursor?.events ?? {};
    const events: Record<string, number> = {};
    let unchanged = 0;
    const pending: [string, number][] = [];
    for (const [uuid, entry] of manifest.events) {
      if (known[uuid] !== undefined && known[uuid] >= entry.timestamp) {
        events[uuid] = known[uuid];
        unchanged += 1;
      } else {
        if (known[uuid] !== undefined) events[uuid] = known[uuid];
        pending.push([uuid, entry.timestamp]);
      }
    }
    pending.sort((a, b) => a[1] - b[1]);
    const batch = pending.slice(0, options.maxEventsPerRun);
    if (pending.length > batch.length) context.log('info', 'MISP: more changed events than maxEventsPerRun; the rest follows next run', { pending: pending.length });

    let hashes: Map<string, Set<string>> | undefined;
    if (options.verifyHashes && batch.length > 0) {
      const response = await context.http.get(joinUrl(context.source.url, 'hashes.csv'), { accept: ['text/csv', 'text/plain', 'application/octet-stream'], headers: auth });
      const parsed = parseMispHashes(response.body);
      hashes = parsed.hashes;
      problems.push(...parsed.problems);
    }

    const items: FeedItemDraft[] = [];
    const stixObjects: Record<string, unknown>[] = [];
    for (const [uuid, timestamp] of batch) {
      throwIfAborted(context.signal);
      const url = joinUrl(context.source.url, `${uuid}.json`);
      try {
        const response = await context.http.get(url, { accept: ['application/json'], headers: auth });
        const result = parseMispEvent(response.body, { defaultTlp: context.source.defaultTlp, url });
        if (result.uuid !== uuid) {
          problems.push({ ref: uuid, message: `Event file carries uuid ${result.uuid}, not the manifest's` });
          continue;
        }
        if (hashes !== undefined) {
          const unlisted = unlistedValues(result.item.document?.Event !== undefined ? result.item.document : undefined, hashes.get(uuid));
          if (unlisted > 0) {
            problems.push({ ref: uuid, message: `${unlisted} attribute values are not listed in hashes.csv; event rejected` });
            continue;
          }
        }
        problems.push(...result.problems);
        items.push(result.item);
        stixObjects.push(...result.stixObjects);
        events[uuid] = timestamp;
      } catch (error) {
        if (error instanceof FeedError && DOCUMENT_CODES.has(error.code)) {
          context.log('warn', 'MISP event rejected', { uuid, reason: error.message });
          problems.push({ ref: uuid, message: error.message });
          continue;
        }
        throw error;
      }
    }
    const nextCursor: MispCursor = {
      ...(manifestResponse.etag !== undefined ? { etag: manifestResponse.etag } : {}),
      ...(manifestResponse.lastModified !== undefined ? { lastModified: manifestResponse.lastModified } : {}),
      events,
    };
    // A partial batch must not let the conditional request hide the rest next time.
    if (pending.length > batch.length || problems.some((p) => manifest.events.has(p.ref))) {
      delete nextCursor.etag;
      delete nextCursor.lastModified;
    }
    return { items, stixObjects: dedupe(stixObjects), enrichments: [], problems, cursor: nextCursor, unchanged, records: { total: items.length + unchanged + problems.length, noun: 'events', storedAs: 'items' } };
  },
};

/** Identities and marking-definitions repeat across events; keep the first of each id. */
function dedupe(objects: Record<string, unknown>[]): Record<string, unknown>[] {
  const seen = new Set<string>();
  return objects.filter((object) => {
    const key = `${String(object.id)}|${typeof object.modified === 'string' ? object.modified : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
