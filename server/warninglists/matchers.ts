/**
 * One compiled list: its entries indexed for the list's type, and `match(candidate)` returning the
 * entry that matched. Semantics follow MISP's Warninglist model:
 *
 * - `string`: exact match (we compare lower-cased and without leading/trailing dots, since our
 *   values are canonical lower case and lists write domains as `.google.de` and `google.de` alike);
 * - `substring`: an entry occurs anywhere in the value;
 * - `hostname`: the value's host (of a URL; the domain of an e-mail address) equals an entry or is
 *   a subdomain of it;
 * - `cidr`: the value is an address inside one of the blocks;
 * - `regex`: a PCRE `/pattern/flags` entry matches (compiled as a JS RegExp; entries JS cannot
 *   compile are skipped and counted).
 */
import { CidrIndex, parseAddress } from './cidr-index.js';
import type { Candidate } from './value-types.js';
import type { CategorizedWarninglist, WarninglistType } from './warninglist.schema.js';

/** A list ready to match; `skipped` counts entries that could not be used (bad CIDR, bad regex). */
export type CompiledWarninglist = {
  meta: CategorizedWarninglist;
  /** The MISP attribute types it applies to; null: all. */
  appliesTo: ReadonlySet<string> | null;
  skipped: number;
  match(candidate: Candidate): string | undefined;
};

const trimDots = (value: string) => value.replace(/^\.+|\.+$/g, '');

function hostOf(candidate: Candidate): string | undefined {
  const text = candidate.text.toLowerCase();
  if (candidate.type === 'url') {
    if (URL.canParse(text)) return new URL(text).hostname.replace(/^\[|\]$/g, '') || undefined;
    return /^([^/?#@\s:]+)/.exec(text)?.[1];
  }
  if (candidate.type === 'email') return text.slice(text.lastIndexOf('@') + 1) || undefined;
  return text;
}

/** Compiles a PCRE-style `/pattern/flags` entry (or a bare pattern) into a RegExp, or undefined. */
export function compilePcre(entry: string): RegExp | undefined {
  const delimited = /^\/(.*)\/([a-zA-Z]*)$/s.exec(entry);
  const source = delimited ? delimited[1]! : entry;
  const flags = [...new Set((delimited?.[2] ?? '').split('').filter((flag) => 'imsu'.includes(flag)))].join('');
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}

function stringMatcher(entries: readonly string[]) {
  const set = new Map<string, string>();
  for (const entry of entries) {
    const key = trimDots(entry.trim().toLowerCase());
    if (key.length > 0 && !set.has(key)) set.set(key, entry);
  }
  return (candidate: Candidate) => set.get(trimDots(candidate.text.toLowerCase()));
}

function hostnameMatcher(entries: readonly string[]) {
  const set = new Map<string, string>();
  for (const entry of entries) {
    const key = trimDots(entry.trim().toLowerCase());
    if (key.length > 0 && !set.has(key)) set.set(key, entry);
  }
  return (candidate: Candidate) => {
    const host = hostOf(candidate);
    if (!host) return undefined;
    const labels = trimDots(host).split('.');
    for (let index = labels.length - 1; index >= 0; index--) {
      const hit = set.get(labels.slice(index).join('.'));
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
}

function substringMatcher(entries: readonly string[]) {
  const lowered = entries.map((entry) => ({ key: entry.toLowerCase(), entry })).filter((item) => item.key.length > 0);
  return (candidate: Candidate) => {
    const text = candidate.text.toLowerCase();
    return lowered.find((item) => text.includes(item.key))?.entry;
  };
}

function compileMatcher(type: WarninglistType, entries: readonly string[]): { match: (candidate: Candidate) => string | undefined; skipped: number } {
  switch (type) {
    case 'string':
      return { match: stringMatcher(entries), skipped: 0 };
    case 'substring':
      return { match: substringMatcher(entries), skipped: 0 };
    case 'hostname':
      return { match: hostnameMatcher(entries), skipped: 0 };
    case 'cidr': {
      const index = new CidrIndex(entries);
      return {
        match: (candidate) => {
          if (candidate.address === undefined) candidate.address = parseAddress(candidate.type === 'url' ? (hostOf(candidate) ?? '') : candidate.text) ?? null;
          return candidate.address ? index.lookup(candidate.address) : undefined;
        },
        skipped: index.skipped,
      };
    }
    case 'regex': {
      const compiled = entries.map((entry) => ({ entry, regex: compilePcre(entry) }));
      const usable = compiled.filter((item): item is { entry: string; regex: RegExp } => item.regex !== undefined);
      return { match: (candidate) => usable.find((item) => item.regex.test(candidate.text))?.entry, skipped: compiled.length - usable.length };
    }
  }
}

/** Indexes a list once; matching is then a set lookup, a binary search, or a scan for substrings and regexes. */
export function compileWarninglist(meta: CategorizedWarninglist): CompiledWarninglist {
  const attributes = meta.list.matching_attributes ?? [];
  const { match, skipped } = compileMatcher(meta.matchAs ?? meta.list.type, meta.list.list);
  return { meta, appliesTo: attributes.length > 0 ? new Set(attributes) : null, skipped, match };
}
