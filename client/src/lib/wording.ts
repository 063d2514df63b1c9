/**
 * A sentence kept in state as what words it — a message key and its parameters — and worded at
 * render time, so a notice set before a language switch follows the switch. State never holds the
 * translated text itself.
 */
import type { MessageKey, Translate } from '../i18n';
import type { PluralKey } from '../i18n/plural';
import type { FieldError } from './api';
import { fieldProblemText } from './field-problems';

/** The field problems of an API answer, worded one after the other (lib/field-problems.ts). */
export interface FieldProblemsParam {
  fieldProblems: readonly FieldError[];
  /** The form's labels of the API's field paths (`schedule` → "Zeitplan"); other paths show as they are. */
  fieldLabels?: Readonly<Partial<Record<string, MessageKey>>>;
}

/** Parameters of a wording: plain values, wordings of their own (a role's label, say), or an answer's field problems. */
export type WordingParams = Record<string, string | number | Wording | FieldProblemsParam>;

export interface Wording {
  key: MessageKey;
  params?: WordingParams;
}

/** A wording of `key` (with `params`), to keep in state. */
export function wording(key: MessageKey, params?: WordingParams): Wording {
  return params ? { key, params } : { key };
}

/**
 * "1 Mitglied entfernt" / "3 Mitglieder entfernt": the `.one` or `.other` form of `key` for `n`.
 * German and English put only exactly 1 in the `one` category, so the form chosen now holds after a
 * language switch.
 */
export function pluralWording(key: PluralKey, n: number, params: WordingParams = {}): Wording {
  return { key: `${key}.${n === 1 ? 'one' : 'other'}` as MessageKey, params: { ...params, n } };
}

/** The sentence in the reader's current language; null stays null. */
export function worded(t: Translate, value: Wording | null | undefined): string | null {
  if (!value) return null;
  if (!value.params) return t(value.key);
  const params: Record<string, string | number> = {};
  for (const [name, param] of Object.entries(value.params)) {
    if (typeof param !== 'object') params[name] = param;
    else if ('fieldProblems' in param) params[name] = fieldProblemsWorded(t, param);
    else params[name] = worded(t, param) ?? '';
  }
  return t(value.key, params);
}

/** Each field problem as "<field>: <sentence>", the field by its label where the form names one. */
function fieldProblemsWorded(t: Translate, { fieldProblems, fieldLabels = {} }: FieldProblemsParam): string {
  return fieldProblems
    .map((item) => {
      if (!item.path) return fieldProblemText(t, item);
      const label = fieldLabels[item.path];
      return t('fieldProblem.at', { field: label ? t(label) : item.path, message: fieldProblemText(t, item) });
    })
    .join(' ');
}
