import { useI18n, type Translate } from '../i18n';
import type { ApiError } from '../lib/api';
import { problemWording } from '../lib/problem-wording';
import { worded } from '../lib/wording';

/** A user-facing sentence for an API error, chosen by its code (lib/problem-wording.ts); field problems are listed. */
export function problemMessage(t: Translate, error: ApiError): string {
  return worded(t, problemWording(error)) ?? '';
}

/** An error box for a failed request (role=alert so screen readers hear it at once). */
export function ProblemNotice({ error, message, onRetry }: { error?: ApiError | null; message?: string | null; onRetry?: () => void }) {
  const { t } = useI18n();
  const text = message ?? (error ? problemMessage(t, error) : null);
  return (
    <div role="alert">
      {text ? (
        <div className="notice notice--error">
          <p className="notice__title">{t('common.errorTitle')}</p>
          <p>{text}</p>
          {onRetry ? (
            <button type="button" className="button button--secondary" onClick={onRetry}>
              {t('common.retry')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** A live region for success messages of forms on the page. */
export function SuccessNotice({ message }: { message: string | null }) {
  return (
    <div role="status">{message ? <p className="notice notice--success">{message}</p> : null}</div>
  );
}
