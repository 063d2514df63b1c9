/**
 * Report SDO (STIX 2.1 §4.16): a collection of threat intelligence about one or more topics.
 * Lagebild publishes each advisory as a report. Required: name, published, and a non-empty
 * object_refs.
 */
import { z } from 'zod';
import { TimestampSchema, list, sdoCommonShape, stixId } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...sdoCommonShape('report'),
  name: z.string(),
  description: z.string().optional(),
  report_types: list(z.string()).optional(),
  published: TimestampSchema,
  object_refs: list(stixId()),
});

/** Report, strict: for objects Lagebild authors (advisories). */
export const ReportSchema = schemas.strict;
/** Report, lenient: for ingestion (keeps `x_` custom properties). */
export const ReportLenientSchema = schemas.lenient;
/** Output type of `ReportSchema`. */
export type Report = z.infer<typeof ReportSchema>;
