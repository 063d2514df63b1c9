/**
 * Small helpers shared by the pure source adapters (`feeds/cisa-kev`, `epss`, `nvd`, `misp`,
 * `taxii`, `rss`): JSON decoding that fails with a typed {@link FeedError}, one-line summaries of
 * zod issues for {@link FeedProblem}s, short fingerprints for "unchanged" detection in cursors,
 * and URL joining relative to a source's base URL.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FeedError, type FeedRequest } from './feed.js';

/** Decodes a JSON body; anything else is a broken source (`bad_document`). Never quotes the body. */
export function decodeJson(body: Buffer | string, what: string): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error) {
    throw new FeedError(`${what} is not valid JSON`, 'bad_document', { cause: error });
  }
}

/** The first few zod issues as one line (`path: message; …`), for logs and FeedProblems. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}

/** Parses with zod or throws a `bad_document` FeedError naming the first issues. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new FeedError(`${what} is invalid: ${describeIssues(result.error)}`, 'bad_document');
  return result.data;
}

/** A short stable fingerprint of a JSON-serializable value (12 hex chars of SHA-256). */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}

/** Resolves `path` against a base URL, treating the base as a directory (adds a trailing slash). */
export function joinUrl(base: string, path: string): string {
  const directory = base.endsWith('/') ? base : `${base}/`;
  return new URL(path, directory).toString();
}

/** A date string → Date, or undefined when absent or not a date. Timestamps without offset are UTC. */
export function toDate(value: string | number | undefined | null): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') {
    const date = new Date(value * 1000);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? `${value}Z` : value;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Cuts text to `max` characters at a word boundary, adding an ellipsis. */
export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** Throws the signal's reason as a FeedError-free abort when the run was cancelled. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new FeedError('The run was aborted', 'timeout', { cause: signal.reason });
}

/** The HTTP validators a cursor keeps from the last answer, for the next conditional request. */
/** The cursor a source stored, if this adapter can still read it; else undefined (a full run). */
export function storedCursor<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export const ValidatorsShape = { etag: z.string().optional(), lastModified: z.string().optional() };

/** A cursor's validators as FeedRequest fields (none on the first run). */
export function conditionalOn(cursor: { etag?: string | undefined; lastModified?: string | undefined } | undefined): Pick<FeedRequest, 'etag' | 'lastModified'> {
  return {
    ...(cursor?.etag !== undefined ? { etag: cursor.etag } : {}),
    ...(cursor?.lastModified !== undefined ? { lastModified: cursor.lastModified } : {}),
  };
}
