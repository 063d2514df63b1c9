import { useCallback, useEffect, useState } from 'react';
import { Link } from '../../app/router';
import { useI18n, type MessageKey } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { useMe } from '../../lib/session';
import { isCertStaff } from '../../lib/roles';
import { formatDate } from '../advisories/model';
import './inventory.css';

const STATUSES = ['affected', 'not_affected', 'in_progress', 'mitigated'] as const;
type AckStatus = (typeof STATUSES)[number];
interface Ack { status: AckStatus; comment: string | null; at: string; by: string | null }
interface AffectedOrg { organizationId: string; organizationName: string; reasons: { de: string; en: string }[]; dueAt: string | null; acknowledgement: Ack | null }

/** On the advisory page: why the caller's organization is affected, and its acknowledgement buttons. */
export function AffectsYouPanel({ advisoryId }: { advisoryId: string }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const [orgs, setOrgs] = useState<AffectedOrg[] | null>(null);
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState('');
  const load = useCallback(() => {
    api
      .get<{ organizations: AffectedOrg[] }>(`/advisories/${advisoryId}/affected`)
      .then((body) => setOrgs(body.organizations))
      .catch(() => setOrgs([]));
  }, [advisoryId]);
  useEffect(load, [load]);
  const cert = isCertStaff(me);
  const canAnswer = me.memberships.some((m) => m.organization.kind !== 'cert' && (m.role === 'org_admin' || m.role === 'member'));

  const answer = (status: AckStatus) => {
    api
      .put(`/advisories/${advisoryId}/acknowledgements`, { status, ...(comment ? { comment } : {}) })
      .then(() => {
        setMessage(t('affects.sent'));
        load();
      })
      .catch((error: unknown) => setMessage(error instanceof ApiError ? (error.detail ?? error.title) : String(error)));
  };

  if (orgs === null) return null;
  return (
    <section className="card panel affects-panel" aria-labelledby="affects-heading">
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
        <fieldset>
          <legend>{t('affects.answer')}</legend>
          <label htmlFor="ack-comment">{t('affects.comment')}</label>
          <input id="ack-comment" value={comment} onChange={(event) => setComment(event.target.value)} />
          <div className="ack-buttons">
            {STATUSES.map((status) => (
              <button key={status} type="button" className="button" onClick={() => answer(status)}>
                {t(`ack.${status}` as MessageKey)}
              </button>
            ))}
          </div>
        </fieldset>
      ) : null}
      <p role="status" aria-live="polite">
        {message}
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
