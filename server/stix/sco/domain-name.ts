/**
 * Domain Name SCO (STIX 2.1 §6.4). The value is an (internationalised) host name; we check only
 * what no real domain violates — no whitespace or URL punctuation, labels of 1-63 characters,
 * at most 253 characters — because DNS in the wild carries `_` labels and IDN text.
 */
import { z } from 'zod';
import { list, scoCommonShape, stixId } from '../common.js';
import { defineStixSchemas } from '../define.js';

/** True for a plausible host name (trailing root dot allowed). */
export function isDomainName(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253 || /[\s/@:?#]/.test(name)) return false;
  return name.split('.').every((label) => label.length >= 1 && label.length <= 63);
}

const schemas = defineStixSchemas({
  ...scoCommonShape('domain-name'),
  value: z.string().refine(isDomainName, 'Expected a domain name'),
  resolves_to_refs: list(stixId('ipv4-addr', 'ipv6-addr', 'domain-name')).optional(),
});

/** Domain Name, strict: for objects Lagebild authors. */
export const DomainNameSchema = schemas.strict;
/** Domain Name, lenient: for ingestion (keeps `x_` custom properties). */
export const DomainNameLenientSchema = schemas.lenient;
/** Output type of `DomainNameSchema`. */
export type DomainName = z.infer<typeof DomainNameSchema>;
