/**
 * The part of i18n a pure formatter needs: the reader's language, `t` for keys built from values the
 * API sends, and whether such a key exists. Structural and import-free, so the unit tests (root
 * tsconfig, NodeNext) load the formatters with the feature dictionaries they need, not the client's
 * whole i18n; pages get it from `useWords()` (i18n/use-words.ts).
 */
export type Words = {
  lang: 'de' | 'en';
  t: (key: string, params?: Record<string, string | number>) => string;
  has: (key: string) => boolean;
};

const PLURAL_RULES = { de: new Intl.PluralRules('de-DE'), en: new Intl.PluralRules('en-GB') };

/** "1 Tabelle" / "2 Tabellen": `key.one` or `key.other` (as i18n/plural.ts chooses), `{n}` formatted. */
export function pluralText(words: Words, key: string, n: number, params: Record<string, string | number> = {}): string {
  const form = PLURAL_RULES[words.lang].select(n) === 'one' ? 'one' : 'other';
  return words.t(`${key}.${form}`, { ...params, n: formatNumber(words.lang, n) });
}

export function formatNumber(lang: 'de' | 'en', value: number): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 2 }).format(value);
}
