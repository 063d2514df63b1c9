import { useState } from 'react';
import { ProblemNotice, SuccessNotice } from '../../components/ProblemNotice';
import { useI18n } from '../../i18n';
import type { ApiError} from '../../lib/api';
import { api } from '../../lib/api';
import { formatDateTime, toApiError, useResource } from '../../lib/use-resource';
import { wording, worded, type Wording } from '../../lib/wording';

interface UserSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  current: boolean;
}

/** The user's own sessions, the current one marked; others can be ended. */
export function SessionsSection() {
  const { t, lang } = useI18n();
  const { state, reload } = useResource<{ items: UserSession[] }>('/sessions');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Wording | null>(null);

  const revoke = async (session: UserSession) => {
    setError(null);
    setDone(null);
    try {
      await api.delete(`/sessions/${session.id}`);
      setDone(wording('profile.sessions.revoked'));
      reload();
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  return (
    <section className="card panel" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="section-title">
        {t('profile.sessions.title')}
      </h2>
      <p>{t('profile.sessions.intro')}</p>
      <ProblemNotice error={state.status === 'error' ? state.error : error} onRetry={state.status === 'error' ? reload : undefined} />
      <SuccessNotice message={worded(t, done)} />
      {state.status === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {state.status === 'ready' ? (
        <div className="data-table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('profile.sessions.device')}</th>
                <th scope="col">{t('profile.sessions.created')}</th>
                <th scope="col">{t('profile.sessions.lastSeen')}</th>
                <th scope="col">{t('profile.sessions.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {state.data.items.map((session) => (
                <tr key={session.id}>
                  <td className="cell-text">
                    {session.userAgent || t('profile.sessions.unknownDevice')}
                    {session.current ? (
                      <>
                        {' '}
                        <span className="tag tag--strong">{t('profile.sessions.current')}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{formatDateTime(lang, session.createdAt)}</td>
                  <td>{formatDateTime(lang, session.lastSeenAt)}</td>
                  <td>
                    {session.current ? null : (
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-label={t('profile.sessions.revokeLabel', { date: formatDateTime(lang, session.createdAt) })}
                        onClick={() => void revoke(session)}
                      >
                        {t('profile.sessions.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
