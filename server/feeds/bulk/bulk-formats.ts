/**
 * The parsers of the bulk formats (feeds/feed.ts `BULK_FORMATS`): each takes one decoded document and
 * yields run outputs in pieces, so ingestion can write the first records while later ones are parsed.
 * They are the adapters' own parsers; this only says which one a format uses.
 */
import { FeedError, type BulkFormat } from '../../../feeds/feed.js';
import type { TlpLevel } from '../../stix/tlp.js';
import { parseNvdPage } from '../../../feeds/nvd/nvd.parse.js';
import { importCve5Record, importKevCatalog, type ImportOutput } from '../../../feeds/sources.js';

export type BulkParser = (document: unknown, context: { defaultTlp: TlpLevel }) => Iterable<ImportOutput>;

/** CVE JSON 5: one record, or an array of records (a broken record in an array is a problem, the rest go on). */
function* cve5(document: unknown, context: { defaultTlp: TlpLevel }): Iterable<ImportOutput> {
  if (!Array.isArray(document)) {
    yield importCve5Record(document, context);
    return;
  }
  for (const [index, record] of document.entries()) {
    try {
      yield importCve5Record(record, context);
    } catch (error) {
      if (!(error instanceof FeedError)) throw error;
      const id = (record as { cveMetadata?: { cveId?: unknown } } | null)?.cveMetadata?.cveId;
      yield { items: [], stixObjects: [], enrichments: [], problems: [{ ref: typeof id === 'string' ? id.slice(0, 40) : `[${index}]`, message: error.message }], unchanged: 0, records: { total: 1, noun: 'CVE records', storedAs: 'enrichments' } };
    }
  }
}

/** An NVD CVE API 2.0 response (a saved page or a yearly bulk file). */
function* nvdApi(document: unknown, context: { defaultTlp: TlpLevel }): Iterable<ImportOutput> {
  let page: ReturnType<typeof parseNvdPage>;
  try {
    page = parseNvdPage(document, context.defaultTlp);
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    throw new FeedError(`not an NVD CVE API 2.0 file: ${error.message}`, error.code, { cause: error });
  }
  yield {
    items: page.records.flatMap((record) => (record.item ? [record.item] : [])),
    stixObjects: [],
    enrichments: page.records.map((record) => record.enrichment),
    problems: page.problems,
    unchanged: 0,
    records: { total: page.count, noun: 'CVE records', storedAs: 'enrichments' },
  };
}

function* kevCatalog(document: unknown, context: { defaultTlp: TlpLevel }): Iterable<ImportOutput> {
  yield importKevCatalog(document, context);
}

export const BULK_PARSERS: Record<BulkFormat, BulkParser> = { cve5, 'nvd-api': nvdApi, 'cisa-kev': kevCatalog };
