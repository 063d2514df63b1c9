/**
 * URL SCO (STIX 2.1 §6.15): the value MUST be a URL per RFC 3986. Defanged values such as
 * `hxxp://…` still have a scheme, so they pass the same check.
 */
import type { z } from 'zod';
import { UriSchema, scoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...scoCommonShape('url'),
  value: UriSchema,
});

/** URL, strict: for objects Lagebild authors. */
export const UrlSchema = schemas.strict;
/** URL, lenient: for ingestion (keeps `x_` custom properties). */
export const UrlLenientSchema = schemas.lenient;
/** Output type of `UrlSchema`. */
export type Url = z.infer<typeof UrlSchema>;
