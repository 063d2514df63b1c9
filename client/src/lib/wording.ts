/**
 * A sentence kept in state as what words it — a message key and its parameters — and worded at
 * render time, so a notice set before a language switch follows the switch. State never holds the
 * translated text itself.
 */
import type { MessageKey, Translate, TranslateParams } from '../i18n';

export interface Wording {
  key: MessageKey;
  params?: TranslateParams;
}

/** A wording of `key` (with `params`), to keep in state. */
export function wording(key: MessageKey, params?: TranslateParams): Wording {
  return params ? { key, params } : { key };
}

/** The sentence in the reader's current language; null stays null. */
export function worded(t: Translate, value: Wording | null | undefined): string | null {
  return value ? t(value.key, value.params) : null;
}
