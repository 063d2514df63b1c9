/**
 * A feed item as stored: its JSON and content hash, its `feed_items` row, and that row as COPY text
 * or as JSON for the upsert. Pure (no database), so the bulk parsing worker renders rows with the same
 * code as ingestion on the main thread (server/feeds/bulk/).
 */
import { createHash, randomUUID } from 'node:crypto';
import { safeParseCvssVector } from '../vulnerabilities/cvss.js';
import { COPY_NULL, copyJson, copyRow, copyText, copyTextArray } from '../platform/db/copy.js';
import { linesOf, type PreparedLines } from '../platform/db/prepared-lines.js';
import { indicatorWarnings, MAX_WARNINGS_PER_ITEM, type IndicatorWarning } from './indicator-warnings.js';
import { FEED_ITEM_CONTENT_KEYS } from './feeds.table.js';
import type { FeedItem } from '../../feeds/feed.js';

/**
 * sha256 of the validated item's JSON: what decides new / updated / unchanged. The zod output has
 * its keys in schema order, and an adapter produces the same document the same way each run, so
 * plain JSON.stringify is stable here (and several times cheaper than sorting keys at every depth).
 */
export function contentHashOf(item: FeedItem): string {
  return hashOfJson(JSON.stringify(item));
}

const CONTENT_KEYS: ReadonlySet<string> = new Set(FEED_ITEM_CONTENT_KEYS);

/**
 * The item's JSON, exactly `JSON.stringify(item)` (what the hash is made of, so stored hashes stay
 * valid), and the JSON of its stored content (the fields without a column), with every value
 * stringified once: the source document, the bulk of an item, is shared by both.
 */
export function itemJson(item: FeedItem): { item: string; content: string } {
  const all: string[] = [];
  const content: string[] = [];
  for (const key of Object.keys(item)) {
    // JSON.stringify leaves out what has no JSON form (undefined); so does this.
    const value = JSON.stringify((item as Record<string, unknown>)[key]) as string | undefined;
    if (value === undefined) continue;
    const member = `${JSON.stringify(key)}:${value}`;
    all.push(member);
    if (CONTENT_KEYS.has(key)) content.push(member);
  }
  return { item: `{${all.join(',')}}`, content: `{${content.join(',')}}` };
}

export function hashOfJson(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}

/** Base scores of the vectors seen (feeds repeat a few thousand vectors over 100,000s of records). */
const baseScores = new Map<string, number | null>();

function baseScoreOf(vector: string): number | null {
  let score = baseScores.get(vector);
  if (score === undefined) {
    const parsed = safeParseCvssVector(vector);
    score = parsed.success ? parsed.data.baseScore : null;
    if (baseScores.size >= 50_000) baseScores.clear();
    baseScores.set(vector, score);
  }
  return score;
}

export function highestCvss(vectors: readonly string[]): number | null {
  let best: number | null = null;
  for (const vector of vectors) {
    const score = baseScoreOf(vector);
    if (score !== null && (best === null || score > best)) best = score;
  }
  return best;
}

/** `contentJson` = the stored content's JSON (see {@link itemJson}). */
export function itemRow(sourceId: string, item: FeedItem, contentJson: string, hash: string, now: Date, warnings: IndicatorWarning[]) {
  return {
    sourceId,
    externalId: item.externalId,
    kind: item.kind,
    titleDe: item.title.de ?? null,
    titleEn: item.title.en ?? null,
    url: item.url ?? null,
    published: item.published ?? null,
    sourceUpdated: item.updated ?? null,
    revision: item.revision ?? null,
    cves: [...new Set(item.cves)],
    severity: item.severity ?? null,
    cvssScore: highestCvss(item.cvss),
    products: item.products,
    tlp: item.tlp,
    contentJson,
    findings: item.findings,
    warnings,
    contentHash: hash,
    firstSeenAt: now,
    updatedAt: now,
  };
}

