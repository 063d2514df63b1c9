/**
 * CISA KEV adapter: one conditional GET of the catalog (ETag / Last-Modified), then a diff by
 * `cveID` against the fingerprints in the cursor. Every new or changed entry yields a KEV
 * enrichment; every newly listed CVE yields a 'vulnerability' inbox item. On the first run only
 * entries added within `initialItemDays` become items (the whole catalog still enriches), so a
 * fresh installation does not receive 1,400 inbox cards at once.
 */
import { z } from 'zod';
import type { CveEnrichment, FeedAdapter, FeedItemDraft, FeedRunOutput } from '../feed.js';
import { conditionalOn, fingerprint, ValidatorsShape, storedCursor } from '../source-util.js';
import { kevEnrichment, kevItem, parseKevCatalog } from './cisa-kev.parse.js';

export const KEV_DEFAULT_URL = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';

export const KevOptionsSchema = z.object({
  /** First run: entries added within this many days become inbox items (0 = none, all enrich). */
  initialItemDays: z.number().int().min(0).max(10_000).default(30),
});

const KevCursorSchema = z.object({
  ...ValidatorsShape,
  catalogVersion: z.string().optional(),
  /** cveID → fingerprint of the entry as last seen. */
  entries: z.record(z.string(), z.string()),
});
export type KevCursor = z.infer<typeof KevCursorSchema>;

export const cisaKevAdapter: FeedAdapter = {
  type: 'cisa-kev',
  optionsSchema: KevOptionsSchema,
  async run(context): Promise<FeedRunOutput> {
    const options = KevOptionsSchema.parse(context.source.options);
    const cursor = storedCursor(KevCursorSchema, context.cursor);
    const response = await context.http.get(context.source.url, {
      accept: ['application/json'],
      ...conditionalOn(cursor),
    });
    if (response.status === 304 && cursor !== undefined) {
      context.log('info', 'KEV catalog not modified', { catalogVersion: cursor.catalogVersion });
      const total = Object.keys(cursor.entries).length;
      return { items: [], stixObjects: [], enrichments: [], problems: [], cursor, unchanged: total, records: { total, noun: 'entries', storedAs: 'enrichments' } };
    }
    const catalog = parseKevCatalog(response.body);
    const items: FeedItemDraft[] = [];
    const enrichments: CveEnrichment[] = [];
    const entries: Record<string, string> = {};
    let unchanged = 0;
    const itemCutoff = context.now().getTime() - options.initialItemDays * 86_400_000;
    for (const entry of catalog.entries) {
      const print = fingerprint(entry);
      entries[entry.cveID] = print;
      const before = cursor?.entries[entry.cveID];
      if (before === print) {
        unchanged += 1;
        continue;
      }
      enrichments.push(kevEnrichment(entry));
      const isNew = cursor !== undefined ? before === undefined : Date.parse(`${entry.dateAdded}T00:00:00Z`) >= itemCutoff;
      if (isNew) items.push(kevItem(entry, context.source.defaultTlp));
    }
    context.log('info', 'KEV catalog parsed', {
      catalogVersion: catalog.catalogVersion,
      entries: catalog.entries.length,
      newItems: items.length,
      changed: enrichments.length,
      problems: catalog.problems.length,
    });
    return {
      items,
      stixObjects: [],
      enrichments,
      problems: catalog.problems,
      cursor: {
        ...(response.etag !== undefined ? { etag: response.etag } : {}),
        ...(response.lastModified !== undefined ? { lastModified: response.lastModified } : {}),
        catalogVersion: catalog.catalogVersion,
        entries,
      } satisfies KevCursor,
      unchanged,
      records: { total: catalog.entries.length + catalog.problems.length, noun: 'entries', storedAs: 'enrichments' },
    };
  },
};
