import { useEffect, useState } from 'react';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { isCertStaff } from '../../lib/roles';
import { useMe } from '../../lib/session';
import { berlinText, type Incident, type Page } from './model';
import './incidents.css';

export function IncidentListPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const cert = isCertStaff(me);
  const [queue, setQueue] = useState(cert);
  const [items, setItems] = useState<Incident[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setItems(null);
    api
      .get<Page<Incident>>('/incidents', { query: queue ? { queue: 'cert' } : {}, signal: controller.signal })
      .then((page) => setItems(page.items))
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof ApiError ? e.message : String(e));
      });
    return () => controller.abort();
  }, [queue]);

  return (
    <div className="incidents">
      <h1>{t('incidents.title')}</h1>
      <p>
        <Link to="/vorfaelle/neu" className="button">
          {t('incidents.new')}
        </Link>
      </p>
      {cert && (
        <div role="group" aria-label={t('incidents.title')} className="incident-tabs">
          <button type="button" aria-pressed={queue} onClick={() => setQueue(true)}>
            {t('incidents.queue')}
          </button>
          <button type="button" aria-pressed={!queue} onClick={() => setQueue(false)}>
            {t('incidents.mine')}
          </button>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
      {items === null && !error && <p role="status">{t('incidents.loading')}</p>}
      {items?.length === 0 && <p>{t('incidents.empty')}</p>}
      {items && items.length > 0 && (
        <table className="incident-table">
          <caption className="visually-hidden">{queue ? t('incidents.queue') : t('incidents.mine')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('incidents.col.title')}</th>
              <th scope="col">{t('incidents.col.org')}</th>
              <th scope="col">{t('incidents.col.state')}</th>
              <th scope="col">{t('incidents.col.severity')}</th>
              <th scope="col">{t('incidents.col.nextDue')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((incident) => (
              <tr key={incident.id}>
                <td>
                  <Link to={`/vorfaelle/${incident.id}`}>{incident.title ?? t('incidents.untitled')}</Link>
                </td>
                <td>{incident.reportingOrganization.name}</td>
                <td>{incident.status === 'draft' ? t('incidents.draft') : t(`state.${incident.triage.state}` as 'state.new')}</td>
                <td>{incident.triage.severity ?? '–'}</td>
                <td>{incident.nextDue ? berlinText(incident.nextDue.utc, lang) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
