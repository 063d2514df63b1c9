/**
 * Free text of a share (package name and description, the advisory draft) scrubbed before anyone
 * outside the incident reads it: the reporting organization's names become the anonymous label in
 * the right grammatical case; e-mail addresses, phone numbers and the names of the incident's people
 * are removed; internal host names and addresses (the organization's own, special-purpose ones, the
 * systems named in the report) are removed. Values the CERT chose to share as indicators stay.
 * The CERT's text is a draft under our rules, not the reporter's words, so a removal is visible as a
 * bracketed German marker and counted for the preview.
 */
import { classifyObservable, refang, scrubName, type ReporterLabel } from '../../indicators/index.js';
import { nameVariants, normalizePhone, type WarninglistEngine } from '../../warninglists/index.js';

/** What was removed, by kind, for the preview. */
export type Removals = Partial<Record<'organization-name' | 'email' | 'phone' | 'person-name' | 'internal-host' | 'internal-system', number>>;

/** What scrubbing needs to know about the incident. */
export type ScrubContext = {
  engine: WarninglistEngine;
  organizationNames: (string | null)[];
  label: ReporterLabel;
  personNames: string[];
  internalSystems: string[];
  /** Indicator values the CERT shares on purpose: left in the text. */
  keep: ReadonlySet<string>;
};

const EMAIL = /[\p{L}\p{N}._%+-]+\s*(?:@|\[at\]|\(at\)|\[@\])\s*[\p{L}\p{N}-]+(?:\s*(?:\.|\[\.\]|\(\.\)|\[dot\]|\(dot\))\s*[\p{L}\p{N}-]+)+/giu;
const PHONE = /(?<![\p{L}\p{N}+])(?:(?:\+|00)\d{1,3}[\s/.-]?(?:\(0\)\s?)?\(?\d{2,5}\)?[\s/.-]?\d[\d\s/.-]{3,}\d|0\d{2,5}\s?[/-]?\s?\d[\d\s-]{3,}\d)(?![\p{L}\p{N}])/gu;
const HOST_TOKEN = /(?<![\p{L}\p{N}@.-])(?:h(?:xx|tt)ps?(?:\[?:\]?)\/\/)?[\p{L}\p{N}[\]().:-]*[\p{L}\p{N}\]](?:\/[^\s<>"']*)?/giu;
const INTERNAL_CATEGORIES = new Set(['special-purpose', 'own-identifier', 'personal-data']);

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function count(removals: Removals, kind: keyof Removals, by = 1): void {
  removals[kind] = (removals[kind] ?? 0) + by;
}

function replaceWords(text: string, words: string[], marker: string, kind: keyof Removals, removals: Removals): string {
  let result = text;
  for (const word of [...new Set(words)].filter((item) => item.trim().length >= 3).sort((a, b) => b.length - a.length)) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word.trim())}(?![\\p{L}\\p{N}])`, 'giu');
    result = result.replace(pattern, () => {
      count(removals, kind);
      return marker;
    });
  }
  return result;
}

function isInternalHost(engine: WarninglistEngine, token: string): 'address' | 'host' | undefined {
  const observable = classifyObservable(refang(token));
  if (!observable || !['ipv4', 'ipv6', 'domain', 'url'].includes(observable.type)) return undefined;
  const internal = engine.check(observable.type, observable.value).some((flag) => INTERNAL_CATEGORIES.has(flag.category));
  if (!internal) return undefined;
  return observable.type === 'ipv4' || observable.type === 'ipv6' ? 'address' : 'host';
}

/** Scrubs one text; `removals` accumulates what was taken out. Addresses and hosts go first, names last, so a name inside an address is removed with the address. */
export function scrubText(text: string, context: ScrubContext, removals: Removals): string {
  let result = text.replace(EMAIL, (match) => {
    if (context.keep.has(refang(match).replace(/\s+/g, '').toLowerCase())) return match;
    count(removals, 'email');
    return '[E-Mail-Adresse entfernt]';
  });
  result = result.replace(HOST_TOKEN, (match) => {
    const trimmed = match.replace(/[.,;:!?)\]]+$/, '');
    if (trimmed.length < 3 || context.keep.has(refang(trimmed).toLowerCase())) return match;
    const kind = isInternalHost(context.engine, trimmed);
    if (!kind) return match;
    count(removals, 'internal-host');
    return `${kind === 'address' ? '[interne Adresse entfernt]' : '[interner Host entfernt]'}${match.slice(trimmed.length)}`;
  });
  result = result.replace(PHONE, (match) => {
    if (normalizePhone(match).length < 7) return match;
    count(removals, 'phone');
    return '[Telefonnummer entfernt]';
  });
  result = replaceWords(result, context.personNames.flatMap((name) => [name, ...nameVariants(name)]), '[Name entfernt]', 'person-name', removals);
  result = replaceWords(result, context.internalSystems, '[internes System entfernt]', 'internal-system', removals);
  const named = scrubName(result, context.organizationNames, context.label);
  if (named !== result) count(removals, 'organization-name');
  return named;
}

/** Scrubs every string in a JSON-like value (an advisory draft). */
export function scrubDeep(value: unknown, context: ScrubContext, removals: Removals): unknown {
  if (typeof value === 'string') return scrubText(value, context, removals);
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, context, removals));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubDeep(item, context, removals)]));
  return value;
}
