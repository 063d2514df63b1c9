/**
 * Parsing bulk documents for ingestion (feeds/feed.ts `BulkDocuments`): decode, parse with the
 * format's parser, validate the items, and render them chunk by chunk as the rows ingestion writes
 * (server/feeds/item-rows.ts), the enrichments merged once at the end. Pure: it runs in the bulk
 * worker thread for large payloads and on the calling thread for small ones (parse-bulk.ts).
 */
import { decodeJson } from '../../../feeds/source-util.js';
import type { BulkFormat, CveEnrichment, FeedItem, FeedProblem, QuarantinedDocument, RecordCount } from '../../../feeds/feed.js';
import type { TlpLevel } from '../../stix/tlp.js';
import { mergeEnrichments, prepareEnrichments, type PreparedEnrichments } from '../enrichment-rows.js';
import { prepareItemChunk, type PreparedItemChunk } from '../item-rows.js';
import { validItems } from '../valid-items.js';
import { BULK_PARSERS } from './bulk-formats.js';

/** Items per rendered chunk (and per COPY statement). */
export const BULK_CHUNK_ITEMS = 5_000;

export type BulkJob = {
  format: BulkFormat;
  documents: { ref: string; body: string | Uint8Array }[];
  sourceId: string;
  defaultTlp: TlpLevel;
  nowIso: string;
  /** Items per chunk (default {@link BULK_CHUNK_ITEMS}). */
  chunkItems?: number;
  /** Documents that stand alone (import files): none parsing is problems, not a failed job. */
  independent?: boolean;
};

/** A product that names a CPE: what teaches the alias table (products/product-aliases.service.ts). */
export type LearnableProduct = { vendor: string; product: string; cpe: string };

/** What a bulk job leaves besides its item chunks. */
export type BulkSummary = {
  problems: FeedProblem[];
  /** Items that failed validation (among `problems`). */
  invalidItems: number;
  records: RecordCount | undefined;
  unchanged: number;
  /** Items that carry findings (accepted despite failed checks). */
  withFindings: number;
  learnable: LearnableProduct[];
  enrichments: PreparedEnrichments;
  stixObjects: Record<string, unknown>[];
  quarantined: QuarantinedDocument[];
};

/**
 * Runs the job, handing each chunk of items to `emit` as soon as it is rendered.
 * @throws the first document's error when no document could be parsed (unless they are independent)
 */
export function runBulkJob(job: BulkJob, emit: (chunk: PreparedItemChunk) => void): BulkSummary {
  const parser = BULK_PARSERS[job.format];
  const now = new Date(job.nowIso);
  const summary: Omit<BulkSummary, 'enrichments'> = { problems: [], invalidItems: 0, records: undefined, unchanged: 0, withFindings: 0, learnable: [], stixObjects: [], quarantined: [] };
  const enrichments: CveEnrichment[] = [];
  const learnable = new Map<string, LearnableProduct>();
  const indicators = new Map<string, Record<string, unknown>>();
  // The last draft of one external id within a chunk wins (ingestion handles repeats across chunks).
  let pending = new Map<string, FeedItem>();
  const flush = () => {
    if (pending.size === 0) return;
    emit(prepareItemChunk([...pending.values()], job.sourceId, now, indicators));
    pending = new Map();
  };
  const countRecords = (records: RecordCount) => {
    summary.records = summary.records ? { ...summary.records, total: summary.records.total + records.total } : { ...records };
  };
  let firstError: unknown;
  let parsed = 0;
  // A document that does not parse counts as one record that failed (its records are unknown).
  let failedDocuments = 0;
  for (const document of job.documents) {
    try {
      const body = typeof document.body === 'string' ? document.body : Buffer.from(document.body.buffer, document.body.byteOffset, document.body.byteLength);
      // Problems within a document are named after it too (one run may bring many files).
      const named = (problem: FeedProblem) => ({ ref: `${document.ref}: ${problem.ref}`, message: problem.message });
      for (const output of parser(decodeJson(body, document.ref), { defaultTlp: job.defaultTlp })) {
        const { items, problems } = validItems(output.items);
        summary.problems.push(...output.problems.map(named), ...problems.map(named));
        summary.invalidItems += problems.length;
        summary.unchanged += output.unchanged;
        summary.quarantined.push(...(output.quarantined ?? []));
        if (output.records) countRecords(output.records);
        enrichments.push(...output.enrichments);
        for (const object of output.stixObjects) {
          summary.stixObjects.push(object);
          if (object.type === 'indicator' && typeof object.id === 'string') indicators.set(object.id, object);
        }
        for (const item of items) {
          if (item.findings.length > 0) summary.withFindings += 1;
          for (const product of item.products) if (product.cpe) learnable.set(`${product.vendor}\u0000${product.product}\u0000${product.cpe}`, { vendor: product.vendor, product: product.product, cpe: product.cpe });
          pending.set(item.externalId, item);
          if (pending.size >= (job.chunkItems ?? BULK_CHUNK_ITEMS)) flush();
        }
      }
      parsed += 1;
    } catch (error) {
      firstError ??= error;
      summary.problems.push({ ref: document.ref, message: error instanceof Error ? error.message : String(error) });
      failedDocuments += 1;
    }
  }
  if (parsed === 0 && job.documents.length > 0 && !job.independent) throw firstError;
  flush();
  if (summary.records) summary.records.total += failedDocuments;
  summary.learnable = [...learnable.values()];
  return { ...summary, enrichments: prepareEnrichments(mergeEnrichments(enrichments), job.nowIso) };
}
