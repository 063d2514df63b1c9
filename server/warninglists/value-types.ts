/**
 * What a value is, for the warninglists: Lagebild's indicator types (plus hostname, SHA-512 and
 * phone numbers) and how they map to MISP attribute types, so a list's `matching_attributes` decide
 * whether it applies — exactly as in MISP. Composite MISP types (`domain|ip`, `ip-dst|port`,
 * `filename|md5`) are split into their parts.
 */
import { parseAddress } from './cidr-index.js';

export const WARNINGLIST_VALUE_TYPES = ['ipv4', 'ipv6', 'domain', 'hostname', 'url', 'email', 'md5', 'sha1', 'sha256', 'sha512', 'phone'] as const;
export type WarninglistValueType = (typeof WARNINGLIST_VALUE_TYPES)[number];

/** The MISP attribute types a value of our type stands for. */
export const MISP_TYPES_OF: Readonly<Record<WarninglistValueType, readonly string[]>> = {
  ipv4: ['ip-src', 'ip-dst'],
  ipv6: ['ip-src', 'ip-dst'],
  domain: ['domain', 'hostname'],
  hostname: ['hostname', 'domain'],
  url: ['url', 'uri', 'link'],
  email: ['email', 'email-src', 'email-dst', 'target-email', 'whois-registrant-email', 'dns-soa-email'],
  md5: ['md5', 'filename|md5'],
  sha1: ['sha1', 'filename|sha1'],
  sha256: ['sha256', 'filename|sha256'],
  sha512: ['sha512', 'filename|sha512'],
  phone: ['phone-number', 'whois-registrant-phone'],
};

/**
 * One string to compare with the lists. `derivedFrom` marks the host of a URL or the domain of an
 * e-mail address: such candidates are only compared with lists that protect the reporter or flag
 * special-purpose names (an internal host inside a URL is still internal), see engine.ts.
 */
export type Candidate = {
  type: WarninglistValueType | 'other';
  mispTypes: readonly string[];
  text: string;
  derivedFrom?: 'url-host' | 'email-domain';
  /** The parsed address, memoized by the CIDR lists (null: not an address). */
  address?: ReturnType<typeof parseAddress> | null;
};

/** Digits of a phone number in national form: "+49 3631 0000" and "03631/0000" are both "036310000". */
export function normalizePhone(value: string): string {
  const digits = value.replace(/^\s*\+/, '00').replace(/\D/g, '');
  return digits.startsWith('0049') ? `0${digits.slice(4)}` : digits;
}

function hostCandidate(host: string, derivedFrom: 'url-host' | 'email-domain'): Candidate | undefined {
  const text = host.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (text.length === 0) return undefined;
  const address = parseAddress(text);
  if (address) return { type: address.family, mispTypes: MISP_TYPES_OF[address.family], text, derivedFrom };
  return { type: 'domain', mispTypes: MISP_TYPES_OF.domain, text, derivedFrom };
}

function urlHost(value: string): string | undefined {
  if (URL.canParse(value)) return new URL(value).hostname || undefined;
  // Scheme-less "evil.example/path" as MISP writes URLs without a scheme.
  const host = /^([^/?#@\s]+)[/?#]/.exec(value)?.[1];
  return host?.replace(/:\d+$/, '');
}

/** The candidates of a value of one of our types: the value itself, plus a URL's host or an address's domain. */
export function candidatesOf(type: WarninglistValueType, value: string): Candidate[] {
  const trimmed = value.trim();
  if (trimmed.length === 0) return [];
  switch (type) {
    case 'ipv4':
    case 'ipv6':
    case 'domain':
    case 'hostname':
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return [{ type, mispTypes: MISP_TYPES_OF[type], text: trimmed.toLowerCase().replace(/\.$/, '') }];
    case 'phone':
      return [{ type, mispTypes: MISP_TYPES_OF.phone, text: normalizePhone(trimmed) }];
    case 'url': {
      const host = urlHost(trimmed);
      const derived = host ? hostCandidate(host, 'url-host') : undefined;
      return [{ type, mispTypes: MISP_TYPES_OF.url, text: trimmed }, ...(derived ? [derived] : [])];
    }
    case 'email': {
      const at = trimmed.lastIndexOf('@');
      const derived = at > 0 ? hostCandidate(trimmed.slice(at + 1), 'email-domain') : undefined;
      return [{ type, mispTypes: MISP_TYPES_OF.email, text: trimmed.toLowerCase() }, ...(derived ? [derived] : [])];
    }
  }
}

// A Map, not an object literal: a MISP type named `valueOf` or `constructor` must not find Object.prototype.
const HASH_TYPES: ReadonlyMap<string, WarninglistValueType> = new Map([['md5', 'md5'], ['sha1', 'sha1'], ['sha256', 'sha256'], ['sha512', 'sha512']]);

/** Our type of a simple MISP attribute type and value, or undefined for types the lists do not cover. */
function valueTypeOfMisp(mispType: string, value: string): WarninglistValueType | undefined {
  if (mispType === 'ip-src' || mispType === 'ip-dst') return parseAddress(value)?.family;
  if (mispType === 'domain') return 'domain';
  if (mispType === 'hostname') return 'hostname';
  if (mispType === 'url' || mispType === 'uri' || mispType === 'link') return 'url';
  if (MISP_TYPES_OF.email.includes(mispType)) return 'email';
  if (mispType === 'phone-number' || mispType === 'whois-registrant-phone') return 'phone';
  return HASH_TYPES.get(mispType);
}

/**
 * The candidates of a MISP attribute: composite types (`a|b`, and `malware-sample` as filename|md5)
 * split like MISP does; each part keeps the attribute's own type name so `matching_attributes`
 * such as `ip-dst|port` or `domain|ip` apply as they do in MISP.
 */
export function candidatesOfMispAttribute(mispType: string, value: string): Candidate[] {
  const composite = mispType === 'malware-sample' ? ['filename', 'md5'] : mispType.includes('|') ? mispType.split('|', 2) : [mispType];
  const parts = composite.length > 1 ? value.split('|', 2) : [value];
  const candidates: Candidate[] = [];
  parts.forEach((part, index) => {
    const partType = composite[index] === 'ip' ? (parseAddress(part) ? 'ip-dst' : undefined) : composite[index];
    const ours = partType ? valueTypeOfMisp(partType, part) : undefined;
    if (ours) {
      for (const candidate of candidatesOf(ours, part)) candidates.push(candidate.derivedFrom ? candidate : { ...candidate, mispTypes: [...candidate.mispTypes, mispType] });
    } else if (part.trim().length > 0) {
      // A type the lists have no semantics for (filename, ja3 …): compared as MISP would, as a plain string.
      candidates.push({ type: 'other', mispTypes: [mispType], text: part.trim() });
    }
  });
  return candidates;
}
