/**
 * Indicator SDO (STIX 2.1 §4.7): a pattern that detects suspicious or malicious activity.
 * Required: pattern, pattern_type (open vocabulary pattern-type-ov), valid_from. valid_until,
 * when present, MUST be later than valid_from. For `pattern_type: "stix"` the pattern is parsed
 * with our STIX Patterning parser (§9), so an unparseable pattern never enters the platform.
 */
import { z } from 'zod';
import { KillChainPhaseSchema, TimestampSchema, addIssue, checkOrder, list, sdoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';
import { validatePattern } from '../pattern/index.js';

const schemas = defineStixSchemas(
  {
    ...sdoCommonShape('indicator'),
    name: z.string().optional(),
    description: z.string().optional(),
    indicator_types: list(z.string()).optional(),
    pattern: z.string(),
    pattern_type: z.string(),
    pattern_version: z.string().optional(),
    valid_from: TimestampSchema,
    valid_until: TimestampSchema.optional(),
    kill_chain_phases: list(KillChainPhaseSchema).optional(),
  },
  (value, ctx) => {
    checkOrder(value, ctx, 'valid_from', 'valid_until', true);
    if (value.pattern_type !== 'stix') return;
    const result = validatePattern(value.pattern);
    if (!result.ok) {
      addIssue(ctx, ['pattern'], `Invalid STIX pattern at offset ${result.error.offset}: ${result.error.message}`);
    }
  },
);

/** Indicator, strict: for objects Lagebild authors. */
export const IndicatorSchema = schemas.strict;
/** Indicator, lenient: for ingestion (keeps `x_` custom properties; pattern still validated). */
export const IndicatorLenientSchema = schemas.lenient;
/** Output type of `IndicatorSchema`. */
export type Indicator = z.infer<typeof IndicatorSchema>;
