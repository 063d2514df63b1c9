/**
 * Sighting SRO (STIX 2.1 §5.2): the belief that something (usually an indicator) was seen.
 * Required: sighting_of_ref (not an SRO, meta object or bundle). count is 0..999,999,999;
 * observed_data_refs point at observed-data, where_sighted_refs at identities or locations;
 * last_seen MUST NOT precede first_seen.
 */
import { z } from 'zod';
import { TimestampSchema, addIssue, checkOrder, list, sdoCommonShape, stixId, stixIdType } from '../common.js';
import { defineStixSchemas } from '../define.js';
import { NON_RELATABLE_TYPES } from '../types.js';

const schemas = defineStixSchemas(
  {
    ...sdoCommonShape('sighting'),
    description: z.string().optional(),
    first_seen: TimestampSchema.optional(),
    last_seen: TimestampSchema.optional(),
    count: z.number().int().min(0).max(999_999_999).optional(),
    sighting_of_ref: stixId(),
    observed_data_refs: list(stixId('observed-data')).optional(),
    where_sighted_refs: list(stixId('identity', 'location')).optional(),
    summary: z.boolean().optional(),
  },
  (value, ctx) => {
    const type = stixIdType(value.sighting_of_ref);
    if (NON_RELATABLE_TYPES.includes(type)) addIssue(ctx, ['sighting_of_ref'], `sighting_of_ref must not point at a ${type}`);
    checkOrder(value, ctx, 'first_seen', 'last_seen');
  },
);

/** Sighting, strict: for objects Lagebild authors. */
export const SightingSchema = schemas.strict;
/** Sighting, lenient: for ingestion (keeps `x_` custom properties). */
export const SightingLenientSchema = schemas.lenient;
/** Output type of `SightingSchema`. */
export type Sighting = z.infer<typeof SightingSchema>;
