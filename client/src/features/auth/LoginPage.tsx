import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useAnnounce } from '../../app/announcer';
import { useI18n, type Translate } from '../../i18n';
import { ApiError, type FieldError } from '../../lib/api';
import { fieldProblemText } from '../../lib/field-problems';
import { useSession } from '../../lib/session';
import { Link } from '../../app/router';
import { IdpButtons, SamlError, samlErrorFromLocation } from './IdpLogin';
import { wording, worded, type Wording } from '../../lib/wording';
import './auth.css';

type FieldName = 'email' | 'password' | 'totp';
/**
 * What the page says, kept in state as what words it (worded at render time, so it follows a
 * language switch): a sentence of ours, or a field problem of the server's (lib/field-problems.ts).
 */
type Said = Wording | FieldError;
type FieldErrors = Partial<Record<FieldName, Said>>;
/** The form's error: our sentence (with the server's field problems the fields do not show). */
type FormError = { wording: Wording };

const said = (t: Translate, value: Said | undefined): string | null => (!value ? null : 'key' in value ? worded(t, value) : fieldProblemText(t, value));

const FIELD_IDS: Record<FieldName, string> = { email: 'login-email', password: 'login-password', totp: 'login-totp' };
const FORM_ERROR_ID = 'login-form-error';
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Server error paths may be `email`, `/email`, `body.email` or `["email"]` (joined). */
function fieldOf(path: string): FieldName | null {
  const last = path.split(/[./]/).filter(Boolean).pop();
  return last === 'email' || last === 'password' || last === 'totp' ? last : null;
}

function validate(email: string, password: string, totp: string, needTotp: boolean): FieldErrors {
  const errors: FieldErrors = {};
  if (!email.trim()) errors.email = wording('login.error.emailRequired');
  else if (!EMAIL_PATTERN.test(email.trim())) errors.email = wording('login.error.emailInvalid');
  if (!password) errors.password = wording('login.error.passwordRequired');
  if (needTotp && !totp.trim()) errors.totp = wording('login.error.totpRequired');
  return errors;
}

interface Outcome {
  formError: FormError | null;
  info: Wording | null;
  fieldErrors: FieldErrors;
  needTotp: boolean;
}

function describeFailure(error: unknown, needTotp: boolean): Outcome {
  const base: Outcome = { formError: null, info: null, fieldErrors: {}, needTotp };
  const form = (key: Parameters<typeof wording>[0], params?: Parameters<typeof wording>[1]): FormError => ({ wording: wording(key, params) });
  if (!(error instanceof ApiError)) return { ...base, formError: form('login.error.unexpected') };
  if (error.code === 'TOTP_REQUIRED') {
    return needTotp
      ? { ...base, formError: form('login.error.totpRequired'), fieldErrors: { totp: wording('login.error.totpRequired') } }
      : { ...base, info: wording('login.totpPrompt'), needTotp: true };
  }
  if (error.code.includes('TOTP')) {
    return { ...base, formError: form('login.error.totpInvalid'), fieldErrors: { totp: wording('login.error.totpInvalid') } };
  }
  if (error.isNetworkError) return { ...base, formError: form('login.error.network') };
  if (error.status === 401) return { ...base, formError: form('login.error.credentials') };
  if (error.status === 429) {
    return { ...base, formError: error.retryAfter ? form('login.error.throttledSeconds', { seconds: error.retryAfter }) : form('login.error.throttled') };
  }
  if (error.status === 400 || error.status === 422) {
    const fieldErrors: FieldErrors = {};
    const other: FieldError[] = [];
    for (const item of error.errors) {
      const field = fieldOf(item.path);
      if (field && !fieldErrors[field]) fieldErrors[field] = item;
      else if (!field) other.push(item);
    }
    const lead = wording('login.error.validation');
    return { ...base, fieldErrors, formError: { wording: other.length > 0 ? wording('problem.withDetails', { message: lead, details: { fieldProblems: other } }) : lead } };
  }
  return { ...base, formError: form('login.error.unexpected') };
}

