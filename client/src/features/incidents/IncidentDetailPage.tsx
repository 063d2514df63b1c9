import { useEffect, useState } from 'react';
import { TlpBadge } from '../../components/TlpBadge';
import { useLiveEvents } from '../../app/live';
import type { PageProps } from '../../app/routes';
import { useI18n, type MessageKey } from '../../i18n';
import { severityLabel } from '../../lib/labels';
import { api } from '../../lib/api';
import { DeadlinePanel } from './DeadlinePanel';
import { IndicatorPanel } from './IndicatorPanel';
import { ThreadPanel } from './ThreadPanel';
import type { Incident } from './model';
import { ReportCard } from './ReportCard';
import { TriageCard } from './TriageCard';
import { ChecklistCard, NotesCard, TimelineCard } from './WorkspaceCards';
import './incidents.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

  if (missing) return <div className="page incidents"><h1>{t('incidents.title')}</h1><p role="alert" className="notice notice--error">{t('incidents.notFound')}</p></div>;
  if (!incident) return <div className="page incidents"><h1>{t('incidents.title')}</h1><p role="status" className="loading">{t('incidents.loading')}</p></div>;
  const cert = incident.abilities.triage && incident.status === 'reported';
  return (
    <div className="page incidents">
      <header className="page-header">
        <h1>{incident.title ?? t('incidents.untitled')}</h1>
        <p className="page-header__sub">
          <TlpBadge label="AMBER+STRICT" /> {incident.reportingOrganization.name} · {incident.status === 'draft' ? t('incidents.draft') : t(`state.${incident.triage.state}` as MessageKey)}
          {incident.triage.severity ? ` · ${severityLabel(t, incident.triage.severity)}` : ''} ·{' '}
          <a href={`/api/v1/incidents/${incident.id}/stix`} download>{t('incidents.stix')}</a>
        </p>
      </header>
      <div className="advisory__grid">
        <div className="advisory__main">
          <ReportCard incident={incident} />
          <DeadlinePanel incident={incident} onChange={setIncident} />
          <ThreadPanel incidentId={incident.id} />
          <IndicatorPanel incidentId={incident.id} canShare={incident.abilities.share && incident.status === 'reported'} onShared={reload} />
        </div>
        <aside className="advisory__side">
          {cert ? <TriageCard incident={incident} onChange={setIncident} /> : null}
          {cert ? <ChecklistCard incidentId={incident.id} incidentType={incident.triage.incidentType} /> : null}
          {cert ? <NotesCard incidentId={incident.id} /> : null}
          {incident.status === 'reported' ? <TimelineCard incidentId={incident.id} version={incident.updatedAt} /> : null}
        </aside>
      </div>
    </div>
  );
}
