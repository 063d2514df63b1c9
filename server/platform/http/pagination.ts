import { z } from './openapi-zod.js';
import { MAX_CURSOR_LENGTH, type CursorCodec } from './cursor.js';

/** The opaque `?cursor=` of every list; decoded only by the list's codec (cursor.ts). */
export const CursorParamSchema = z.string().min(1).max(MAX_CURSOR_LENGTH).regex(/^[A-Za-z0-9_-]+$/, 'not a cursor').optional();

/** `?limit=` (1..500, default 50) and the opaque `?cursor=` every list accepts. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: CursorParamSchema,
});

/** `?limit=` alone, for lists served in one page. */
export const LimitQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** A page of a list: `{ items, next }`, `next` null on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}

/** Cuts one extra fetched row into `next`, encoded by the list's cursor codec. */
export function toPage<T, K>(rows: T[], limit: number, cursor: CursorCodec<K>, keyOf: (row: T) => K): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? cursor.encode(keyOf(last)) : null };
}
