/**
 * Warninglist checks of the indicators a feed delivers (MISP events, TAXII collections, STIX
 * bundles), at ingestion: each equality test of an indicator's STIX pattern on an address, domain,
 * URL, e-mail address or file hash is checked with the shared warninglist engine
 * (server/warninglists). A hit — a private address, an empty-file hash, 8.8.8.8 — is stored on the
 * feed item with list, category and reason, so the card shows it and promotion asks for an override.
 */
import { observationComparisons, propertyTests, validatePattern } from '../stix/pattern/index.js';
import { z } from 'zod';
import { defaultWarninglistEngine, WARNING_CATEGORIES, WARNINGLIST_VALUE_TYPES, type WarninglistEngine, type WarninglistValueType } from '../warninglists/index.js';

const LocalizedReason = z.object({ de: z.string(), en: z.string() });

/** A flagged indicator of a feed item (stored in `feed_items.warnings`, returned by the feed-item API). */
export const IndicatorWarningSchema = z.object({
  /** The STIX indicator's id. */
  stixId: z.string(),
  /** The indicator's name (MISP: `ip-dst: 8.8.8.8`). */
  name: z.string().nullable(),
  type: z.enum(WARNINGLIST_VALUE_TYPES),
  value: z.string(),
  /** One per list that flags the value: list id and name, category, the entry that matched, reason in German and English. */
  flags: z.array(
    z.object({
      list: z.string(),
      listName: z.string(),
      category: z.enum(WARNING_CATEGORIES),
      source: z.enum(['misp', 'lagebild', 'organization', 'incident']),
      matched: z.string(),
      via: z.enum(['url-host', 'email-domain']).optional(),
      reason: LocalizedReason,
    }),
  ),
});
export type IndicatorWarning = z.infer<typeof IndicatorWarningSchema>;

/** Most flagged indicators kept per item (a card shows them; the count says the rest). */
export const MAX_WARNINGS_PER_ITEM = 500;

const HASHES: Record<string, WarninglistValueType> = { md5: 'md5', 'sha-1': 'sha1', sha1: 'sha1', 'sha-256': 'sha256', sha256: 'sha256', 'sha-512': 'sha512', sha512: 'sha512' };

/** The warninglist value type an object path names (`ipv4-addr:value`, `file:hashes.'SHA-256'`), or undefined. */
function valueTypeOf(objectType: string, steps: readonly { kind: string; name?: string }[]): WarninglistValueType | undefined {
  const names = steps.map((step) => (step.kind === 'property' ? (step.name ?? '') : '[]'));
  if (names.length === 1 && names[0] === 'value') {
    switch (objectType) {
      case 'ipv4-addr':
        return 'ipv4';
      case 'ipv6-addr':
        return 'ipv6';
      case 'domain-name':
        return 'domain';
      case 'url':
        return 'url';
      case 'email-addr':
        return 'email';
    }
  }
  if (objectType === 'file' && names.length === 2 && names[0] === 'hashes') return HASHES[names[1]!.toLowerCase()];
  return undefined;
}

/** The (type, value) pairs a pattern tests for equality; an unparsable pattern has none. */
export function patternValues(pattern: string): { type: WarninglistValueType; value: string }[] {
  const parsed = validatePattern(pattern);
  if (!parsed.ok) return [];
  const found: { type: WarninglistValueType; value: string }[] = [];
  for (const comparison of observationComparisons(parsed.ast.expression)) {
    for (const test of propertyTests(comparison)) {
      if (test.type !== 'comparison' || test.negated || test.operator !== '=' || test.value.kind !== 'string') continue;
      const type = valueTypeOf(test.path.objectType, test.path.steps);
      if (type) found.push({ type, value: test.value.value });
    }
  }
  return found;
}

/** The flagged indicators among STIX objects (others and unflagged ones are left out). */
export function indicatorWarnings(objects: readonly Record<string, unknown>[], engine: WarninglistEngine = defaultWarninglistEngine()): IndicatorWarning[] {
  const warnings: IndicatorWarning[] = [];
  for (const object of objects) {
    if (object.type !== 'indicator' || typeof object.pattern !== 'string' || typeof object.id !== 'string') continue;
    if (object.pattern_type !== undefined && object.pattern_type !== 'stix') continue;
    for (const { type, value } of patternValues(object.pattern)) {
      const flags = engine.check(type, value);
      if (flags.length > 0) warnings.push({ stixId: object.id, name: typeof object.name === 'string' ? object.name.slice(0, 300) : null, type, value: value.slice(0, 2048), flags });
    }
  }
  return warnings;
}
