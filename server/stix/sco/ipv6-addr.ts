/**
 * IPv6 Address SCO (STIX 2.1 §6.9): one address or a CIDR block (`2001:db8::/32`), including
 * `::` compression and an embedded IPv4 tail (`::ffff:192.0.2.1`).
 */
import { z } from 'zod';
import { list, scoCommonShape, stixId } from '../common.js';
import { defineStixSchemas } from '../define.js';
import { isIpv4Address } from './ipv4-addr.js';

const GROUP_RE = /^[0-9a-fA-F]{1,4}$/;

/** True for an RFC 4291 text-form IPv6 address without prefix. */
export function isIpv6Address(value: string): boolean {
  let text = value;
  if (text.includes('.')) {
    // An embedded IPv4 tail stands for the last two 16-bit groups.
    const lastColon = text.lastIndexOf(':');
    if (lastColon < 0 || !isIpv4Address(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!groups.every((group) => GROUP_RE.test(group))) return false;
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
}

/** True for an IPv6 address with an optional `/0`-`/128` prefix. */
export function isIpv6Value(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  if (rest.length > 0 || !isIpv6Address(address)) return false;
  return prefix === undefined || /^(12[0-8]|1[01]\d|[1-9]?\d)$/.test(prefix);
}

const schemas = defineStixSchemas({
  ...scoCommonShape('ipv6-addr'),
  value: z.string().refine(isIpv6Value, 'Expected an IPv6 address or CIDR block'),
  resolves_to_refs: list(stixId('mac-addr')).optional(),
  belongs_to_refs: list(stixId('autonomous-system')).optional(),
});

/** IPv6 Address, strict: for objects Lagebild authors. */
export const Ipv6AddrSchema = schemas.strict;
/** IPv6 Address, lenient: for ingestion (keeps `x_` custom properties). */
export const Ipv6AddrLenientSchema = schemas.lenient;
/** Output type of `Ipv6AddrSchema`. */
export type Ipv6Addr = z.infer<typeof Ipv6AddrSchema>;
