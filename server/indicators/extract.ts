/**
 * Free-text indicator extraction for the "bulk paste" of an incident: analysts and reporters paste
 * mail headers, SIEM lines or a vendor report whose indicators are *defanged* (`hxxp://evil[.]example`,
 * `user[at]example(dot)org`) so nobody clicks them by accident. `refang` undoes the usual defanging
 * conventions, `extractObservables` finds and classifies candidates, and every value is checked
 * with the STIX SCO rules before it is offered; nothing unvalidated comes out.
 *
 * Isomorphic (no Node imports) so the client could preview locally; the server stays the authority.
 */
import { isDomainName } from '../stix/sco/domain-name.js';
import { isIpv4Address } from '../stix/sco/ipv4-addr.js';
import { isIpv6Address } from '../stix/sco/ipv6-addr.js';

/** The observable kinds Lagebild turns into indicators. */
export const OBSERVABLE_TYPES = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

/** One classified, validated observable in canonical form. */
export type Observable = { type: ObservableType; value: string };

// Order matters: longer bracket forms first, so "[://]" is not eaten by "[:]".
const REFANG_RULES: [RegExp, string][] = [
  [/\bh(?:xx|XX|\*\*|__|XX)p(s?)(?=\s*(?:\[:\]|\(:\)|\[:\/\/\]|:))/gi, 'http$1'],
  [/\bf(?:x|X)p(?=\s*(?:\[:\]|\[:\/\/\]|:))/g, 'ftp'],
  [/\[:\/\/\]|\(:\/\/\)|\{:\/\/\}/g, '://'],
  [/\[:\]|\(:\)|\{:\}/g, ':'],
  [/\[\/\]|\(\/\)/g, '/'],
  [/\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|\\\.)\s*/gi, '.'],
  [/\s*(?:\[at\]|\(at\)|\{at\}|\[@\]|\(@\)|\{@\})\s*/gi, '@'],
];

/** Undoes common defanging: hxxp(s), h**p, fxp, [.], (.), {.}, [dot], (dot), \., [at], (at), [@], [:], [://], [/]. */
export function refang(text: string): string {
  let result = text;
  for (const [pattern, replacement] of REFANG_RULES) result = result.replace(pattern, replacement);
  return result;
}

// Extensions of files commonly named in incident text; "invoice.pdf" is a file, not a domain.
const FILE_EXTENSIONS = new Set(['exe', 'dll', 'pdf', 'doc', 'docx', 'docm', 'xls', 'xlsx', 'xlsm', 'ppt', 'pptx', 'txt', 'js', 'vbs', 'ps1', 'bat', 'cmd', 'lnk', 'iso', 'img', 'png', 'jpg', 'jpeg', 'gif', 'log', 'csv', 'json', 'xml', 'html', 'htm', 'tmp', 'dat', 'bin', 'sys', 'msi', 'hta', 'eml', 'rar', '7z', 'gz', 'tar']);

const HEX = /^[0-9a-f]+$/i;
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@([^@\s]+)$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const URL_SCHEME = /^(?:https?|ftp):\/\//i;

function isPlausibleDomain(value: string): boolean {
  if (!isDomainName(value) || !value.includes('.')) return false;
  const labels = value.replace(/\.$/, '').split('.');
  const tld = labels.at(-1) ?? '';
  if (!/^[a-z]{2,63}$/i.test(tld) && !/^xn--[a-z0-9-]{1,59}$/i.test(tld)) return false;
  return labels.every((label) => DOMAIN_LABEL.test(label));
}

function isUrl(value: string): boolean {
  if (!URL_SCHEME.test(value) || !URL.canParse(value)) return false;
  const host = new URL(value).hostname.replace(/^\[|\]$/g, '');
  return host.length > 0 && (isPlausibleDomain(host) || isIpv4Address(host) || isIpv6Address(host));
}

/**
 * Classifies one already refanged token and returns it in canonical form (hashes, domains and
 * IPv6 lower-cased; URLs kept as written because paths are case-sensitive), or undefined.
 */
export function classifyObservable(token: string): Observable | undefined {
  const value = token.trim();
  if (value.length === 0 || value.length > 2048) return undefined;
  if (URL_SCHEME.test(value)) return isUrl(value) ? { type: 'url', value } : undefined;
  if (HEX.test(value)) {
    const hash = value.toLowerCase();
    if (hash.length === 32) return { type: 'md5', value: hash };
    if (hash.length === 40) return { type: 'sha1', value: hash };
    if (hash.length === 64) return { type: 'sha256', value: hash };
    return undefined;
  }
  if (isIpv4Address(value)) return { type: 'ipv4', value };
  if (value.includes(':')) return isIpv6Address(value) ? { type: 'ipv6', value: value.toLowerCase() } : undefined;
  const email = EMAIL.exec(value);
  if (email) {
    const domain = email[1] ?? '';
    if (!isPlausibleDomain(domain) || value.startsWith('.') || value.includes('..')) return undefined;
    const at = value.lastIndexOf('@');
    return { type: 'email', value: `${value.slice(0, at)}@${domain.toLowerCase()}` };
  }
  if (isPlausibleDomain(value)) {
    const tld = value.replace(/\.$/, '').split('.').at(-1)!.toLowerCase();
    if (FILE_EXTENSIONS.has(tld)) return undefined;
    return { type: 'domain', value: value.replace(/\.$/, '').toLowerCase() };
  }
  return undefined;
}

/** Validates a typed observable from a structured form; returns the canonical form or undefined. */
export function validateObservable(type: ObservableType, value: string): Observable | undefined {
  const classified = classifyObservable(refang(value));
  return classified?.type === type ? classified : undefined;
}

// Punctuation that surrounds indicators in prose and tables, but never ends a valid one.
const TRAILING = /[.,;:!?'"»«)\]}>]+$/;
const LEADING = /^[(<["'«»{]+/;

/** The result of a bulk paste: distinct observables in order of first appearance, and the count of tokens that looked like indicators but failed validation. */
export type Extraction = { observables: Observable[]; rejected: string[] };

/**
 * Extracts every valid observable from free text (after refanging). Duplicates collapse; tokens
 * that were clearly meant as indicators (defanged, or with a scheme) but fail validation are
 * returned in `rejected` so the preview can say so.
 */
export function extractObservables(text: string, maxObservables = 1000): Extraction {
  const refanged = refang(text.slice(0, 1_000_000));
  const seen = new Set<string>();
  const observables: Observable[] = [];
  const rejected: string[] = [];
  for (const raw of refanged.split(/[\s,;|"'<>`]+/)) {
    const token = raw.replace(LEADING, '').replace(TRAILING, '');
    if (token.length === 0) continue;
    const observable = classifyObservable(token);
    if (!observable) {
      if (URL_SCHEME.test(token) && rejected.length < 100) rejected.push(token.slice(0, 200));
      continue;
    }
    const key = `${observable.type}:${observable.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    observables.push(observable);
    if (observables.length >= maxObservables) break;
  }
  return { observables, rejected };
}
