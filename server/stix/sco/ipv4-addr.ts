/**
 * IPv4 Address SCO (STIX 2.1 §6.8): one address or a CIDR block (`198.51.100.0/24`).
 * resolves_to_refs (mac-addr) and belongs_to_refs (autonomous-system) are deprecated in 2.1
 * but still valid.
 */
import { z } from 'zod';
import { list, scoCommonShape, stixId } from '../common.js';
import { defineStixSchemas } from '../define.js';

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`^(${OCTET}\\.){3}${OCTET}$`);

/** True for a dotted-quad IPv4 address without prefix. */
export function isIpv4Address(value: string): boolean {
  return IPV4_RE.test(value);
}

/** True for an IPv4 address with an optional `/0`-`/32` prefix. */
export function isIpv4Value(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  if (rest.length > 0 || !isIpv4Address(address)) return false;
  return prefix === undefined || /^(3[0-2]|[12]?\d)$/.test(prefix);
}

const schemas = defineStixSchemas({
  ...scoCommonShape('ipv4-addr'),
  value: z.string().refine(isIpv4Value, 'Expected an IPv4 address or CIDR block'),
  resolves_to_refs: list(stixId('mac-addr')).optional(),
  belongs_to_refs: list(stixId('autonomous-system')).optional(),
});

/** IPv4 Address, strict: for objects Lagebild authors. */
export const Ipv4AddrSchema = schemas.strict;
/** IPv4 Address, lenient: for ingestion (keeps `x_` custom properties). */
export const Ipv4AddrLenientSchema = schemas.lenient;
/** Output type of `Ipv4AddrSchema`. */
export type Ipv4Addr = z.infer<typeof Ipv4AddrSchema>;
