/**
 * The SSRF guard for URLs that users configure (organization webhooks), built on the one address
 * classification of feeds/address-guard.ts (shared with the feed fetcher): a save-time URL check,
 * and an undici dispatcher whose DNS lookup refuses loopback, private, link-local, metadata and
 * other non-public addresses on every connection, so DNS rebinding cannot slip past the save-time
 * check. The allow-list (settings) holds IP addresses and CIDR ranges; tests allow 127.0.0.1.
 */
import { isIP } from 'node:net';
import { Agent } from 'undici';
import { BlockedAddressError, guardedLookup, isAddressAllowed, type AddressAllowance } from '../../../feeds/address-guard.js';

export { BlockedAddressError, type AddressAllowance };

/** Why a URL was refused before any request, for a problem detail or a delivery log. */
export type UrlRefusal = 'not_http' | 'credentials' | 'private_address' | 'local_name';

/** Strips the brackets of an IPv6 URL host. */
function bareHost(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}

/** The allowance of a settings allow-list of IP addresses and CIDR ranges. */
export function allowanceOf(allowList: readonly string[]): AddressAllowance {
  return { allowedNetworks: allowList };
}

/**
 * Save-time check of a URL: http(s) only, no embedded credentials, no literal non-public IP (in any
 * spelling the WHATWG URL parser normalizes, e.g. `0x7f000001`) unless allow-listed, and no obviously
 * local name (`localhost`, `*.localhost`, `*.local`, `*.internal`, `*.home.arpa`). Names that
 * resolve to private addresses are caught at delivery time by {@link guardedDispatcher}.
 */
export function refuseUrl(raw: string, allowance: AddressAllowance): UrlRefusal | undefined {
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not_http';
  if (url.username !== '' || url.password !== '') return 'credentials';
  const host = bareHost(url.hostname).toLowerCase();
  if (isIP(host) !== 0) return isAddressAllowed(host, allowance) ? undefined : 'private_address';
  if (host === 'localhost' || /\.(localhost|local|internal|home\.arpa)\.?$/.test(host)) return 'local_name';
  return undefined;
}

/** Throws {@link BlockedAddressError} when the URL's host is a literal address that may not be reached. */
export function assertUrlReachable(raw: string, allowance: AddressAllowance): void {
  const host = bareHost(new URL(raw).hostname);
  if (isIP(host) !== 0 && !isAddressAllowed(host, allowance)) throw new BlockedAddressError(host, host);
}

/**
 * An undici dispatcher whose every connection passes the guard after DNS resolution. Literal IP
 * hosts never reach a DNS lookup, so {@link assertUrlReachable} must run first for them.
 */
export function guardedDispatcher(allowance: AddressAllowance, options: { connectTimeoutMs?: number } = {}): Agent {
  return new Agent({ connect: { lookup: guardedLookup(allowance), timeout: options.connectTimeoutMs ?? 10_000 } });
}
