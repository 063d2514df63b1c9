/**
 * CIDR lookups in O(log n): each list's blocks become [start, end] ranges of one address family,
 * sorted by start with a running maximum of `end`, so a binary search finds the candidates and a
 * short walk back finds the block that contains the address (and its CIDR text for the flag).
 */
import ipaddr from 'ipaddr.js';

type Range = { start: bigint; end: bigint; entry: string };
type FamilyIndex = { ranges: Range[]; maxEnd: bigint[] };

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** The address as (family, number), IPv4-mapped IPv6 counted as IPv4; undefined when not an address. */
export function parseAddress(value: string): { family: 'ipv4' | 'ipv6'; value: bigint } | undefined {
  const trimmed = value.trim().replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(trimmed)) return undefined;
  // ipaddr accepts "1" or "0x7f.1" as IPv4 (inet_aton forms); indicators are dotted quads only.
  if (!trimmed.includes(':') && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(trimmed)) return undefined;
  const address = ipaddr.process(trimmed.replace(/%.*$/, ''));
  return { family: address.kind(), value: toBigInt(address.toByteArray()) };
}

function parseBlock(entry: string): Range & { family: 'ipv4' | 'ipv6' } | undefined {
  const text = entry.trim();
  try {
    const [address, bits] = text.includes('/') ? ipaddr.parseCIDR(text) : [ipaddr.parse(text), undefined];
    const processed = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
    const width = processed.kind() === 'ipv4' ? 32 : 128;
    const prefix = bits === undefined ? width : processed === address ? bits : bits - 96;
    if (prefix < 0 || prefix > width) return undefined;
    const host = BigInt(width - prefix);
    const start = (toBigInt(processed.toByteArray()) >> host) << host;
    return { family: processed.kind(), start, end: start + (1n << host) - 1n, entry: text };
  } catch {
    return undefined;
  }
}

function buildFamily(ranges: Range[]): FamilyIndex {
  ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const maxEnd: bigint[] = [];
  let running = -1n;
  for (const range of ranges) {
    running = range.end > running ? range.end : running;
    maxEnd.push(running);
  }
  return { ranges, maxEnd };
}

/** An index over CIDR blocks and single addresses; unparsable entries are counted, not fatal. */
export class CidrIndex {
  private readonly families: Record<'ipv4' | 'ipv6', FamilyIndex>;
  readonly skipped: number;

  constructor(entries: readonly string[]) {
    const byFamily: Record<'ipv4' | 'ipv6', Range[]> = { ipv4: [], ipv6: [] };
    let skipped = 0;
    for (const entry of entries) {
      const block = parseBlock(entry);
      if (block) byFamily[block.family].push({ start: block.start, end: block.end, entry: block.entry });
      else skipped += 1;
    }
    this.families = { ipv4: buildFamily(byFamily.ipv4), ipv6: buildFamily(byFamily.ipv6) };
    this.skipped = skipped;
  }

  /** The block (as written in the list) containing the address, or undefined. */
  lookup(address: { family: 'ipv4' | 'ipv6'; value: bigint }): string | undefined {
    const { ranges, maxEnd } = this.families[address.family];
    let low = 0;
    let high = ranges.length - 1;
    let last = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (ranges[middle]!.start <= address.value) {
        last = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    for (let index = last; index >= 0 && maxEnd[index]! >= address.value; index--) {
      if (ranges[index]!.end >= address.value) return ranges[index]!.entry;
    }
    return undefined;
  }
}