/** The item's indicators (its `stixObjectIds` among the run's objects) that are on a warninglist. */
export function warningsOf(item: FeedItem, indicators: ReadonlyMap<string, Record<string, unknown>>): IndicatorWarning[] {
  if (indicators.size === 0 || !item.stixObjectIds?.length) return [];
  const own = item.stixObjectIds.map((id) => indicators.get(id)).filter((object): object is Record<string, unknown> => object !== undefined);
  return indicatorWarnings(own).slice(0, MAX_WARNINGS_PER_ITEM);
}

export type ItemWrite = ReturnType<typeof itemRow>;

export function itemRowsJson(part: readonly ItemWrite[]): string {
  // The content (the bulk of a row) is spliced in as made by itemJson: stringifying the document a
  // second time cost as much as hashing it.
  const rows = part.map((row) => {
    const rest = JSON.stringify({
      source_id: row.sourceId,
      external_id: row.externalId,
      kind: row.kind,
      title_de: row.titleDe,
      title_en: row.titleEn,
      url: row.url,
      published: row.published?.toISOString() ?? null,
      source_updated: row.sourceUpdated?.toISOString() ?? null,
      revision: row.revision,
      cves: row.cves,
      severity: row.severity,
      cvss_score: row.cvssScore,
      products: row.products,
      tlp: row.tlp,
      findings: row.findings,
      warnings: row.warnings,
      content_hash: row.contentHash,
    });
    return `${rest.slice(0, -1)},"content":${row.contentJson}}`;
  });
  return `[${rows.join(',')}]`;
}

export const ITEM_COPY_COLUMNS = ['id', 'source_id', 'external_id', 'kind', 'title_de', 'title_en', 'url', 'published', 'source_updated', 'revision', 'cves', 'severity', 'cvss_score', 'products', 'tlp', 'content', 'findings', 'warnings', 'content_hash', 'first_seen_at', 'updated_at'] as const;

/** A new item's row in COPY's text format, under the id it is given here (COPY returns nothing). */
export function itemCopyLine(id: string, row: ItemWrite, nowIso: string): string {
  return copyRow([
    id,
    row.sourceId,
    copyText(row.externalId),
    copyText(row.kind),
    copyText(row.titleDe),
    copyText(row.titleEn),
    copyText(row.url),
    row.published?.toISOString() ?? COPY_NULL,
    row.sourceUpdated?.toISOString() ?? COPY_NULL,
    copyText(row.revision),
    copyTextArray(row.cves),
    copyText(row.severity),
    row.cvssScore === null ? COPY_NULL : String(row.cvssScore),
    copyJson(JSON.stringify(row.products)),
    copyText(row.tlp),
    copyJson(row.contentJson),
    copyJson(JSON.stringify(row.findings)),
    copyJson(JSON.stringify(row.warnings)),
    copyText(row.contentHash),
    nowIso,
    nowIso,
  ]);
}

/**
 * Items rendered ahead for ingestion (by the bulk worker): per item its external id, content hash, the
 * id it gets when new, and its `feed_items` row as a COPY line (which also fills the staging table a
 * changed item's upsert reads from).
 */
export type PreparedItemChunk = { externalIds: string[]; hashes: string[]; ids: string[]; lines: PreparedLines };

/** Renders validated items whose external ids are unique within `items`. */
export function prepareItemChunk(items: readonly FeedItem[], sourceId: string, now: Date, indicators: ReadonlyMap<string, Record<string, unknown>>): PreparedItemChunk {
  const nowIso = now.toISOString();
  const chunk: Omit<PreparedItemChunk, 'lines'> = { externalIds: [], hashes: [], ids: [] };
  const lines: string[] = [];
  for (const item of items) {
    const json = itemJson(item);
    const hash = hashOfJson(json.item);
    const id = randomUUID();
    chunk.externalIds.push(item.externalId);
    chunk.hashes.push(hash);
    chunk.ids.push(id);
    lines.push(itemCopyLine(id, itemRow(sourceId, item, json.content, hash, now, warningsOf(item, indicators)), nowIso));
  }
  return { ...chunk, lines: linesOf(lines) };
}
