import { useCallback, useEffect, useState } from 'react';
import { Link } from '../../app/router';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import { problemWording } from '../../lib/problem-wording';
import { wording, worded, type Wording } from '../../lib/wording';
import { useMe } from '../../lib/session';
import { isCertStaff } from '../../lib/roles';
import { formatDate } from '../advisories/model';
import './inventory.css';

const STATUSES = ['affected', 'not_affected', 'in_progress', 'mitigated'] as const;
type AckStatus = (typeof STATUSES)[number];
interface Ack { status: AckStatus; comment: string | null; at: string; by: string | null }
interface HistoryItem extends Ack { id: number; organizationId: string }
interface AffectedOrg { organizationId: string; organizationName: string; reasons: { de: string; en: string }[]; dueAt: string | null; acknowledgement: Ack | null }

/** On the advisory page: why the caller's organization is affected, and its acknowledgement buttons. */
export function AffectsYouPanel({ advisoryId }: { advisoryId: string }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const [orgs, setOrgs] = useState<AffectedOrg[] | null>(null);
  const [history, setHistory] = useState<HistoryItem[]>([]);
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<Wording | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    api
      .get<{ organizations: AffectedOrg[] }>(`/advisories/${advisoryId}/affected`)
      .then((body) => setOrgs(body.organizations))
      .catch(() => setOrgs([]));
    api
      .get<{ items: HistoryItem[] }>(`/advisories/${advisoryId}/acknowledgements`)
      .then((body) => setHistory(body.items))
      .catch(() => setHistory([]));
  }, [advisoryId]);
  useEffect(load, [load]);
  const cert = isCertStaff(me);
  const canAnswer = me.memberships.some((m) => m.organization.kind !== 'cert' && (m.role === 'org_admin' || m.role === 'member'));

  // The answer in force: the newest of the caller's organizations (the history is newest first).
  const current = history[0]?.status ?? orgs?.find((org) => org.acknowledgement)?.acknowledgement?.status ?? null;

  const answer = (status: AckStatus) => {
    setBusy(true);
    api
      .put(`/advisories/${advisoryId}/acknowledgements`, { status, ...(comment.trim() ? { comment: comment.trim() } : {}) })
      .then(() => {
        // Sent: the comment belongs to that answer and must not ride along with the next one.
        setComment('');
        setMessage(wording('affects.sent'));
        load();
      })
      .catch((error: unknown) => setMessage(problemWording(error)))
      .finally(() => setBusy(false));
  };

  if (orgs === null) return null;
  // The red edge warns; it is wrong on "not affected" (no match, or the organization said so) and on "fixed".
  const warns = orgs.length > 0 && current !== 'not_affected' && current !== 'mitigated';
  return (
    <section className={`card panel affects-panel${warns ? ' affects-panel--warn' : ''}`} aria-labelledby="affects-heading">
      <h2 id="affects-heading" className="panel__title">
        {t('affects.why')}
      </h2>
      {orgs.length === 0 ? <p>{t('affects.notAffected')}</p> : null}
      {orgs.map((org) => (
        <div key={org.organizationId}>
          <h3>{org.organizationName}</h3>
          <ul>
            {org.reasons.map((reason) => (
              <li key={reason.de}>{lang === 'en' ? reason.en : reason.de}</li>
            ))}
          </ul>
          {org.dueAt ? <p>{t('affects.due', { date: formatDate(org.dueAt, lang) })}</p> : null}
          {org.acknowledgement ? <p>{t('affects.current', { status: t(`ack.${org.acknowledgement.status}` as MessageKey), date: formatDate(org.acknowledgement.at, lang) })}</p> : null}
        </div>
      ))}
      {canAnswer ? (
        <fieldset className="fieldset ack-answer">
          <legend>{t('affects.answer')}</legend>
          <div className="field">
            <label htmlFor="ack-comment">{t('affects.comment')}</label>
            <textarea id="ack-comment" rows={2} maxLength={2000} value={comment} onChange={(event) => setComment(event.target.value)} />
          </div>
          <p id="ack-hint" className="field-hint">
            {t('affects.selectedHint')}
          </p>
          <div className="ack-buttons" role="group" aria-describedby="ack-hint">
            {STATUSES.map((status) => (
              <button
                key={status}
                type="button"
                className={`button ${current === status ? 'button--primary ack-buttons__selected' : 'button--secondary'}`}
                aria-pressed={current === status}
                disabled={busy}
                onClick={() => answer(status)}
              >
                {current === status ? <span aria-hidden="true">✓ </span> : null}
                {t(`ack.${status}` as MessageKey)}
              </button>
            ))}
          </div>
        </fieldset>
      ) : null}
      {canAnswer || history.length > 0 ? (
        <section aria-labelledby="ack-history-heading" className="ack-history">
          <h3 id="ack-history-heading">{t('affects.history')}</h3>
          {history.length === 0 ? (
            <p className="muted">{t('affects.historyEmpty')}</p>
          ) : (
            <ol className="plain-list ack-history__list">
              {history.map((item) => (
                <li key={item.id}>
                  <strong>{t('affects.historyItem', { status: t(`ack.${item.status}` as MessageKey), date: formatDate(item.at, lang) })}</strong>
                  {item.by ? ` ${t('affects.historyBy', { name: item.by })}` : null}
                  {item.comment ? <q className="ack-history__comment">{item.comment}</q> : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
      <p role="status" aria-live="polite">
        {worded(t, message)}
      </p>
      <p>
        <Link to={`/warnmeldungen/${advisoryId}/kurzfassung`}>{t('affects.brief')}</Link>
        {cert ? (
          <>
            {' · '}
            <Link to={`/warnmeldungen/${advisoryId}/abdeckung`}>{t('affects.coverage')}</Link>
          </>
        ) : null}
      </p>
    </section>
  );
}
