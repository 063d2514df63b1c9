/**
 * Intrusion Set SDO (STIX 2.1 §4.9): adversarial behaviours and resources believed to be
 * orchestrated by one organisation. `name` is required; last_seen MUST NOT precede first_seen.
 */
import { z } from 'zod';
import { TimestampSchema, checkOrder, list, sdoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas(
  {
    ...sdoCommonShape('intrusion-set'),
    name: z.string(),
    description: z.string().optional(),
    aliases: list(z.string()).optional(),
    first_seen: TimestampSchema.optional(),
    last_seen: TimestampSchema.optional(),
    goals: list(z.string()).optional(),
    resource_level: z.string().optional(),
    primary_motivation: z.string().optional(),
    secondary_motivations: list(z.string()).optional(),
  },
  (value, ctx) => checkOrder(value, ctx, 'first_seen', 'last_seen'),
);

/** Intrusion Set, strict: for objects Lagebild authors. */
export const IntrusionSetSchema = schemas.strict;
/** Intrusion Set, lenient: for ingestion (keeps `x_` custom properties). */
export const IntrusionSetLenientSchema = schemas.lenient;
/** Output type of `IntrusionSetSchema`. */
export type IntrusionSet = z.infer<typeof IntrusionSetSchema>;
