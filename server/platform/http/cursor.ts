/**
 * The one cursor codec of every paginated list. A cursor is opaque to clients: base64url of
 * `{"l": <list>, "k": <sort key of the last item>}`. Decoding is strict, so nothing a client forges
 * reaches a query: canonical base64url only, well-formed UTF-8 JSON, the list's own tag, and a key
 * whose every field is checked (a timestamp must be exactly what `toISOString` writes, text may not
 * hold NUL or lone surrogates, numbers are bounded). Anything else is 400 VALIDATION_FAILED on
 * `cursor` — never a database error.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import { isStorableText, isWellFormedUtf8 } from './text.js';

/** Longest cursor accepted (the query schemas allow the same). */
export const MAX_CURSOR_LENGTH = 4096;
/** Largest offset an offset-paged list (search, queues) hands out; deeper pages are not served. */
export const MAX_CURSOR_OFFSET = 1_000_000;

/** Field types a cursor key may use. */
export const CursorKey = {
  /** An instant as `Date.prototype.toISOString` writes it (what PostgreSQL's timestamptz accepts). */
  timestamp: z.string().refine((value) => {
    const date = new Date(value);
    return !Number.isNaN(date.getTime()) && date.toISOString() === value;
  }, 'not a timestamp'),
  uuid: z.uuid(),
  /** Sort-key text (a name, a grouping key): bounded and storable. */
  text: z.string().max(1000).refine(isStorableText, 'not storable text'),
  offset: z.number().int().min(0).max(MAX_CURSOR_OFFSET),
  /** A bigint sequence number (audit ids, arrival order). */
  sequence: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
} as const;

export type CursorCodec<T> = {
  /** The list this codec belongs to; a cursor of another list is rejected. */
  readonly list: string;
  encode(key: T): string;
  /** `undefined` for no cursor (the first page). @throws AppError VALIDATION_FAILED for anything else not issued by `encode` */
  decode(raw: string | undefined): T | undefined;
};

function invalid(): AppError {
  return new AppError('VALIDATION_FAILED', 'The cursor is not valid.', [{ path: 'cursor', message: 'not a cursor from this list' }]);
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The JSON a well-formed cursor carries, or undefined: the structural half of decoding, shared by all lists. */
export function readCursorEnvelope(raw: string): { l: string; k: unknown } | undefined {
  if (raw.length === 0 || raw.length > MAX_CURSOR_LENGTH || !BASE64URL.test(raw)) return undefined;
  const bytes = Buffer.from(raw, 'base64url');
  // Node's decoder skips what it cannot read; only the canonical spelling of the bytes is a cursor.
  if (bytes.toString('base64url') !== raw || !isWellFormedUtf8(bytes)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { l, k, ...rest } = parsed as Record<string, unknown>;
  if (typeof l !== 'string' || k === undefined || Object.keys(rest).length > 0) return undefined;
  return { l, k };
}

/**
 * Declares the cursor of one list: its name (unique per list), the fields of its sort key, and
 * optionally a check across fields (e.g. a key whose form depends on another field).
 */
export function defineCursor<S extends z.ZodRawShape>(list: string, shape: S, check?: (key: z.infer<z.ZodObject<S>>) => boolean): CursorCodec<z.infer<z.ZodObject<S>>> {
  const strict = z.strictObject(shape);
  const key = check ? strict.refine(check, 'inconsistent key') : strict;
  return {
    list,
    encode(value) {
      return Buffer.from(JSON.stringify({ l: list, k: key.parse(value) })).toString('base64url');
    },
    decode(raw) {
      if (raw === undefined) return undefined;
      const envelope = readCursorEnvelope(raw);
      if (!envelope || envelope.l !== list) throw invalid();
      const parsed = key.safeParse(envelope.k);
      if (!parsed.success) throw invalid();
      return parsed.data;
    },
  };
}

/** `next` of an offset-paged list: the cursor of `offset`, or null past the deepest page served. */
export function offsetCursor(codec: CursorCodec<{ offset: number }>, offset: number): string | null {
  return offset <= MAX_CURSOR_OFFSET ? codec.encode({ offset }) : null;
}
