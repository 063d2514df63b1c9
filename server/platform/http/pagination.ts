import { z } from './openapi-zod.js';
import { AppError } from '../errors.js';

/** `?limit=` (1..500, default 50) and the opaque `?cursor=` every list accepts. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional(),
});

/** A page of a list: `{ items, next }`, `next` null on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}

/** Opaque cursor: base64url JSON of the last item's sort key. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor against the expected key shape. @throws VALIDATION_FAILED for a forged or stale cursor. */
export function decodeCursor<S extends z.ZodType>(cursor: string | undefined, shape: S): z.infer<S> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return shape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid.', [{ path: 'cursor', message: 'not a cursor from this list' }]);
  }
}

/** Cuts one extra fetched row into `next`. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => Record<string, string | number>): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
