import { useState, type FormEvent } from 'react';
import { ProblemNotice, SuccessNotice } from '../../components/ProblemNotice';
import { useI18n } from '../../i18n';
import type { ApiError} from '../../lib/api';
import { api } from '../../lib/api';
import { toApiError } from '../../lib/use-resource';
import { checkNewPassword, newPasswordProblem } from '../auth/password';
import { wording, worded, type Wording } from '../../lib/wording';

type Field = 'current' | 'password' | 'repeat';
const IDS: Record<Field, string> = { current: 'pw-current', password: 'pw-new', repeat: 'pw-repeat' };

/**
 * Password change with the rules explained; the server ends the user's other sessions.
 * `oneTime`: the forced change after a login with an operator's one-time password — the current
 * password is the one-time password, and `onDone` continues into the platform.
 */
export function PasswordSection({ oneTime = false, onDone }: { oneTime?: boolean; onDone?: () => Promise<void> | void } = {}) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<Field, string>>({ current: '', password: '', repeat: '' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, Wording>>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Wording | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Partial<Record<Field, Wording>> = values.current ? {} : { current: wording('password.error.required') };
    Object.assign(local, checkNewPassword(values.password, values.repeat));
    setFieldErrors(local);
    setDone(null);
    const first = (['current', 'password', 'repeat'] as const).find((field) => local[field]);
    if (first) {
      document.getElementById(IDS[first])?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post('/me/password', { currentPassword: values.current, newPassword: values.password });
      setValues({ current: '', password: '', repeat: '' });
      setDone(wording('profile.password.done'));
      await onDone?.();
    } catch (caught) {
      const apiError = toApiError(caught);
      const problem = newPasswordProblem(apiError);
      if (problem) setFieldErrors({ password: problem });
      else if (apiError.code === 'INVALID_CREDENTIALS') setFieldErrors({ current: wording('profile.password.wrongCurrent') });
      else setError(apiError);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: Field, labelKey: 'profile.password.current' | 'profile.password.oneTimeCurrent' | 'profile.password.new' | 'profile.password.repeat') => {
    const id = IDS[name];
    const describedBy = [name === 'password' ? 'pw-rules' : '', fieldErrors[name] ? `${id}-error` : ''].filter(Boolean).join(' ');
    return (
      <div className={`field${fieldErrors[name] ? ' field--invalid' : ''}`}>
        <label htmlFor={id}>{t(labelKey)}</label>
        {name === 'password' ? (
          <p id="pw-rules" className="field-hint">
            {t('password.rules')}
          </p>
        ) : null}
        {fieldErrors[name] ? (
          <p id={`${id}-error`} className="field-error">
            {worded(t, fieldErrors[name])}
          </p>
        ) : null}
        <input
          id={id}
          type="password"
          autoComplete={name === 'current' ? 'current-password' : 'new-password'}
          required
          value={values[name]}
          onChange={(event) => setValues((previous) => ({ ...previous, [name]: event.target.value }))}
          aria-invalid={fieldErrors[name] ? true : undefined}
          aria-describedby={describedBy || undefined}
        />
      </div>
    );
  };

  return (
    <section className="card panel" aria-labelledby="password-heading">
      <h2 id="password-heading" className="section-title">
        {t(oneTime ? 'profile.password.oneTimeTitle' : 'profile.password.title')}
      </h2>
      {oneTime ? <p>{t('profile.password.oneTimeLead')}</p> : null}
      <ProblemNotice error={error} />
      <SuccessNotice message={worded(t, done)} />
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)} aria-busy={busy}>
        {field('current', oneTime ? 'profile.password.oneTimeCurrent' : 'profile.password.current')}
        {field('password', 'profile.password.new')}
        {field('repeat', 'profile.password.repeat')}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('profile.password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
