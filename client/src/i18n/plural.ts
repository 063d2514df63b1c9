import type { MessageKey } from './de';
import type { Language, Translate } from './index';

/** Message keys that have a `.one` and an `.other` form, named without the suffix (e.g. `ind.count`). */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never;
}[MessageKey];

const RULES: Record<Language, Intl.PluralRules> = { de: new Intl.PluralRules('de-DE'), en: new Intl.PluralRules('en-GB') };

/**
 * "1 Warnmeldung" / "2 Warnmeldungen": the key's `.one` or `.other` form chosen by Intl.PluralRules
 * (German and English know only these two categories). `{n}` in the message is `formatted`, by
 * default the plain number; other placeholders come from `params`.
 */
export function plural(t: Translate, lang: Language, key: PluralKey, n: number, formatted = String(n), params: Record<string, string | number> = {}): string {
  const form = RULES[lang].select(n) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}` as MessageKey, { ...params, n: formatted });
}