export function LoginPage({ notice }: { notice?: string }) {
  const { t } = useI18n();
  const { login } = useSession();
  const announce = useAnnounce();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FormError | null>(null);
  const [info, setInfo] = useState<Wording | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [focusTarget, setFocusTarget] = useState<{ field: FieldName } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // A failed SAML login comes back here from the ACS; shown until the next local attempt.
  const [samlError, setSamlError] = useState(() => samlErrorFromLocation(window.location.search));

  // After a logout or an expired session, start reading at the heading (the notice follows).
  useEffect(() => {
    if (notice) headingRef.current?.focus();
  }, [notice]);

  useEffect(() => {
    if (!focusTarget) return;
    document.getElementById(FIELD_IDS[focusTarget.field])?.focus();
  }, [focusTarget]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    const localErrors = validate(email, password, totp, needTotp);
    const firstInvalid = (['email', 'password', 'totp'] as const).find((field) => localErrors[field]);
    if (firstInvalid) {
      setFieldErrors(localErrors);
      setFormError({ wording: wording('login.error.validation') });
      setInfo(null);
      setFocusTarget({ field: firstInvalid });
      return;
    }
    setSubmitting(true);
    setSamlError(null);
    setFormError(null);
    setInfo(null);
    setFieldErrors({});
    try {
      await login({ email: email.trim(), password, totp: needTotp ? totp.replace(/\s/g, '') : undefined });
      announce(t('login.success'));
    } catch (error) {
      const outcome = describeFailure(error, needTotp);
      setFormError(outcome.formError);
      setInfo(outcome.info);
      setFieldErrors(outcome.fieldErrors);
      setNeedTotp(outcome.needTotp);
      if (error instanceof ApiError && error.status === 401 && !outcome.needTotp) setPassword('');
      const focusField =
        (['email', 'password', 'totp'] as const).find((field) => outcome.fieldErrors[field]) ??
        (outcome.needTotp && !needTotp ? 'totp' : error instanceof ApiError && error.status === 401 ? 'password' : null);
      if (focusField) setFocusTarget({ field: focusField });
      setSubmitting(false);
    }
  };

  const describedBy = (field: FieldName, hintId?: string) =>
    [hintId, fieldErrors[field] ? `${FIELD_IDS[field]}-error` : undefined, formError ? FORM_ERROR_ID : undefined]
      .filter(Boolean)
      .join(' ') || undefined;

  const fieldError = (field: FieldName) =>
    fieldErrors[field] ? (
      <p id={`${FIELD_IDS[field]}-error`} className="field-error">
        {said(t, fieldErrors[field])}
      </p>
    ) : null;

  return (
    <div className="login">
      <div className="login__intro">
        <p className="login__tagline">{t('app.tagline')}</p>
      </div>
      <section className="card login__card" aria-labelledby="login-heading">
        <h1 id="login-heading" ref={headingRef} tabIndex={-1}>
          {t('login.title')}
        </h1>
        <p className="login__lead">{t('login.intro')}</p>

        {notice ? <p className="notice notice--info">{notice}</p> : null}

        <div id={FORM_ERROR_ID} role="alert" className="login__alerts">
          {samlError ? <SamlError reason={samlError} /> : null}
          {formError ? (
            <div className="notice notice--error">
              <p className="notice__title">{t('login.errorHeading')}</p>
              <p>{worded(t, formError.wording)}</p>
            </div>
          ) : null}
          {info ? <p className="notice notice--info">{worded(t, info)}</p> : null}
        </div>

        <IdpButtons />

        <form className="form" noValidate onSubmit={(event) => void onSubmit(event)} aria-busy={submitting}>
          <div className={`field${fieldErrors.email ? ' field--invalid' : ''}`}>
            <label htmlFor={FIELD_IDS.email}>{t('login.email')}</label>
            {fieldError('email')}
            <input
              id={FIELD_IDS.email}
              name="email"
              type="email"
              inputMode="email"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={fieldErrors.email ? true : undefined}
              aria-describedby={describedBy('email')}
            />
          </div>
          <div className={`field${fieldErrors.password ? ' field--invalid' : ''}`}>
            <label htmlFor={FIELD_IDS.password}>{t('login.password')}</label>
            {fieldError('password')}
            <input
              id={FIELD_IDS.password}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={fieldErrors.password ? true : undefined}
              aria-describedby={describedBy('password')}
            />
          </div>
          {needTotp ? (
            <div className={`field${fieldErrors.totp ? ' field--invalid' : ''}`}>
              <label htmlFor={FIELD_IDS.totp}>{t('login.totp')}</label>
              <p id={`${FIELD_IDS.totp}-hint`} className="field-hint">
                {t('login.totpHint')}
              </p>
              {fieldError('totp')}
              <input
                id={FIELD_IDS.totp}
                name="totp"
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]*"
                maxLength={8}
                required
                className="input--code"
                value={totp}
                onChange={(event) => setTotp(event.target.value)}
                aria-invalid={fieldErrors.totp ? true : undefined}
                aria-describedby={describedBy('totp', `${FIELD_IDS.totp}-hint`)}
              />
            </div>
          ) : null}
          <button type="submit" className="button button--primary button--block">
            {submitting ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <p className="login__forgot">
          <Link to="/passwort-vergessen">{t('auth.forgot.link')}</Link>
        </p>
        <p className="login__help">{t('login.help')}</p>
      </section>
    </div>
  );
}
