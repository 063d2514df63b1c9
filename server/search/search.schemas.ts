/** The one search box: what it takes and what each hit looks like. */
import { z } from '../platform/http/openapi-zod.js';

/** What a hit can be; also the order of the groups in an answer. */
export const SEARCH_KINDS = ['advisory', 'incident', 'feed-item', 'indicator', 'organization'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SearchAllQuerySchema = z.object({
  q: z.string().trim().min(1).max(500),
  /** Only this kind (then `next` pages through it); without it the first `limit` hits of every kind. */
  kind: z.enum(SEARCH_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});
export type SearchAllQuery = z.output<typeof SearchAllQuerySchema>;

const LocalizedTitle = z.object({ de: z.string(), en: z.string().optional() });

export const SearchAllHitSchema = z
  .object({
    kind: z.enum(SEARCH_KINDS),
    id: z.string(),
    title: LocalizedTitle,
    /** Escaped text; the matched words sit in <mark>. */
    snippet: z.string(),
    /** A short handle the client opens the hit with where it has no page of its own (a feed item's CVE or id, an indicator's value). */
    ref: z.string().nullable(),
    severity: z.string().nullable(),
    tlp: z.string().nullable(),
    status: z.string().nullable(),
  })
  .openapi('SearchAllHit');
export type SearchAllHit = z.output<typeof SearchAllHitSchema>;

export const SearchAllResultSchema = z
  .object({
    /** Every hit of the page, grouped by kind in the order of `groups`. */
    items: z.array(SearchAllHitSchema),
    groups: z.array(z.object({ kind: z.enum(SEARCH_KINDS), count: z.number().int(), next: z.string().nullable() })),
    /** With `kind`: the next page of that kind. Without: null (page a group with `kind` and its `next`). */
    next: z.string().nullable(),
  })
  .openapi('SearchAllResult');
