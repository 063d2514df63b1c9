import type { ReactNode } from 'react';
import type { FieldError } from '../../../lib/api';
import { newKey, problemsAt, type ItemDraft } from './draft';
import { fieldProblemsText } from '../../../lib/field-problems';
import { useI18n } from '../../../i18n';

interface RepeatableFieldProps {
  /** Stable id prefix (from `useId`). */
  id: string;
  /** API field path of the list, e.g. `cvss`; item errors are at `<path>.<index>`. */
  path: string;
  legend: string;
  hint: string;
  items: ItemDraft[];
  onChange: (items: ItemDraft[]) => void;
  itemLabel: (index: number) => string;
  addLabel: string;
  removeLabel: (index: number) => string;
  errors: readonly FieldError[];
  /** Live feedback under an item (e.g. the computed CVSS base score), announced politely. */
  feedback?: (value: string) => ReactNode;
  inputType?: 'text' | 'url';
}

/**
 * A list of single-line values with "add" and "remove" buttons: each value has its own label and
 * its own error (at the API path `<path>.<index>`), so a screen reader user hears which one is wrong.
 */
export function RepeatableField(props: RepeatableFieldProps) {
  const { id, path, items, onChange, errors } = props;
  const { t } = useI18n();
  const listErrors = problemsAt(errors, path, true);
  const update = (key: string, value: string) => onChange(items.map((item) => (item.key === key ? { ...item, value } : item)));
  return (
    <fieldset className={`field repeatable${listErrors.length > 0 ? ' field--invalid' : ''}`} aria-describedby={`${id}-hint`}>
      <legend>{props.legend}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {props.hint}
      </p>
      {items.map((item, index) => {
        const itemErrors = problemsAt(errors, `${path}.${index}`);
        const inputId = `${id}-${item.key}`;
        const describedBy = [itemErrors.length > 0 ? `${inputId}-error` : null, props.feedback ? `${inputId}-feedback` : null].filter(Boolean).join(' ');
        return (
          <div key={item.key} className="repeatable__item">
            <label htmlFor={inputId}>{props.itemLabel(index)}</label>
            <div className="repeatable__row">
              <input
                id={inputId}
                type={props.inputType ?? 'text'}
                value={item.value}
                onChange={(event) => update(item.key, event.target.value)}
                aria-invalid={itemErrors.length > 0 || undefined}
                aria-describedby={describedBy || undefined}
                autoComplete="off"
                spellCheck={false}
              />
              <button type="button" className="button button--secondary button--small" onClick={() => onChange(items.filter((other) => other.key !== item.key))}>
                {props.removeLabel(index)}
              </button>
            </div>
            {props.feedback ? (
              <p id={`${inputId}-feedback`} className="field-hint" aria-live="polite">
                {props.feedback(item.value)}
              </p>
            ) : null}
            {itemErrors.length > 0 ? (
              <p id={`${inputId}-error`} className="field-error">
                {fieldProblemsText(t, itemErrors)}
              </p>
            ) : null}
          </div>
        );
      })}
      {listErrors.length > 0 ? <p className="field-error">{fieldProblemsText(t, listErrors)}</p> : null}
      <p>
        <button type="button" className="button button--secondary button--small" onClick={() => onChange([...items, { key: newKey(), value: '' }])}>
          {props.addLabel}
        </button>
      </p>
    </fieldset>
  );
}
