import type { z } from 'zod';
import { AppError, type FieldProblem } from '../errors.js';

/** Every zod issue as `{ path, message }`, path in dotted form (`products.0.vendor`). */
export function zodIssuesToProblems(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * The path of the first string (or key) holding a NUL character, which PostgreSQL cannot store in
 * text or jsonb (it would fail as a database error deep inside a query). Iterative, so a deeply
 * nested body cannot exhaust the stack.
 */
export function nulPath(value: unknown): string | undefined {
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
      if (current.includes('\u0000')) return pathOf(entry);
    } else if (current !== null && typeof current === 'object' && !ArrayBuffer.isView(current)) {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes('\u0000')) return pathOf(entry, key);
        stack.push({ value: child, key, parent: entry });
      }
    }
  }
  return undefined;
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
  const nul = nulPath(value);
  if (nul !== undefined) throw new AppError(code, `The request ${where} is invalid.`, [{ path: nul, message: 'NUL characters are not allowed' }]);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError(code, `The request ${where} is invalid.`, zodIssuesToProblems(result.error.issues));
}
