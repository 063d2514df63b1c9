/**
 * MAC Address SCO (STIX 2.1 §6.10): a single colon-delimited, lowercase MAC-48 address with
 * leading zeros (`d2:fb:49:24:37:18`), exactly as the spec requires.
 */
import { z } from 'zod';
import { scoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...scoCommonShape('mac-addr'),
  value: z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, 'Expected a lowercase colon-delimited MAC-48 address'),
});

/** MAC Address, strict: for objects Lagebild authors. */
export const MacAddrSchema = schemas.strict;
/** MAC Address, lenient: for ingestion (keeps `x_` custom properties). */
export const MacAddrLenientSchema = schemas.lenient;
/** Output type of `MacAddrSchema`. */
export type MacAddr = z.infer<typeof MacAddrSchema>;
