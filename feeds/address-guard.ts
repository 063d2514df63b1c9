/**
 * SSRF guard: which IP addresses outgoing requests (feeds, webhooks) may reach. Loopback, private,
 * link-local (incl. the cloud metadata address 169.254.169.254), CGNAT, documentation, multicast and
 * reserved ranges are refused unless the caller allow-lists them. IPv4-mapped and NAT64/6to4 IPv6
 * forms are judged by the IPv4 address they embed, so `::ffff:127.0.0.1` is loopback too.
 */
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const BLOCKED_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2001::', 32], // Teredo: tunnels to arbitrary IPv4
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const blocked = new BlockList();
for (const [network, prefix] of BLOCKED_V4) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of BLOCKED_V6) blocked.addSubnet(network, prefix, 'ipv6');

/** Which non-public addresses a caller permits: everything private, or listed addresses/CIDRs. */
export type AddressAllowance = {
  allowPrivateNetwork?: boolean;
  /** IPs or CIDRs (`127.0.0.1`, `10.20.0.0/16`, `::1`) reachable even though they are not public. */
  allowedNetworks?: readonly string[];
};

/** The IPv4 address embedded in an IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:(?:0:)?|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:(?:0:)?|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) return hexPairToIpv4(hex[1]!, hex[2]!);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour) return hexPairToIpv4(sixToFour[1]!, sixToFour[2]!);
  return undefined;
}

function hexPairToIpv4(high: string, low: string): string {
  const h = parseInt(high, 16);
  const l = parseInt(low, 16);
  return `${h >> 8}.${h & 255}.${l >> 8}.${l & 255}`;
}

function allowList(allowance: AddressAllowance): BlockList | undefined {
  if (!allowance.allowedNetworks?.length) return undefined;
  const list = new BlockList();
  for (const entry of allowance.allowedNetworks) {
    const [network = '', prefix] = entry.split('/');
    const family = isIP(network) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(network) === 0) throw new Error(`Not an IP address or CIDR: ${entry}`);
    if (prefix === undefined) list.addAddress(network, family);
    else list.addSubnet(network, Number(prefix), family);
  }
  return list;
}

/** True when the address is not publicly routable (and so refused unless allow-listed). */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 4) return blocked.check(address, 'ipv4');
  const v4 = embeddedIpv4(address);
  if (v4 !== undefined) return blocked.check(v4, 'ipv4');
  return blocked.check(address, 'ipv6');
}

/** Whether a request may connect to `address` under `allowance`. */
export function isAddressAllowed(address: string, allowance: AddressAllowance = {}): boolean {
  if (!isNonPublicAddress(address) || allowance.allowPrivateNetwork) return true;
  const list = allowList(allowance);
  if (!list) return false;
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  const v4 = family === 'ipv6' ? embeddedIpv4(address) : undefined;
  return v4 !== undefined ? list.check(v4, 'ipv4') || list.check(address, 'ipv6') : list.check(address, family);
}

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKEDADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`Refused to connect to ${host} (${address}): not a public address and not allow-listed`);
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A drop-in `lookup` for net/tls connect options: resolves like dns.lookup, then refuses the
 * connection if ANY resolved address is not allowed — checking at connect time defeats DNS rebinding
 * between a pre-check and the connection.
 */
export function guardedLookup(allowance: AddressAllowance) {
  return (hostname: string, options: { all?: boolean; family?: number | string } | number, callback: LookupCallback): void => {
    const family = typeof options === 'number' ? options : options.family;
    dnsLookup(hostname, { all: true, family: family === 'IPv6' ? 6 : family === 'IPv4' ? 4 : (family as 0 | 4 | 6 | undefined) ?? 0 }, (error, addresses) => {
      if (error) return callback(error, '');
      const refused = addresses.find((entry) => !isAddressAllowed(entry.address, allowance));
      if (refused) return callback(new BlockedAddressError(hostname, refused.address), '');
      if (typeof options === 'object' && options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}

/** Resolves a host name (or takes an IP literal) and throws BlockedAddressError if any address is not allowed. */
export async function assertHostAllowed(hostname: string, allowance: AddressAllowance): Promise<void> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) {
    if (!isAddressAllowed(bare, allowance)) throw new BlockedAddressError(hostname, bare);
    return;
  }
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(bare, { all: true }, (error, result) => (error ? reject(error) : resolve(result))),
  );
  const refused = addresses.find((entry) => !isAddressAllowed(entry.address, allowance));
  if (refused) throw new BlockedAddressError(hostname, refused.address);
}
