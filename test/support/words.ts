/**
 * lib/words.ts `Words` over feature dictionaries, as i18n/use-words.ts builds it over the client's
 * whole dictionary ({placeholder} substitution as i18n/index.tsx `format`).
 */
import type { Words } from '../../client/src/lib/words.js';

export function wordsOf(lang: Words['lang'], ...dictionaries: Record<string, string>[]): Words {
  const messages: Record<string, string> = Object.assign({}, ...dictionaries);
  const has = (key: string) => Object.prototype.hasOwnProperty.call(messages, key);
  return {
    lang,
    has,
    t: (key, params = {}) => (has(key) ? messages[key]!.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)) : key),
  };
}
