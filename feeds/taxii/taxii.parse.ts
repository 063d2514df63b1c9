/**
 * TAXII 2.1 resources (FORMATS.md "TAXII 2.1"; OASIS TAXII 2.1 §4–5): discovery
 * (`{title, default?, api_roots[]}`), API root information (`{title, versions[],
 * max_content_length}`), collections (`{collections[{id, title, can_read, can_write,
 * media_types}]}`) and the envelope that object reads return (`{more, next, objects[]}`).
 * Every object in an envelope is checked with the lenient STIX 2.1 schemas; invalid objects
 * become problems, the rest (with their `object_marking_refs`) are kept.
 */
import { z } from 'zod';
import { parseStixObject } from '../../server/stix/index.js';
import type { FeedProblem } from '../feed.js';
import { decodeJson, describeIssues, parseOrThrow } from '../source-util.js';

/** The TAXII 2.1 media type for every request and response. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

export const TaxiiDiscoverySchema = z.looseObject({
  title: z.string().max(1000),
  description: z.string().max(10_000).optional(),
  contact: z.string().max(1000).optional(),
  default: z.string().max(2048).optional(),
  api_roots: z.array(z.string().max(2048)).max(1000).optional(),
});
export type TaxiiDiscovery = z.infer<typeof TaxiiDiscoverySchema>;

export const TaxiiApiRootSchema = z.looseObject({
  title: z.string().max(1000),
  description: z.string().max(10_000).optional(),
  versions: z.array(z.string().max(200)).min(1).max(100),
  max_content_length: z.number().int().nonnegative(),
});
export type TaxiiApiRoot = z.infer<typeof TaxiiApiRootSchema>;

export const TaxiiCollectionSchema = z.looseObject({
  id: z.string().min(1).max(200),
  title: z.string().max(1000),
  description: z.string().max(10_000).optional(),
  can_read: z.boolean(),
  can_write: z.boolean(),
  media_types: z.array(z.string().max(200)).max(100).optional(),
});
export type TaxiiCollection = z.infer<typeof TaxiiCollectionSchema>;

const TaxiiCollectionsSchema = z.looseObject({ collections: z.array(TaxiiCollectionSchema).max(10_000).optional() });

const TaxiiEnvelopeShape = z.looseObject({
  more: z.boolean().optional(),
  next: z.string().max(10_000).optional(),
  objects: z.array(z.unknown()).max(100_000).optional(),
});

export type TaxiiEnvelope = {
  more: boolean;
  next: string | undefined;
  objects: Record<string, unknown>[];
  problems: FeedProblem[];
};

function decode(input: unknown, what: string): unknown {
  return typeof input === 'string' || Buffer.isBuffer(input) ? decodeJson(input, what) : input;
}

/** @throws FeedError bad_document */
export function parseTaxiiDiscovery(input: unknown): TaxiiDiscovery {
  return parseOrThrow(TaxiiDiscoverySchema, decode(input, 'TAXII discovery'), 'TAXII discovery');
}

/** @throws FeedError bad_document */
export function parseTaxiiApiRoot(input: unknown): TaxiiApiRoot {
  return parseOrThrow(TaxiiApiRootSchema, decode(input, 'TAXII API root'), 'TAXII API root');
}

/** @throws FeedError bad_document */
export function parseTaxiiCollections(input: unknown): TaxiiCollection[] {
  return parseOrThrow(TaxiiCollectionsSchema, decode(input, 'TAXII collections'), 'TAXII collections').collections ?? [];
}

/** True if an API root's `versions` include TAXII 2.1 (parameter spacing and case ignored). */
export function supportsTaxii21(root: TaxiiApiRoot): boolean {
  return root.versions.some((version) => version.replace(/\s+/g, '').toLowerCase() === TAXII_MEDIA_TYPE);
}

/**
 * Parses a TAXII 2.1 envelope. `more` defaults to false (§3.7). Objects failing the lenient STIX
 * 2.1 schemas become problems (ref = their id when they have one).
 * @throws FeedError bad_document when the body is not an envelope
 */
export function parseTaxiiEnvelope(input: unknown): TaxiiEnvelope {
  const envelope = parseOrThrow(TaxiiEnvelopeShape, decode(input, 'TAXII envelope'), 'TAXII envelope');
  const objects: Record<string, unknown>[] = [];
  const problems: FeedProblem[] = [];
  (envelope.objects ?? []).forEach((raw, index) => {
    const result = parseStixObject(raw, { mode: 'lenient' });
    const id = (raw as { id?: unknown } | null)?.id;
    if (!result.success) {
      problems.push({ ref: typeof id === 'string' ? id.slice(0, 200) : `objects[${index}]`, message: `STIX object rejected: ${describeIssues(result.error)}` });
      return;
    }
    objects.push(raw as Record<string, unknown>);
  });
  return { more: envelope.more ?? false, next: envelope.next, objects, problems };
}
