/**
 * Course of Action SDO (STIX 2.1 §4.3): a recommendation to prevent or respond to an attack.
 * `name` is required. The `action` property is reserved by the spec and MUST NOT be used, so
 * it is simply not part of the shape (strict mode rejects it; lenient mode drops it).
 */
import { z } from 'zod';
import { sdoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...sdoCommonShape('course-of-action'),
  name: z.string(),
  description: z.string().optional(),
});

/** Course of Action, strict: for objects Lagebild authors (advisory mitigations). */
export const CourseOfActionSchema = schemas.strict;
/** Course of Action, lenient: for ingestion (keeps `x_` custom properties). */
export const CourseOfActionLenientSchema = schemas.lenient;
/** Output type of `CourseOfActionSchema`. */
export type CourseOfAction = z.infer<typeof CourseOfActionSchema>;
