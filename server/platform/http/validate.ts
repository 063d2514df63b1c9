import type { z } from 'zod';
import { AppError, type FieldProblem } from '../errors.js';
import { hasLoneSurrogate } from './text.js';

/** What of a zod issue a client needs to word it itself (limits, the expected type or format). */
const ISSUE_PARAMS = ['minimum', 'maximum', 'inclusive', 'origin', 'format', 'expected'] as const;

/**
 * Every zod issue as `{ path, message, code, params }`, path in dotted form (`products.0.vendor`).
 * A custom issue of ours names its check in `params.key` (`cve-id`, `cpe`, `purl`, `purl-type`, `ags`, `time-in-future`, `time-order`, `cvss-…`, `range-…`, `cron`, `http-url`) and
 * brings what its wording needs.
 */
export function zodIssuesToProblems(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => {
    const params: Record<string, string | number | boolean> = {};
    for (const name of ISSUE_PARAMS) {
      const value = (issue as unknown as Record<string, unknown>)[name];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params[name] = value;
      else if (typeof value === 'bigint') params[name] = Number(value);
    }
    if (issue.code === 'custom' && typeof issue.params?.key === 'string') {
      for (const [name, value] of Object.entries(issue.params)) if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    }
    return { path: issue.path.map(String).join('.'), message: issue.message, code: issue.code, ...(Object.keys(params).length > 0 ? { params } : {}) };
  });
}

/**
 * The path of the first string (or key) in a parsed JSON value failing `ok`, or undefined.
 * Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function badStringPath(value: unknown, ok: (text: string) => boolean): string | undefined {
  type Entry = { value: unknown; key: string | undefined; parent: Entry | undefined };
  const pathOf = (entry: Entry, last?: string): string => {
    const keys = last === undefined ? [] : [last];
    for (let at: Entry | undefined = entry; at?.key !== undefined; at = at.parent) keys.unshift(at.key);
    return keys.join('.');
  };
  const stack: Entry[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const current = entry.value;
    if (typeof current === 'string') {
      if (!ok(current)) return pathOf(entry);
    } else if (current !== null && typeof current === 'object' && !ArrayBuffer.isView(current)) {
      for (const [key, child] of Object.entries(current)) {
        if (!ok(key)) return pathOf(entry, key);
        stack.push({ value: child, key, parent: entry });
      }
    }
  }
  return undefined;
}

/**
 * The path of the first string (or key) holding a NUL character, which PostgreSQL cannot store in
 * text or jsonb (it would fail as a database error deep inside a query).
 */
export function nulPath(value: unknown): string | undefined {
  return badStringPath(value, (text) => !text.includes('\u0000'));
}

/** The path of the first string (or key) holding a lone UTF-16 surrogate (stored, it would silently become U+FFFD). */
export function loneSurrogatePath(value: unknown): string | undefined {
  return badStringPath(value, (text) => !hasLoneSurrogate(text));
}

/**
 * Parses `value` or throws VALIDATION_FAILED (or `code`) listing every issue, never only the first.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
  code: 'VALIDATION_FAILED' | 'UNPROCESSABLE_CONTENT' = 'VALIDATION_FAILED',
): z.infer<S> {
  const surrogate = loneSurrogatePath(value);
  if (surrogate !== undefined) throw new AppError('MALFORMED_TEXT', `The request ${where} holds malformed text.`, [{ path: surrogate, message: 'lone UTF-16 surrogate' }]);
  const nul = nulPath(value);
  if (nul !== undefined) throw new AppError(code, `The request ${where} is invalid.`, [{ path: nul, message: 'NUL characters are not allowed' }]);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError(code, `The request ${where} is invalid.`, zodIssuesToProblems(result.error.issues));
}
