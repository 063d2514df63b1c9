import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from '../../app/router';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useI18n } from '../../i18n';
import type { ApiError} from '../../lib/api';
import { api } from '../../lib/api';
import { toApiError } from '../../lib/use-resource';
import { checkNewPassword, newPasswordProblem } from './password';
import { wording, worded, type Wording } from '../../lib/wording';
import './auth.css';

/** The address the reset mail links to (server/auth/account.service.ts builds it). */
export const PASSWORD_RESET_PATH = '/password-reset';
export const FORGOT_PASSWORD_PATH = '/passwort-vergessen';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads the token from the mailed link (`/password-reset#token=…`) once and drops it from the address bar. */
function takeTokenFromHash(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (token) window.history.replaceState(null, '', window.location.pathname);
  return token && /^[A-Za-z0-9_-]{20,200}$/.test(token) ? token : null;
}

function Card({ titleKey, children }: { titleKey: 'auth.forgot.title' | 'auth.reset.title'; children: ReactNode }) {
  const { t } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="login">
      <section className="card login__card" aria-labelledby="password-page-heading">
        <h1 id="password-page-heading" ref={headingRef} tabIndex={-1}>
          {t(titleKey)}
        </h1>
        {children}
        <p className="login__forgot">
          <Link to="/">{t('auth.back')}</Link>
        </p>
      </section>
    </div>
  );
}

/** "Passwort vergessen": asks for the reset mail. The answer is the same whether the account exists or not. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<Wording | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!EMAIL_PATTERN.test(email.trim())) {
      setFieldError(wording('login.error.emailInvalid'));
      document.getElementById('forgot-email')?.focus();
      return;
    }
    setFieldError(null);
    setError(null);
    setBusy(true);
    try {
      await api.post('/password-reset', { email: email.trim() });
      setSent(true);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card titleKey="auth.forgot.title">
      <p className="login__lead">{t('auth.forgot.intro')}</p>
      <ProblemNotice error={error} />
      <div role="status">{sent ? <p className="notice notice--success">{t('auth.forgot.sent')}</p> : null}</div>
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)} aria-busy={busy}>
        <div className={`field${fieldError ? ' field--invalid' : ''}`}>
          <label htmlFor="forgot-email">{t('login.email')}</label>
          {fieldError ? (
            <p id="forgot-email-error" className="field-error">
              {worded(t, fieldError)}
            </p>
          ) : null}
          <input
            id="forgot-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? 'forgot-email-error' : undefined}
          />
        </div>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? t('auth.forgot.submitting') : t('auth.forgot.submit')}
        </button>
      </form>
    </Card>
  );
}

/** The page the reset mail links to: a new password (twice) with the rules explained. */
export function PasswordResetPage() {
  const { t } = useI18n();
  const [token] = useState(takeTokenFromHash);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ password?: Wording; repeat?: Wording }>({});
  const [error, setError] = useState<Wording | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const local = checkNewPassword(password, repeat);
    setFieldErrors(local);
    if (local.password || local.repeat) {
      document.getElementById(local.password ? 'reset-password' : 'reset-repeat')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post('/password-reset/confirm', { token, newPassword: password });
      setDone(true);
    } catch (caught) {
      const apiError = toApiError(caught);
      const problem = newPasswordProblem(apiError);
      if (problem) setFieldErrors({ password: problem });
      else setError(wording(apiError.code === 'RESET_TOKEN_INVALID' || apiError.status === 400 ? 'auth.reset.invalid' : 'common.error.unexpected'));
    } finally {
      setBusy(false);
    }
  };

  if (!token && !done) {
    return (
      <Card titleKey="auth.reset.title">
        <p className="notice notice--error">{t('auth.reset.missingToken')}</p>
        <p>
          <Link to={FORGOT_PASSWORD_PATH}>{t('auth.reset.requestNew')}</Link>
        </p>
      </Card>
    );
  }

  const field = (id: 'reset-password' | 'reset-repeat', name: 'password' | 'repeat', value: string, onChange: (value: string) => void) => (
    <div className={`field${fieldErrors[name] ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{t(name === 'password' ? 'auth.reset.newPassword' : 'auth.reset.repeatPassword')}</label>
      {name === 'password' ? (
        <p id="reset-rules" className="field-hint">
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
        autoComplete="new-password"
        required
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={fieldErrors[name] ? true : undefined}
        aria-describedby={[name === 'password' ? 'reset-rules' : '', fieldErrors[name] ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
      />
    </div>
  );

  return (
    <Card titleKey="auth.reset.title">
      <div role="status">{done ? <p className="notice notice--success">{t('auth.reset.done')}</p> : null}</div>
      <ProblemNotice message={worded(t, error)} />
      {done ? null : (
        <>
          <p className="login__lead">{t('auth.reset.intro')}</p>
          <form className="form" noValidate onSubmit={(event) => void onSubmit(event)} aria-busy={busy}>
            {field('reset-password', 'password', password, setPassword)}
            {field('reset-repeat', 'repeat', repeat, setRepeat)}
            <button type="submit" className="button button--primary button--block" disabled={busy}>
              {busy ? t('auth.reset.submitting') : t('auth.reset.submit')}
            </button>
          </form>
        </>
      )}
    </Card>
  );
}
