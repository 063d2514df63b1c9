import { useEffect, useState } from 'react';
import { useLiveEvents } from '../../app/live';
import type { PageProps } from '../../app/routes';
import { useI18n, type MessageKey } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { DeadlinePanel } from './DeadlinePanel';
import { IndicatorPanel } from './IndicatorPanel';
import { ThreadPanel } from './ThreadPanel';
import { berlinText, type Incident } from './model';
import './incidents.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function TriagePanel({ incident, onChange }: { incident: Incident; onChange: (incident: Incident) => void }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState(incident.triage.allowedTransitions[0] ?? '');
  const [severity, setSeverity] = useState(incident.triage.severity ?? '');
  const [error, setError] = useState('');
  const sla = incident.triage.sla;
  return (
    <section aria-labelledby="triage-heading">
      <h2 id="triage-heading">{t('triage.title')}</h2>
      {sla?.acknowledgeDue && sla.feedbackDue && <p>{t('triage.sla', { ack: berlinText(sla.acknowledgeDue.utc, lang), feedback: berlinText(sla.feedbackDue.utc, lang) })}</p>}
      <form onSubmit={(e) => { e.preventDefault(); setError(''); api.post<Incident>(`/incidents/${incident.id}/triage`, { ...(state ? { state } : {}), ...(severity ? { severity } : {}) }).then(onChange).catch((x: unknown) => setError(x instanceof ApiError ? x.message : String(x))); }}>
        <label htmlFor="triage-state">{t('triage.state')}</label>
        <select id="triage-state" value={state} onChange={(e) => setState(e.target.value)}>
          <option value="">{t(`state.${incident.triage.state}` as MessageKey)}</option>
          {incident.triage.allowedTransitions.map((value) => <option key={value} value={value}>{t(`state.${value}` as MessageKey)}</option>)}
        </select>
        <label htmlFor="triage-severity">{t('triage.severity')}</label>
        <select id="triage-severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
          <option value="">–</option>
          {['niedrig', 'mittel', 'hoch', 'kritisch'].map((value) => <option key={value}>{value}</option>)}
        </select>
        {error && <p role="alert">{error}</p>}
        <button type="submit">{t('triage.apply')}</button>
      </form>
    </section>
  );
}

export function IncidentDetailPage({ params }: PageProps) {
  const { t } = useI18n();
  const id = params.id ?? '';
  const [incident, setIncident] = useState<Incident | null>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    if (!UUID.test(id)) {
      setMissing(true);
      return;
    }
    const controller = new AbortController();
    api
      .get<Incident>(`/incidents/${id}`, { signal: controller.signal })
      .then(setIncident)
      .catch(() => {
        if (!controller.signal.aborted) setMissing(true);
      });
    return () => controller.abort();
  }, [id]);

  // Stage submissions, triage changes, deadline requests by the other side show up without a reload.
  const reload = () => {
    if (!UUID.test(id)) return;
    api.get<Incident>(`/incidents/${id}`).then(setIncident).catch(() => undefined);
  };
  useLiveEvents((event) => {
    if (!event.type.startsWith('incident.') || event.type.startsWith('incident.message.') || event.type === 'incident.indicators.added') return;
    const payload = event.payload as { id?: unknown };
    if (payload.id === id) reload();
  }, reload);

  if (missing) return <div className="incidents"><h1>{t('incidents.title')}</h1><p role="alert">{t('incidents.notFound')}</p></div>;
  if (!incident) return <div className="incidents"><h1>{t('incidents.title')}</h1><p role="status">{t('incidents.loading')}</p></div>;
  return (
    <div className="incidents">
      <h1>{incident.title ?? t('incidents.untitled')}</h1>
      <p>
        {incident.reportingOrganization.name} · TLP:AMBER+STRICT · {incident.status === 'draft' ? t('incidents.draft') : t(`state.${incident.triage.state}` as MessageKey)} ·{' '}
        <a href={`/api/v1/incidents/${incident.id}/stix`}>{t('incidents.stix')}</a>
      </p>
      <DeadlinePanel incident={incident} onChange={setIncident} />
      {incident.abilities.triage && incident.status === 'reported' && <TriagePanel incident={incident} onChange={setIncident} />}
      <ThreadPanel incidentId={incident.id} />
      <IndicatorPanel incidentId={incident.id} canShare={incident.abilities.share && incident.status === 'reported'} />
    </div>
  );
}
