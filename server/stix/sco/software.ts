/**
 * Software SCO (STIX 2.1 §6.14): `name` is required. `cpe` SHOULD be a CPE 2.3 string and
 * `languages` SHOULD be ISO 639-2 codes; both are SHOULDs, so they are not enforced.
 */
import { z } from 'zod';
import { list, scoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...scoCommonShape('software'),
  name: z.string(),
  cpe: z.string().optional(),
  swid: z.string().optional(),
  languages: list(z.string()).optional(),
  vendor: z.string().optional(),
  version: z.string().optional(),
});

/** Software, strict: for objects Lagebild authors. */
export const SoftwareSchema = schemas.strict;
/** Software, lenient: for ingestion (keeps `x_` custom properties). */
export const SoftwareLenientSchema = schemas.lenient;
/** Output type of `SoftwareSchema`. */
export type Software = z.infer<typeof SoftwareSchema>;
