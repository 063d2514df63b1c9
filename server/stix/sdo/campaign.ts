/**
 * Campaign SDO (STIX 2.1 §4.2): a grouping of adversarial behaviours over time against a
 * particular set of targets. `name` is required; last_seen MUST NOT precede first_seen.
 */
import { z } from 'zod';
import { TimestampSchema, checkOrder, list, sdoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas(
  {
    ...sdoCommonShape('campaign'),
    name: z.string(),
    description: z.string().optional(),
    aliases: list(z.string()).optional(),
    first_seen: TimestampSchema.optional(),
    last_seen: TimestampSchema.optional(),
    objective: z.string().optional(),
  },
  (value, ctx) => checkOrder(value, ctx, 'first_seen', 'last_seen'),
);

/** Campaign, strict: for objects Lagebild authors. */
export const CampaignSchema = schemas.strict;
/** Campaign, lenient: for ingestion (keeps `x_` custom properties). */
export const CampaignLenientSchema = schemas.lenient;
/** Output type of `CampaignSchema`. */
export type Campaign = z.infer<typeof CampaignSchema>;
