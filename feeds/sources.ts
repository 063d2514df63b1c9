/**
 * The source adapters of this folder in one place, for the adapter registry (`ADAPTERS`) and the
 * file import of `npm run feeds -- import` (KEV catalog, CVE 5 record, MISP event): each import
 * function takes a parsed JSON document and returns a run output without cursor.
 */
import { cisaKevAdapter } from './cisa-kev/cisa-kev.feed.js';
import { kevEnrichment, kevItem, parseKevCatalog } from './cisa-kev/cisa-kev.parse.js';
import { epssAdapter } from './epss/epss.feed.js';
import type { FeedAdapter, FeedRunOutput, FeedType } from './feed.js';
import { mispAdapter } from './misp/misp.feed.js';
import { parseMispEvent } from './misp/misp.parse.js';
import { nvdAdapter } from './nvd/nvd.feed.js';
import { parseCve5Record } from './nvd/nvd.parse.js';
import { rssAdapter } from './rss/rss.feed.js';
import { taxiiAdapter } from './taxii/taxii.feed.js';
import { euvdAdapter } from './euvd/euvd.feed.js';
import type { TlpLevel } from '../server/stix/tlp.js';

/** Adapters for every source type except `csaf-provider`. */
export const SOURCE_ADAPTERS = {
  'cisa-kev': cisaKevAdapter,
  epss: epssAdapter,
  nvd: nvdAdapter,
  misp: mispAdapter,
  taxii: taxiiAdapter,
  rss: rssAdapter,
  euvd: euvdAdapter,
} as const satisfies Partial<Record<FeedType, FeedAdapter>>;

export type ImportOutput = Omit<FeedRunOutput, 'cursor'>;
export type SourceImportContext = { defaultTlp: TlpLevel; fileName?: string };

/** A KEV catalog file: every entry becomes an item and an enrichment. @throws FeedError */
export function importKevCatalog(document: unknown, context: SourceImportContext): ImportOutput {
  const catalog = parseKevCatalog(document);
  return {
    items: catalog.entries.map((entry) => kevItem(entry, context.defaultTlp)),
    stixObjects: [],
    enrichments: catalog.entries.map(kevEnrichment),
    problems: catalog.problems,
    unchanged: 0,
    records: { total: catalog.entries.length + catalog.problems.length, noun: 'entries', storedAs: 'enrichments' },
  };
}

/** A CVE JSON 5 record file (REJECTED records enrich only). @throws FeedError */
export function importCve5Record(document: unknown, context: SourceImportContext): ImportOutput {
  const result = parseCve5Record(document, context.defaultTlp);
  return { items: result.item ? [result.item] : [], stixObjects: [], enrichments: [result.enrichment], problems: [], unchanged: 0, records: { total: 1, noun: 'CVE records', storedAs: 'enrichments' } };
}

/**
 * A MISP event file: `{"Event": …}` or a REST search result `{"response": [{"Event": …}, …]}`.
 * A broken event in a search result is a problem, the others are imported.
 * @throws FeedError when a single-event file is broken
 */
export function importMispEvents(document: unknown, context: SourceImportContext): ImportOutput {
  const response = (document as { response?: unknown } | null)?.response;
  const events = Array.isArray(response) ? response : [document];
  const output: ImportOutput = { items: [], stixObjects: [], enrichments: [], problems: [], unchanged: 0 };
  events.forEach((event, index) => {
    try {
      const result = parseMispEvent(event, { defaultTlp: context.defaultTlp });
      output.items.push(result.item);
      output.stixObjects.push(...result.stixObjects);
      output.problems.push(...result.problems);
    } catch (error) {
      if (!Array.isArray(response)) throw error;
      output.problems.push({ ref: `response[${index}]`, message: (error as Error).message });
    }
  });
  output.records = { total: events.length, noun: 'events', storedAs: 'items' };
  return output;
}
