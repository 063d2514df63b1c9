import { TLP_LABELS, TlpBadge, type TlpLabel } from '../../../components/TlpBadge';
import { useI18n, type MessageKey } from '../../../i18n';
import type { FieldError } from '../../../lib/api';
import { PAP_LABELS, problemsAt, type PapLabel } from './draft';
import { fieldProblemsText } from '../../../lib/field-problems';

const TLP_TEXT: Record<TlpLabel, MessageKey> = {
  CLEAR: 'editor.tlp.clear',
  GREEN: 'editor.tlp.green',
  AMBER: 'editor.tlp.amber',
  'AMBER+STRICT': 'editor.tlp.amberStrict',
  RED: 'editor.tlp.red',
};

const PAP_TEXT: Record<PapLabel | '', MessageKey> = {
  '': 'advisoryForm.pap.none',
  CLEAR: 'advisoryForm.pap.clear',
  GREEN: 'advisoryForm.pap.green',
  AMBER: 'advisoryForm.pap.amber',
  RED: 'advisoryForm.pap.red',
};

function Errors({ id, errors }: { id: string; errors: FieldError[] }) {
  const { t } = useI18n();
  if (errors.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {fieldProblemsText(t, errors)}
    </p>
  );
}

/** The TLP 2.0 label as a radio group, each label explained in plain words next to its badge. */
export function TlpPicker({ id, value, onChange, errors }: { id: string; value: TlpLabel; onChange: (label: TlpLabel) => void; errors: readonly FieldError[] }) {
  const { t } = useI18n();
  const fieldErrors = problemsAt(errors, 'tlp');
  return (
    <fieldset className="field tlp-picker" aria-describedby={fieldErrors.length > 0 ? `${id}-error` : undefined}>
      <legend>{t('editor.tlp')}</legend>
      {TLP_LABELS.map((label) => (
        <div key={label} className="tlp-picker__option">
          <input id={`${id}-${label}`} type="radio" name={id} value={label} checked={value === label} onChange={() => onChange(label)} aria-describedby={`${id}-${label}-text`} />
          <label htmlFor={`${id}-${label}`}>
            <TlpBadge label={label} />
            <span id={`${id}-${label}-text`} className="tlp-picker__text">
              {t(TLP_TEXT[label])}
            </span>
          </label>
        </div>
      ))}
      <Errors id={`${id}-error`} errors={fieldErrors} />
    </fieldset>
  );
}

/**
 * The PAP 2.0 label (what recipients may do with the information, e.g. block indicators
 * visibly or only passively). "No label" is offered only while none is set: the API keeps a
 * label once given.
 */
export function PapPicker({ id, value, onChange, allowNone, errors }: { id: string; value: PapLabel | ''; onChange: (label: PapLabel | '') => void; allowNone: boolean; errors: readonly FieldError[] }) {
  const { t } = useI18n();
  const fieldErrors = problemsAt(errors, 'pap');
  const options: (PapLabel | '')[] = allowNone ? ['', ...PAP_LABELS] : [...PAP_LABELS];
  return (
    <fieldset className="field tlp-picker" aria-describedby={`${id}-hint${fieldErrors.length > 0 ? ` ${id}-error` : ''}`}>
      <legend>{t('advisoryForm.pap')}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {t('advisoryForm.papHint')}
      </p>
      {options.map((label) => (
        <div key={label || 'none'} className="tlp-picker__option">
          <input id={`${id}-${label || 'none'}`} type="radio" name={id} value={label} checked={value === label} onChange={() => onChange(label)} />
          <label htmlFor={`${id}-${label || 'none'}`}>
            <span className="tlp-picker__text">{t(PAP_TEXT[label])}</span>
          </label>
        </div>
      ))}
      <Errors id={`${id}-error`} errors={fieldErrors} />
    </fieldset>
  );
}
