/**
 * FIRST EPSS daily scores (FORMATS.md "FIRST EPSS"): `epss_scores-current.csv.gz`, a comment line
 * `#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z`, the header `cve,epss,percentile`,
 * then ~300,000 rows of decimals in 0–1.
 *
 * Data: https://www.first.org/epss/data_stats (daily CSV with the model version and score date first).
 *
 * The file is large, so this parser walks the Buffer line by line (no intermediate array of
 * lines, no CSV library — the format has no quoting) and validates each row with a small zod
 * schema. A gzip body (magic 1f 8b) is inflated first, for servers that send the `.gz` file as
 * `application/gzip` without Content-Encoding.
 */
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import type { CveEnrichment, FeedProblem } from '../feed.js';
import { FeedError } from '../feed.js';
import { describeIssues } from '../source-util.js';

const Probability = z.coerce.number().min(0).max(1);

export const EpssRowSchema = z.object({
  cve: z.string().regex(/^CVE-\d{4}-\d{4,19}$/),
  epss: Probability,
  percentile: Probability,
});
export type EpssRow = z.output<typeof EpssRowSchema>;

const EpssMetaSchema = z.object({
  modelVersion: z.string().min(1).max(100).optional(),
  scoreDate: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'score_date must start with YYYY-MM-DD'),
});

export type EpssFile = {
  modelVersion: string | undefined;
  /** `score_date` as published (ISO timestamp or day). */
  scoreDate: string;
  rows: EpssRow[];
  problems: FeedProblem[];
};

const MAX_PROBLEMS = 100;
const CVE_RE = /^CVE-\d{4}-\d{4,19}$/;
const MAX_UNZIPPED = 512 * 1024 * 1024;

/** Calls `onLine` for each line of the buffer (without the line break), in order. */
function eachLine(buffer: Buffer, onLine: (line: string, lineNumber: number) => boolean | void): void {
  let start = 0;
  let lineNumber = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(0x0a, start);
    if (end === -1) end = buffer.length;
    lineNumber += 1;
    let line = buffer.toString('utf8', start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (onLine(line, lineNumber) === false) return;
    start = end + 1;
  }
}

function parseComment(line: string, meta: Record<string, string>): void {
  for (const part of line.replace(/^#/, '').split(',')) {
    const colon = part.indexOf(':');
    if (colon > 0) meta[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
  }
}

/**
 * Parses an EPSS CSV (text, Buffer, or gzip Buffer) into rows plus the model version and score
 * date from the comment line. Bad rows become problems (at most 100 listed, the rest counted).
 * @throws FeedError bad_document without the `cve,epss,percentile` header or a score date
 */
export function parseEpssCsv(input: string | Buffer): EpssFile {
  let buffer = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (buffer.length >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
    try {
      buffer = gunzipSync(buffer, { maxOutputLength: MAX_UNZIPPED });
    } catch (error) {
      throw new FeedError('EPSS file is not valid gzip', 'bad_document', { cause: error });
    }
  }
  const meta: Record<string, string> = {};
  const rows: EpssRow[] = [];
  const problems: FeedProblem[] = [];
  let skipped = 0;
  let header = false;
  eachLine(buffer, (line, lineNumber) => {
    if (line.trim() === '') return;
    if (!header) {
      if (line.startsWith('#')) {
        parseComment(line, meta);
        return;
      }
      if (line.replace(/^\uFEFF/, '').trim().toLowerCase() !== 'cve,epss,percentile') {
        throw new FeedError('EPSS file lacks the "cve,epss,percentile" header', 'bad_document');
      }
      header = true;
      return;
    }
    const [cve, epss, percentile, extra] = line.split(',');
    // Hot path (300,000 rows): the same rules as EpssRowSchema, checked by hand; zod explains failures.
    if (extra === undefined && cve !== undefined && CVE_RE.test(cve) && epss && percentile) {
      const score = Number(epss);
      const rank = Number(percentile);
      if (score >= 0 && score <= 1 && rank >= 0 && rank <= 1) {
        rows.push({ cve, epss: score, percentile: rank });
        return;
      }
    }
    const result = extra === undefined && epss !== '' && percentile !== '' ? EpssRowSchema.safeParse({ cve, epss, percentile }) : undefined;
    if (result?.success === true) {
      rows.push(result.data);
      return;
    }
    skipped += 1;
    if (problems.length < MAX_PROBLEMS) {
      problems.push({ ref: `line ${lineNumber}`, message: result ? `Invalid EPSS row: ${describeIssues(result.error)}` : 'Invalid EPSS row: expected cve,epss,percentile' });
    }
  });
  if (!header) throw new FeedError('EPSS file lacks the "cve,epss,percentile" header', 'bad_document');
  if (skipped > MAX_PROBLEMS) problems.push({ ref: 'rows', message: `${skipped - MAX_PROBLEMS} further invalid EPSS rows` });
  const parsedMeta = EpssMetaSchema.safeParse({ modelVersion: meta.model_version, scoreDate: meta.score_date });
  if (!parsedMeta.success) throw new FeedError(`EPSS file has no valid score_date comment: ${describeIssues(parsedMeta.error)}`, 'bad_document');
  return { modelVersion: parsedMeta.data.modelVersion, scoreDate: parsedMeta.data.scoreDate, rows, problems };
}

/** The enrichment of one row; `date` is the score day (YYYY-MM-DD). */
export function epssEnrichment(row: EpssRow, scoreDate: string): CveEnrichment {
  return { cve: row.cve, epss: { score: row.epss, percentile: row.percentile, date: scoreDate.slice(0, 10) } };
}
