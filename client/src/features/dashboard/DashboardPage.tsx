import { useQuery } from '@tanstack/react-query';
import type { PageProps } from '../../app/routes';
import { Link } from '../../app/router';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useI18n } from '../../i18n';
import { organizationKindLabel, roleLabel } from '../../lib/labels';
import { useMe } from '../../lib/session';
import { getJson, queryKeys } from '../../lib/query';
import { toApiError } from '../../lib/use-resource';
import { AffectsYouSection } from '../inventory/AffectsYouSection';
import { DistrictMap } from '../situation/DistrictMap';
import type { Situation } from '../situation/model';
import { AdvisoriesPerWeekChart, IncidentsPerMonthChart, MedianAcknowledgeChart } from '../situation/SituationCharts';
import { CriticalPanel, IncidentsPanel, IntakePanel, LevelPanel, MunicipalitiesPanel, UnansweredPanel } from '../situation/SituationPanels';
import { NewAdvisories } from './NewAdvisories';

/**
 * The home page: the caller's situation picture (GET /api/v1/situation) per role — the CERT sees the
 * whole state (incidents by urgency, coverage, the district map, intake and feeds), a district's
 * administrator its municipalities, everyone what affects their organization. Live: the events that
 * change the picture invalidate its query (app/live-queries.ts), so it is read again without a reload.
 */
export function DashboardPage(_props: PageProps) {
  const { t } = useI18n();
  const me = useMe();
  const situation = useQuery({ queryKey: queryKeys.situation.picture(), queryFn: getJson<Situation>('/situation') });
  const canSetLevel = me.memberships.some((m) => m.organization.kind === 'cert' && (m.role === 'cert_admin' || m.role === 'cert_analyst'));

  // The heading is there from the first render (focus moves to it after login and navigation) and
  // stays the same element while the picture loads; the CERT's title follows from the memberships.
  const certMember = me.memberships.some((m) => m.organization.kind === 'cert');
  const header = (
    <div className="page-header">
      <h1>{t(certMember ? 'situation.title.cert' : 'situation.title.other')}</h1>
      <p className="page-header__lead">{t('dashboard.greeting', { name: me.user.name })}</p>
      {me.memberships.length > 0 ? (
        <ul className="membership-list" aria-label={t('dashboard.membershipsIntro')}>
          {me.memberships.map((m) => (
            <li key={`${m.organization.id}:${m.role}`} className="membership">
              <span className="membership__org">{m.organization.name}</span>
              <span className="membership__kind">{organizationKindLabel(t, m.organization.kind)}</span>
              <span className="membership__role">
                <span className="visually-hidden">{t('dashboard.roleLabel')}: </span>
                {roleLabel(t, m.role)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
  if (!situation.data) {
    return (
      <div className="dashboard situation">
        {header}
        {situation.isError ? <ProblemNotice error={toApiError(situation.error)} message={t('situation.loadFailed')} onRetry={() => void situation.refetch()} /> : <p role="status">{t('situation.loading')}</p>}
      </div>
    );
  }
  const s = situation.data;
  const cert = s.role === 'cert';
  return (
    <div className="dashboard situation">
      {header}
      <div className="situation__top">
        <LevelPanel level={s.level} canSet={canSetLevel} />
        {cert && s.intake && s.feedHealth ? <IntakePanel intake={s.intake} feeds={s.feedHealth} /> : null}
      </div>
      <div className="dashboard__grid">
        <div className="dashboard__main">
          {s.incidents && (cert || s.incidents.length > 0 || s.role === 'reporter') ? <IncidentsPanel incidents={s.incidents} own={!cert} /> : null}
          {cert && s.criticalAdvisories ? <CriticalPanel items={s.criticalAdvisories} /> : null}
          {s.municipalities ? <MunicipalitiesPanel items={s.municipalities} /> : null}
          {cert ? null : <AffectsYouSection />}
          <section className="card panel" aria-labelledby="new-advisories-heading">
            <h2 id="new-advisories-heading" className="panel__title">{t('dashboard.newAdvisories.title')}</h2>
            <NewAdvisories />
            <p className="panel__link"><Link to="/warnmeldungen">{t('dashboard.newAdvisories.all')}</Link></p>
          </section>
        </div>
        <div className="dashboard__side situation__side">
          {s.districts ? <DistrictMap districts={s.districts} /> : null}
          {s.unanswered ? <UnansweredPanel items={s.unanswered} /> : null}
        </div>
      </div>
      <div className="situation__charts">
        <AdvisoriesPerWeekChart data={s.charts.advisoriesPerWeek} />
        {s.charts.incidentsPerMonth ? <IncidentsPerMonthChart data={s.charts.incidentsPerMonth} /> : null}
        {s.charts.medianAcknowledgeHours ? <MedianAcknowledgeChart data={s.charts.medianAcknowledgeHours} /> : null}
      </div>
    </div>
  );
}
