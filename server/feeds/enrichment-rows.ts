/**
 * CVE enrichments as stored: merged per CVE (one run may bring KEV, EPSS and NVD data for one CVE),
 * each row as COPY text (new CVEs) or as JSON for the field-by-field upsert (stored ones). Pure, so the
 * bulk parsing worker (server/feeds/bulk/) renders them with the same code as the main thread.
 */
import { COPY_NULL, CopyLines, copyJson, copyRow, copyText } from '../platform/db/copy.js';
import { linesOf, selectLines, type PreparedLines } from '../platform/db/prepared-lines.js';
import type { CveEnrichment } from '../../feeds/feed.js';

export type MergedEnrichment = { cve: string; kev: Record<string, unknown> | null; epssScore: number | null; epssPercentile: number | null; epssDate: string | null; nvd: Record<string, unknown> | null; euvd: Record<string, unknown> | null };

export const ENRICHMENT_COPY_COLUMNS = ['cve', 'kev', 'epss_score', 'epss_percentile', 'epss_date', 'nvd', 'euvd', 'updated_at'] as const;

/** One row per CVE (ON CONFLICT cannot touch a row twice in one statement); later fields win. */
export function mergeEnrichments(enrichments: readonly CveEnrichment[]): MergedEnrichment[] {
  const merged = new Map<string, MergedEnrichment>();
  for (const enrichment of enrichments) {
    const row = merged.get(enrichment.cve) ?? { cve: enrichment.cve, kev: null, epssScore: null, epssPercentile: null, epssDate: null, nvd: null, euvd: null };
    if (enrichment.kev) row.kev = enrichment.kev;
    if (enrichment.epss) {
      row.epssScore = enrichment.epss.score;
      row.epssPercentile = enrichment.epss.percentile;
      row.epssDate = enrichment.epss.date;
    }
    if (enrichment.nvd) row.nvd = enrichment.nvd;
    if (enrichment.euvd) row.euvd = enrichment.euvd;
    merged.set(enrichment.cve, row);
  }
  return [...merged.values()];
}

/** The row as an element of the upsert's `jsonb_to_recordset` parameter. */
export function enrichmentRowJson(row: MergedEnrichment): string {
  return JSON.stringify({ cve: row.cve, kev: row.kev, epss_score: row.epssScore, epss_percentile: row.epssPercentile, epss_date: row.epssDate, nvd: row.nvd, euvd: row.euvd });
}

const copyNumber = (value: number | null) => (value === null ? COPY_NULL : String(value));
const copyObject = (value: Record<string, unknown> | null) => (value === null ? COPY_NULL : copyJson(JSON.stringify(value)));

export function enrichmentCopyLine(row: MergedEnrichment, nowIso: string): string {
  return copyRow([copyText(row.cve), copyObject(row.kev), copyNumber(row.epssScore), copyNumber(row.epssPercentile), copyText(row.epssDate), copyObject(row.nvd), copyObject(row.euvd), nowIso]);
}

/**
 * A run's enrichments as ingestion writes them: the CVEs, and for a selection of them (by index) the
 * COPY rows or the upsert's JSON parameter.
 */
export type EnrichmentSet = {
  cves: readonly string[];
  copy(indices: readonly number[]): CopyLines | Uint8Array;
  json(indices: readonly number[]): string;
};

/** Rendered when written (on the main thread only what is written is rendered, in one form). */
export function enrichmentSetOf(rows: readonly MergedEnrichment[], nowIso: string): EnrichmentSet {
  return {
    cves: rows.map((row) => row.cve),
    copy(indices) {
      const lines = new CopyLines();
      for (const index of indices) lines.add(enrichmentCopyLine(rows[index]!, nowIso));
      return lines;
    },
    json: (indices) => `[${indices.map((index) => enrichmentRowJson(rows[index]!)).join(',')}]`,
  };
}

/** Rendered ahead in both forms (by the bulk worker, which does not know which CVEs are stored). */
export type PreparedEnrichments = { cves: string[]; lines: PreparedLines; json: string[] };

export function prepareEnrichments(rows: readonly MergedEnrichment[], nowIso: string): PreparedEnrichments {
  return { cves: rows.map((row) => row.cve), lines: linesOf(rows.map((row) => enrichmentCopyLine(row, nowIso))), json: rows.map(enrichmentRowJson) };
}

export function enrichmentSetOfPrepared(prepared: PreparedEnrichments): EnrichmentSet {
  return {
    cves: prepared.cves,
    copy: (indices) => selectLines(prepared.lines, indices),
    json: (indices) => `[${indices.map((index) => prepared.json[index]!).join(',')}]`,
  };
}
