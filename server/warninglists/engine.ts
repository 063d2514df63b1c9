/**
 * The warninglist engine: compiled lists and `check(type, value)` → flags. One engine with the
 * bundled lists is built per process (`defaultWarninglistEngine`); `extend` adds the lists of one
 * organization or incident without recompiling the bundled ones, so a check per share or per feed
 * item costs a few set lookups and binary searches.
 */
import { lagebildWarninglists, readBundledWarninglists } from './bundled.js';
import { BUNDLED_WARNINGLISTS, LAGEBILD_WARNINGLISTS } from './catalog.js';
import { compileWarninglist, type CompiledWarninglist } from './matchers.js';
import { candidatesOf, candidatesOfMispAttribute, type Candidate, type WarninglistValueType } from './value-types.js';
import type { CategorizedWarninglist, WarningCategory } from './warninglist.schema.js';

/** Why a value is flagged: which list, what it flags, the entry that matched, and a reason in both languages. */
export type WarningFlag = {
  /** The list's id: its upstream folder name (`rfc1918`) or `organization-domains`, `incident-emails` … */
  list: string;
  listName: string;
  category: WarningCategory;
  source: 'misp' | 'lagebild' | 'organization' | 'incident';
  /** The list entry that matched (a CIDR block, a domain, a hash …). */
  matched: string;
  /** Set when the match is on a URL's host or an e-mail address's domain rather than the value itself. */
  via?: 'url-host' | 'email-domain';
  reason: { de: string; en: string };
};

// Derived candidates (a URL's host, an address's domain) only count for lists that say something
// about the reporter or about address space; "hosted on a big cloud" says nothing about a URL.
const DERIVED_CATEGORIES: ReadonlySet<WarningCategory> = new Set(['special-purpose', 'own-identifier', 'personal-data']);

function reasonOf(meta: CategorizedWarninglist, matched: string): { de: string; en: string } {
  const catalog = meta.source === 'misp' || meta.source === 'lagebild' ? (Object.hasOwn(BUNDLED_WARNINGLISTS, meta.id) ? BUNDLED_WARNINGLISTS[meta.id] : Object.hasOwn(LAGEBILD_WARNINGLISTS, meta.id) ? LAGEBILD_WARNINGLISTS[meta.id] : undefined)?.reason : undefined;
  if (catalog) return { de: `${catalog.de}: ${matched}`, en: `${catalog.en}: ${matched}` };
  const kind: Record<WarningCategory, { de: string; en: string }> = {
    'own-identifier': { de: 'Kennung der meldenden Organisation', en: "The reporting organization's own identifier" },
    'personal-data': { de: 'Personenbezogene Daten', en: 'Personal data' },
    'special-purpose': { de: 'Adresse oder Name für besondere Zwecke', en: 'Special-purpose address or name' },
    'test-or-empty-hash': { de: 'Test- oder Leer-Hash', en: 'Test or empty hash' },
    'benign-service': { de: 'Bekannter legitimer Dienst', en: 'Well-known legitimate service' },
    'scanner-or-sinkhole': { de: 'Scanner oder Sinkhole', en: 'Scanner or sinkhole' },
  };
  const name = meta.title ?? { de: meta.list.name, en: meta.list.name };
  return { de: `${kind[meta.category].de} (${name.de}): ${matched}`, en: `${kind[meta.category].en} (${name.en}): ${matched}` };
}

/** An immutable set of compiled lists. */
export class WarninglistEngine {
  constructor(private readonly compiled: readonly CompiledWarninglist[]) {}

  /** The lists of this engine (for documentation pages and the feed log). */
  get lists(): { id: string; name: string; category: WarningCategory; source: string; entries: number; skipped: number }[] {
    return this.compiled.map((item) => ({ id: item.meta.id, name: item.meta.list.name, category: item.meta.category, source: item.meta.source, entries: item.meta.list.list.length, skipped: item.skipped }));
  }

  /** A new engine with these lists added (compiled now; the existing ones are shared). */
  extend(lists: readonly CategorizedWarninglist[]): WarninglistEngine {
    return lists.length === 0 ? this : new WarninglistEngine([...this.compiled, ...lists.map(compileWarninglist)]);
  }

  /** Flags of a value of one of Lagebild's indicator types; at most one flag per list. Never throws. */
  check(type: WarninglistValueType, value: string): WarningFlag[] {
    return this.checkCandidates(candidatesOf(type, value));
  }

  /** Flags of a MISP attribute (`ip-dst`, `domain|ip`, `filename|sha256` …), as MISP would apply the lists. Never throws. */
  checkMispAttribute(mispType: string, value: string): WarningFlag[] {
    return this.checkCandidates(candidatesOfMispAttribute(mispType, value));
  }

  private checkCandidates(candidates: Candidate[]): WarningFlag[] {
    const flags: WarningFlag[] = [];
    for (const compiled of this.compiled) {
      for (const candidate of candidates) {
        if (candidate.derivedFrom && !DERIVED_CATEGORIES.has(compiled.meta.category)) continue;
        if (compiled.appliesTo && !candidate.mispTypes.some((type) => compiled.appliesTo!.has(type))) continue;
        const matched = compiled.match(candidate);
        if (matched === undefined) continue;
        flags.push({
          list: compiled.meta.id,
          listName: compiled.meta.list.name,
          category: compiled.meta.category,
          source: compiled.meta.source,
          matched,
          ...(candidate.derivedFrom ? { via: candidate.derivedFrom } : {}),
          reason: reasonOf(compiled.meta, matched),
        });
        break;
      }
    }
    return flags;
  }
}

/** An engine over the given lists. */
export function createWarninglistEngine(lists: readonly CategorizedWarninglist[]): WarninglistEngine {
  return new WarninglistEngine(lists.map(compileWarninglist));
}

let bundled: WarninglistEngine | undefined;

/** The engine with every bundled MISP list, built on first use and shared by the process. */
export function defaultWarninglistEngine(): WarninglistEngine {
  bundled ??= createWarninglistEngine([...readBundledWarninglists(), ...lagebildWarninglists()]);
  return bundled;
}
