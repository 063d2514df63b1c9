import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Adds `.openapi()` to zod schemas once, before any schema is registered.
extendZodWithOpenApi(z);

/** RFC 9457 problem details, as every error response carries them. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z
      .array(
        z.object({
          path: z.string(),
          message: z.string().describe('English'),
          code: z.string().optional().describe("zod's issue code (too_big, too_small, invalid_type, invalid_format, invalid_value, custom …)"),
          params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe('The limits of the check (minimum, maximum, origin, format, expected) or, for our own checks, key: cve-id, cpe, purl, purl-type, ags, time-in-future, time-order (with earlier)'),
        }),
      )
      .optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');

export { z };

/**
 * Compile-time proof that what a presenter returns fits the response schema a route declares for
 * it (`const _fits: Fits<Dto, typeof Schema> = true;` fails to compile when they drift apart). The
 * API does not validate responses at run time; this keeps the OpenAPI document honest instead.
 */
export type Fits<Value, Schema extends z.ZodType> = [Value] extends [z.input<Schema>] ? true : false;

/**
 * A JSON object whose keys are open by design (a job's own summary, an audit entry's details, a
 * feed adapter's options): declared so, with the reason, instead of as an untyped record. The
 * OpenAPI test (test/integration/platform/openapi-typed.test.ts) accepts an open object only with
 * this mark.
 */
export function freeForm(reason: string) {
  return z.record(z.string(), z.unknown()).openapi({ description: reason, 'x-free-form': true });
}

/** Any JSON value, by design (the before and after of a diffed field): declared so, with the reason. */
export function freeValue(reason: string) {
  return z.unknown().openapi({ description: reason, 'x-free-form': true });
}
