import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ProblemNotice, SuccessNotice } from '../../components/ProblemNotice';
import { useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { toApiError, useResource } from '../../lib/use-resource';
import { wording, worded, type Wording } from '../../lib/wording';

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}

type Step = { kind: 'idle' } | { kind: 'enrolling'; enrolment: Enrolment } | { kind: 'recovery'; codes: string[] } | { kind: 'disabling' };

/** The recovery codes as a text file (data URL: no object URLs to revoke, allowed by the CSP). */
function recoveryFileHref(codes: string[]): string {
  const text = ['Lagebild – Wiederherstellungscodes / recovery codes', new Date().toISOString(), '', ...codes, ''].join('\n');
  return `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
}

/** TOTP: enrolment (QR code, confirm with a code, recovery codes shown once) and removal. */
export function MfaSection() {
  const { t } = useI18n();
  const { state, reload } = useResource<{ totp: boolean }>('/me/mfa');
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<Wording | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Wording | null>(null);
  const [busy, setBusy] = useState(false);
  const stepHeadingRef = useRef<HTMLHeadingElement>(null);

  // Each step starts at its heading, so keyboard and screen-reader users follow the flow.
  useEffect(() => {
    if (step.kind !== 'idle') stepHeadingRef.current?.focus();
  }, [step.kind]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await work();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const start = () =>
    run(async () => {
      const enrolment = await api.post<Enrolment>('/me/mfa/totp');
      setCode('');
      setFieldError(null);
      setStep({ kind: 'enrolling', enrolment });
    });

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    const digits = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setFieldError(wording('profile.mfa.codeFormat'));
      document.getElementById('mfa-code')?.focus();
      return;
    }
    setFieldError(null);
    void run(async () => {
      try {
        const result = await api.post<{ recoveryCodes: string[] }>('/me/mfa/totp/confirm', { code: digits });
        setStep({ kind: 'recovery', codes: result.recoveryCodes });
      } catch (caught) {
        if (caught instanceof ApiError && (caught.code === 'TOTP_INVALID' || caught.status === 401 || caught.status === 400)) {
          setFieldError(wording('profile.mfa.codeInvalid'));
          document.getElementById('mfa-code')?.focus();
          return;
        }
        throw caught;
      }
    });
  };

  const disable = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      try {
        await api.delete('/me/mfa/totp', { body: { password } });
      } catch (caught) {
        if (caught instanceof ApiError && caught.code === 'INVALID_CREDENTIALS') {
          setFieldError(wording('profile.password.wrongCurrent'));
          return;
        }
        throw caught;
      }
      setPassword('');
      setFieldError(null);
      setStep({ kind: 'idle' });
      setDone(wording('profile.mfa.disabledDone'));
      reload();
    });
  };

  const enabled = state.status === 'ready' && state.data.totp;
  return (
    <section className="card panel" aria-labelledby="mfa-heading">
      <h2 id="mfa-heading" className="section-title">
        {t('profile.mfa.title')}
      </h2>
      <p>{t('profile.mfa.intro')}</p>
      {state.status === 'error' ? <ProblemNotice error={state.error} onRetry={reload} /> : null}
      <ProblemNotice error={error} />
      <SuccessNotice message={worded(t, done)} />
      {state.status === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {state.status === 'ready' && step.kind === 'idle' ? (
        <>
          <p>
            <strong>{enabled ? t('profile.mfa.enabled') : t('profile.mfa.disabled')}</strong>
          </p>
          {enabled ? (
            <button type="button" className="button button--secondary" onClick={() => setStep({ kind: 'disabling' })}>
              {t('profile.mfa.disable')}
            </button>
          ) : (
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void start()}>
              {t('profile.mfa.start')}
            </button>
          )}
        </>
      ) : null}
      {step.kind === 'enrolling' ? (
        <div>
          <h3 ref={stepHeadingRef} tabIndex={-1}>
            {t('profile.mfa.scan')}
          </h3>
          <img className="qr-code" src={step.enrolment.qrCodeDataUrl} alt={t('profile.mfa.qrAlt')} width={200} height={200} />
          <p id="mfa-manual">{t('profile.mfa.manual')}</p>
          <p>
            {t('profile.mfa.secret')}: <code className="secret" data-testid="totp-secret">{step.enrolment.secret}</code>
          </p>
          <form className="form" noValidate onSubmit={confirm} aria-busy={busy}>
            <div className={`field${fieldError ? ' field--invalid' : ''}`}>
              <label htmlFor="mfa-code">{t('profile.mfa.code')}</label>
              <p id="mfa-code-hint" className="field-hint">
                {t('profile.mfa.confirmIntro')}
              </p>
              {fieldError ? (
                <p id="mfa-code-error" className="field-error">
                  {worded(t, fieldError)}
                </p>
              ) : null}
              <input
                id="mfa-code"
                className="input--code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                value={code}
                onChange={(event) => setCode(event.target.value)}
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={['mfa-code-hint', fieldError ? 'mfa-code-error' : ''].filter(Boolean).join(' ')}
              />
            </div>
            <div className="form__actions">
              <button type="submit" className="button button--primary" disabled={busy}>
                {t('profile.mfa.confirm')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setStep({ kind: 'idle' })}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </div>
      ) : null}
      {step.kind === 'recovery' ? (
        <div>
          <p className="notice notice--success">{t('profile.mfa.enabledDone')}</p>
          <h3 ref={stepHeadingRef} tabIndex={-1}>
            {t('profile.mfa.recoveryTitle')}
          </h3>
          <p>{t('profile.mfa.recoveryIntro')}</p>
          <ol className="recovery-codes" data-testid="recovery-codes">
            {step.codes.map((recoveryCode) => (
              <li key={recoveryCode}>{recoveryCode}</li>
            ))}
          </ol>
          <div className="form__actions no-print">
            <a className="button button--secondary" href={recoveryFileHref(step.codes)} download="lagebild-wiederherstellungscodes.txt">
              {t('profile.mfa.download')}
            </a>
            <button type="button" className="button button--secondary" onClick={() => window.print()}>
              {t('profile.mfa.print')}
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                setStep({ kind: 'idle' });
                reload();
              }}
            >
              {t('profile.mfa.recoveryDone')}
            </button>
          </div>
        </div>
      ) : null}
      {step.kind === 'disabling' ? (
        <form className="form" noValidate onSubmit={disable} aria-busy={busy}>
          <h3 ref={stepHeadingRef} tabIndex={-1}>
            {t('profile.mfa.disable')}
          </h3>
          <div className={`field${fieldError ? ' field--invalid' : ''}`}>
            <label htmlFor="mfa-password">{t('profile.mfa.disablePassword')}</label>
            {fieldError ? (
              <p id="mfa-password-error" className="field-error">
                {worded(t, fieldError)}
              </p>
            ) : null}
            <input
              id="mfa-password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? 'mfa-password-error' : undefined}
            />
          </div>
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy || !password}>
              {t('profile.mfa.disableConfirm')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setStep({ kind: 'idle' })}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
