/**
 * Opinion SDO (STIX 2.1 §4.15): an assessment of the correctness of other objects. `opinion`
 * is a closed enumeration (opinion-enum) and `object_refs` is required.
 */
import { z } from 'zod';
import { list, sdoCommonShape, stixId } from '../common.js';
import { defineStixSchemas } from '../define.js';

/** opinion-enum (§10): closed, so it is enforced. */
export const OPINION_ENUM = ['strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree'] as const;

const schemas = defineStixSchemas({
  ...sdoCommonShape('opinion'),
  explanation: z.string().optional(),
  authors: list(z.string()).optional(),
  opinion: z.enum(OPINION_ENUM),
  object_refs: list(stixId()),
});

/** Opinion, strict: for objects Lagebild authors. */
export const OpinionSchema = schemas.strict;
/** Opinion, lenient: for ingestion (keeps `x_` custom properties). */
export const OpinionLenientSchema = schemas.lenient;
/** Output type of `OpinionSchema`. */
export type Opinion = z.infer<typeof OpinionSchema>;
