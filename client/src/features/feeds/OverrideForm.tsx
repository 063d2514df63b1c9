import { useId } from 'react';
import { useI18n } from '../../i18n';

export type OverrideState = { key: string; reason: string; error: string | null };

/**
 * Promoting a card whose indicators are on warninglists (8.8.8.8 is no C2 server): the analyst
 * confirms with a reason, which the server audits.
 */
export function OverrideForm({ flagged, state, busy, onChange, onConfirm }: { flagged: number; state: OverrideState; busy: boolean; onChange: (next: OverrideState | null) => void; onConfirm: (reason: string) => void }) {
  const { t } = useI18n();
  const ids = useId();
  return (
    <form
      className="feed-card__override notice"
      aria-labelledby={`${ids}-override`}
      onSubmit={(event) => {
        event.preventDefault();
        if (state.reason.trim().length < 10) onChange({ ...state, error: t('inbox.override.tooShort') });
        else onConfirm(state.reason.trim());
      }}
    >
      <h3 id={`${ids}-override`}>{t('inbox.override.title')}</h3>
      <p>{t('inbox.override.text', { n: String(flagged) })}</p>
      <label>
        {t('inbox.override.reason')}
        <textarea value={state.reason} aria-invalid={state.error ? true : undefined} aria-describedby={state.error ? `${ids}-override-error` : undefined} onChange={(event) => onChange({ ...state, reason: event.target.value, error: null })} />
      </label>
      {state.error && (
        <p id={`${ids}-override-error`} role="alert" className="notice notice--error">
          {state.error}
        </p>
      )}
      <div className="feed-card__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('inbox.override.confirm')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => onChange(null)}>
          {t('inbox.override.cancel')}
        </button>
      </div>
    </form>
  );
}
