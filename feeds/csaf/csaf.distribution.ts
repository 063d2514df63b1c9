/**
 * Listing the documents of one CSAF distribution (pure parsing; the fetching is in csaf.feed.ts).
 *
 * - ROLIE feed (CSAF 2.0 §7.1.16, RFC 8322): every `feed.entry[]` names the document in
 *   `content.src` (or `link[rel=self]`), its hash files in `link[rel=hash]` and its signature in
 *   `link[rel=signature]`; `updated` is the change signal.
 * - Directory (§7.1.13–7.1.15): `changes.csv` rows `"path","current_release_date"` (no header,
 *   newest first); `index.txt` lists every path, one a line, without dates. Hash and signature
 *   files sit next to each document (`<doc>.sha256`, `<doc>.sha512`, `<doc>.asc`).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { TlpLevel } from '../../server/stix/tlp.js';
import { FeedError } from '../feed.js';
import { RolieFeedSchema } from './csaf.schemas.js';

/** One document to fetch, with where its hash and signature files are (if known). */
export type DocumentRef = {
  url: string;
  /** Change time in ms since epoch (ROLIE `updated`, changes.csv); undefined from index.txt. */
  changed?: number | undefined;
  /** Known hash file URLs (ROLIE links); for directories the candidates are derived from `url`. */
  hashes?: { sha256?: string; sha512?: string } | undefined;
  signature?: string | undefined;
  /** TLP of the distribution (the ROLIE feed's label), if it states one. */
  tlp?: TlpLevel | undefined;
  /** Cursor key of the distribution this reference came from. */
  distribution: string;
};

const timeOf = (value: string): number | undefined => {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};

function resolve(reference: string, base: string): string | undefined {
  try {
    const url = new URL(reference, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Directory URL with exactly one trailing slash, so relative paths resolve inside it. */
export function directoryBase(directoryUrl: string): string {
  return directoryUrl.endsWith('/') ? directoryUrl : `${directoryUrl}/`;
}

/**
 * Parses `changes.csv`.
 * @throws FeedError (bad_document) if it is not two-column CSV with parseable dates.
 */
export function parseChangesCsv(text: string, directoryUrl: string, distribution: string): DocumentRef[] {
  let rows: string[][];
  try {
    const parsed: unknown = parseCsv(text, { relax_column_count: true, skip_empty_lines: true, trim: true });
    rows = parsed as string[][];
  } catch (error) {
    throw new FeedError(`changes.csv is not CSV: ${error instanceof Error ? error.message : String(error)}`, 'bad_document');
  }
  const base = directoryBase(directoryUrl);
  const refs: DocumentRef[] = [];
  for (const [index, row] of rows.entries()) {
    const [path, date] = row;
    const changed = date === undefined ? undefined : timeOf(date);
    const url = path === undefined ? undefined : resolve(path, base);
    if (url === undefined || changed === undefined) throw new FeedError(`changes.csv line ${index + 1} is not "path","date"`, 'bad_document');
    refs.push({ url, changed, distribution });
  }
  return refs;
}

/** Parses `index.txt`: one relative path a line; blank lines and non-JSON entries are ignored. */
export function parseIndexTxt(text: string, directoryUrl: string, distribution: string): DocumentRef[] {
  const base = directoryBase(directoryUrl);
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.toLowerCase().endsWith('.json'))
    .map((line) => resolve(line, base))
    .filter((url): url is string => url !== undefined)
    .map((url) => ({ url, distribution }));
}

/**
 * Parses a ROLIE feed document into references (every entry, newest change first as listed).
 * @throws FeedError (bad_document) if it is not a ROLIE feed.
 */
export function parseRolieFeed(json: unknown, feedUrl: string, tlp: TlpLevel | undefined, distribution: string): DocumentRef[] {
  const result = RolieFeedSchema.safeParse(json);
  if (!result.success) throw new FeedError(`Not a ROLIE feed: ${result.error.issues[0]?.message ?? 'invalid'}`, 'bad_document');
  const refs: DocumentRef[] = [];
  for (const entry of result.data.feed.entry) {
    const self = entry.link.find((link) => link.rel === 'self')?.href;
    const url = resolve(entry.content?.src ?? self ?? '', feedUrl);
    if (url === undefined) continue;
    const hashes: { sha256?: string; sha512?: string } = {};
    for (const link of entry.link.filter((l) => l.rel === 'hash')) {
      const href = resolve(link.href, feedUrl);
      if (href?.toLowerCase().endsWith('.sha512')) hashes.sha512 = href;
      else if (href?.toLowerCase().endsWith('.sha256')) hashes.sha256 = href;
    }
    const signatureHref = entry.link.find((link) => link.rel === 'signature')?.href;
    const signature = signatureHref === undefined ? undefined : resolve(signatureHref, feedUrl);
    refs.push({ url, changed: timeOf(entry.updated), hashes, signature, tlp, distribution });
  }
  return refs;
}
