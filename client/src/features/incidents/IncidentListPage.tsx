/**
 * The incident list: the CERT queue (analysts) or the organization's own reports. Kept current by the
 * live channel: a new report, a submitted stage or a triage change reloads the list through REST (the
 * same visibility rule as everywhere) and is announced in the polite live region.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAnnounce } from '../../app/announcer';
import { useLiveEvents } from '../../app/live';
import { Link } from '../../app/router';
import { useI18n, type MessageKey } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { isCertStaff } from '../../lib/roles';
import { useMe } from '../../lib/session';
import type { LiveEvent } from '../../lib/socket';
import { berlinText, type Incident, type Page } from './model';
import './incidents.css';

/** Incident events that change a row of the list, and what is announced for them (null: silent reload). */
const LIST_EVENTS: Partial<Record<LiveEvent['type'], MessageKey | null>> = {
  'incident.reported': 'incidents.live.reported',
  'incident.stage.submitted': 'incidents.live.stage',
  'incident.triaged': 'incidents.live.triaged',
  'incident.updated': null,
  'incident.intermediate.requested': null,
  'incident.deadline.approaching': null,
};

function incidentIdOf(event: LiveEvent): string | undefined {
  const payload = event.payload as { id?: unknown; incidentId?: unknown };
  const id = payload.incidentId ?? payload.id;
  return typeof id === 'string' ? id : undefined;
}

export function IncidentListPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const cert = isCertStaff(me);
  const [queue, setQueue] = useState(cert);
  const [items, setItems] = useState<Incident[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const announce = useAnnounce();
  // Only the newest request's answer is shown (live reloads may overlap).
  const requestNo = useRef(0);

  const fetchList = useCallback(
    async (signal?: AbortSignal): Promise<Incident[] | null> => {
      const mine = ++requestNo.current;
      try {
        const page = await api.get<Page<Incident>>('/incidents', { query: queue ? { queue: 'cert' } : {}, ...(signal ? { signal } : {}) });
        if (mine !== requestNo.current) return null;
        setItems(page.items);
        setError(null);
        return page.items;
      } catch (e: unknown) {
        if (!signal?.aborted && mine === requestNo.current) setError(e instanceof ApiError ? e.message : String(e));
        return null;
      }
    },
    [queue],
  );

  useEffect(() => {
    const controller = new AbortController();
    setItems(null);
    void fetchList(controller.signal);
    return () => controller.abort();
  }, [fetchList]);

  useLiveEvents(
    (event) => {
      if (!(event.type in LIST_EVENTS)) return;
      const id = incidentIdOf(event);
      const key = LIST_EVENTS[event.type] ?? null;
      void fetchList().then((list) => {
        const incident = list?.find((item) => item.id === id);
        if (key && incident) announce(t(key, { title: incident.title ?? t('incidents.untitled') }));
      });
    },
    () => void fetchList(),
  );

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
              <tr key={incident.id} data-incident-id={incident.id}>
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
