/**
 * RSS/Atom adapter: one conditional GET; entries whose (id, title, summary, dates) fingerprint
 * matches the cursor are unchanged, the rest become 'news' items. The cursor keeps only the
 * entries currently in the feed, so it stays as small as the feed.
 */
import { z } from 'zod';
import type { FeedAdapter, FeedItemDraft, FeedRunOutput } from '../feed.js';
import { conditionalOn, fingerprint, ValidatorsShape, storedCursor } from '../source-util.js';
import { feedEntryItem, parseFeed } from './rss.parse.js';

export const RssOptionsSchema = z.object({
  /** Overrides the feed's own language (`de` fills the German texts). */
  language: z.enum(['de', 'en']).optional(),
});

const RssCursorSchema = z.object({
  ...ValidatorsShape,
  entries: z.record(z.string(), z.string()),
});
export type RssCursor = z.infer<typeof RssCursorSchema>;

export const rssAdapter: FeedAdapter = {
  type: 'rss',
  optionsSchema: RssOptionsSchema,
  async run(context): Promise<FeedRunOutput> {
    const options = RssOptionsSchema.parse(context.source.options);
    const cursor = storedCursor(RssCursorSchema, context.cursor);
    const response = await context.http.get(context.source.url, {
      accept: ['application/rss+xml', 'application/atom+xml', 'application/xml', 'text/xml'],
      ...conditionalOn(cursor),
    });
    if (response.status === 304 && cursor !== undefined) {
      return { items: [], stixObjects: [], enrichments: [], problems: [], cursor, unchanged: Object.keys(cursor.entries).length, records: { total: Object.keys(cursor.entries).length, noun: 'entries', storedAs: 'items' } };
    }
    const feed = parseFeed(response.body);
    const items: FeedItemDraft[] = [];
    const entries: Record<string, string> = {};
    let unchanged = 0;
    for (const entry of feed.entries) {
      const print = fingerprint([entry.title, entry.summary, entry.link, entry.published?.toISOString(), entry.updated?.toISOString()]);
      entries[entry.id] = print;
      if (cursor?.entries[entry.id] === print) {
        unchanged += 1;
        continue;
      }
      items.push(feedEntryItem(entry, options.language ?? feed.language, context.source.defaultTlp));
    }
    context.log('info', 'Feed parsed', { format: feed.format, entries: feed.entries.length, changed: items.length });
    return {
      items,
      stixObjects: [],
      enrichments: [],
      problems: feed.problems,
      cursor: {
        ...(response.etag !== undefined ? { etag: response.etag } : {}),
        ...(response.lastModified !== undefined ? { lastModified: response.lastModified } : {}),
        entries,
      } satisfies RssCursor,
      unchanged,
      records: { total: feed.entries.length, noun: 'entries', storedAs: 'items' },
    };
  },
};
