import { useI18n, type MessageKey, type Translate } from '../i18n';
import type { ApiError } from '../lib/api';
import { fieldProblemText } from '../lib/field-problems';

/** A user-facing sentence for an API error; the server's detail is added for validation errors. */
export function problemMessage(t: Translate, error: ApiError): string {
  if (error.isNetworkError) return t('common.error.network');
  const byStatus: Record<number, MessageKey> = { 403: 'common.error.forbidden', 404: 'common.error.notFound', 409: 'common.error.conflict' };
  const key = byStatus[error.status];
  if (key) return t(key);
  if (error.status === 400 || error.status === 422) {
    const details = error.errors.map((item) => (item.path ? t('fieldProblem.at', { field: item.path, message: fieldProblemText(t, item) }) : fieldProblemText(t, item)));
    return [t('common.error.validation'), ...(details.length > 0 ? details : error.detail ? [error.detail] : [])].join(' ');
  }
  return t('common.error.unexpected');
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
