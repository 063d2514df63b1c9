/**
 * Grouping SDO (STIX 2.1 §4.4): a set of objects sharing a context, not (yet) a finished report.
 * `context` (open vocabulary grouping-context-ov) and a non-empty `object_refs` are required.
 */
import { z } from 'zod';
import { list, sdoCommonShape, stixId } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...sdoCommonShape('grouping'),
  name: z.string().optional(),
  description: z.string().optional(),
  context: z.string(),
  object_refs: list(stixId()),
});

/** Grouping, strict: for objects Lagebild authors. */
export const GroupingSchema = schemas.strict;
/** Grouping, lenient: for ingestion (keeps `x_` custom properties). */
export const GroupingLenientSchema = schemas.lenient;
/** Output type of `GroupingSchema`. */
export type Grouping = z.infer<typeof GroupingSchema>;
