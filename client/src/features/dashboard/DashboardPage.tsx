import type { PageProps } from '../../app/routes';
import { Link } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { TlpBadge, type TlpLabel } from '../../components/TlpBadge';
import { useI18n, type MessageKey } from '../../i18n';
import { organizationKindLabel, roleLabel } from '../../lib/labels';
import { useMe } from '../../lib/session';
import { NewAdvisories } from './NewAdvisories';
import { AffectsYouSection } from '../inventory/AffectsYouSection';

interface SectionSpec {
  id: string;
  titleKey: MessageKey;
  emptyKey: MessageKey;
  hintKey: MessageKey;
  link?: { to: string; labelKey: MessageKey };
}

// "Neue Warnmeldungen" is live (NewAdvisories.tsx); the other lists are empty until their slices
// exist, each then gets its own query and keeps this empty state for "nothing to show".
const SECTIONS: SectionSpec[] = [
  {
    id: 'affects-you',
    titleKey: 'dashboard.affectsYou.title',
    emptyKey: 'dashboard.affectsYou.empty',
    hintKey: 'dashboard.affectsYou.hint',
  },
  {
    id: 'new-advisories',
    titleKey: 'dashboard.newAdvisories.title',
    emptyKey: 'dashboard.newAdvisories.empty',
    hintKey: 'dashboard.newAdvisories.hint',
    link: { to: '/warnmeldungen', labelKey: 'dashboard.newAdvisories.all' },
  },
  {
    id: 'open-incidents',
    titleKey: 'dashboard.openIncidents.title',
    emptyKey: 'dashboard.openIncidents.empty',
    hintKey: 'dashboard.openIncidents.hint',
  },
];

const TLP_LEGEND: { label: TlpLabel; textKey: MessageKey }[] = [
  { label: 'CLEAR', textKey: 'dashboard.tlp.clear' },
  { label: 'GREEN', textKey: 'dashboard.tlp.green' },
  { label: 'AMBER', textKey: 'dashboard.tlp.amber' },
  { label: 'AMBER+STRICT', textKey: 'dashboard.tlp.amberStrict' },
  { label: 'RED', textKey: 'dashboard.tlp.red' },
];

export function DashboardPage(_props: PageProps) {
  const { t } = useI18n();
  const me = useMe();

  return (
    <div className="dashboard">
      <div className="page-header">
        <h1>{t('dashboard.title')}</h1>
        <p className="page-header__lead">{t('dashboard.greeting', { name: me.user.name })}</p>
        {me.memberships.length > 0 ? (
          <>
            <p className="page-header__sub">{t('dashboard.membershipsIntro')}</p>
            <ul className="membership-list">
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
          </>
        ) : (
          <p className="notice notice--info">{t('dashboard.noMemberships')}</p>
        )}
      </div>

      <div className="dashboard__grid">
        <div className="dashboard__main">
          {SECTIONS.map((section) =>
            section.id === 'affects-you' ? (
              <AffectsYouSection key={section.id} />
            ) : (
            <section key={section.id} className="card panel" aria-labelledby={`${section.id}-heading`}>
              <h2 id={`${section.id}-heading`} className="panel__title">
                {t(section.titleKey)}
              </h2>
              {section.id === 'new-advisories' ? <NewAdvisories /> : <EmptyState title={t(section.emptyKey)}>{t(section.hintKey)}</EmptyState>}
              {section.link ? (
                <p className="panel__link">
                  <Link to={section.link.to}>{t(section.link.labelKey)}</Link>
                </p>
              ) : null}
            </section>
            ),
          )}
        </div>
        <section className="card panel dashboard__side" aria-labelledby="tlp-heading">
          <h2 id="tlp-heading" className="panel__title">
            {t('dashboard.tlp.title')}
          </h2>
          <p className="panel__intro">{t('dashboard.tlp.intro')}</p>
          <dl className="tlp-legend">
            {TLP_LEGEND.map((entry) => (
              <div key={entry.label} className="tlp-legend__row">
                <dt>
                  <TlpBadge label={entry.label} />
                </dt>
                <dd>{t(entry.textKey)}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </div>
  );
}
