/**
 * Relationship SRO (STIX 2.1 §5.1): links two SDOs or SCOs, e.g. indicator `indicates` malware.
 * relationship_type is lowercase ASCII letters, digits and hyphens; source_ref and target_ref may
 * not point at SROs, meta objects or bundles; stop_time MUST be later than start_time.
 */
import { z } from 'zod';
import { TimestampSchema, addIssue, checkOrder, sdoCommonShape, stixId, stixIdType } from '../common.js';
import { defineStixSchemas } from '../define.js';
import { NON_RELATABLE_TYPES } from '../types.js';

const schemas = defineStixSchemas(
  {
    ...sdoCommonShape('relationship'),
    relationship_type: z.string().regex(/^[a-z0-9-]+$/, 'relationship_type is [a-z0-9-]+'),
    description: z.string().optional(),
    source_ref: stixId(),
    target_ref: stixId(),
    start_time: TimestampSchema.optional(),
    stop_time: TimestampSchema.optional(),
  },
  (value, ctx) => {
    for (const key of ['source_ref', 'target_ref'] as const) {
      const type = stixIdType(value[key]);
      if (NON_RELATABLE_TYPES.includes(type)) addIssue(ctx, [key], `${key} must not point at a ${type}`);
    }
    checkOrder(value, ctx, 'start_time', 'stop_time', true);
  },
);

/** Relationship, strict: for objects Lagebild authors. */
export const RelationshipSchema = schemas.strict;
/** Relationship, lenient: for ingestion (keeps `x_` custom properties). */
export const RelationshipLenientSchema = schemas.lenient;
/** Output type of `RelationshipSchema`. */
export type Relationship = z.infer<typeof RelationshipSchema>;
