import type { z } from 'zod';
import { AppError, type FieldProblem } from '../errors.js';

/** Every zod issue as `{ path, message }`, path in dotted form (`products.0.vendor`). */
export function zodIssuesToProblems(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
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
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError(code, `The request ${where} is invalid.`, zodIssuesToProblems(result.error.issues));
}
