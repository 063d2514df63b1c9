import { useI18n, type MessageKey } from '../../i18n';
import { entityTypeLabel, sectorLabel, severityLabel } from '../../lib/labels';
import { berlinText, type Incident, type Stage } from './model';

type Report = {
  description?: string;
  startedAt?: string;
  detectedAt?: string;
  affectedServices?: string[];
  affectedSystems?: string[];
  impact?: { confidentiality: boolean; integrity: boolean; availability: boolean };
  peopleAffected?: number;
  customersAffected?: number;
  crossBorder?: string;
  suspectedMalicious?: string;
  ransomware?: string;
  handlingStatus?: string;
  contact?: { name: string; email: string; phone?: string };
  sector?: string;
  entityType?: string;
  incidentType?: string;
  kritis?: boolean;
  physical?: { affectedPersons: number; affectedShare: number; durationSoFarHours: number; area: string };
};

const STAGE_FIELDS = ['severityAssessment', 'impactAssessment', 'threatType', 'rootCause', 'mitigationsApplied', 'mitigationsOngoing', 'crossBorderImpact', 'indicatorsSummary'] as const;

/** What the reporter reported, in full, and every submitted stage with its content: the CERT reads it here, not in an export. */
export function ReportCard({ incident }: { incident: Incident }) {
  const { t, lang } = useI18n();
  const report = (incident.report ?? incident.draft) as Report;
  const number = new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB');
  const list = (items?: string[]) => (items && items.length > 0 ? <ul className="plain-list">{items.map((item) => <li key={item}>{item}</li>)}</ul> : '–');
  const tri = (value?: string) => (value ? t(`tri.${value}` as MessageKey) : '–');
  const impact = report.impact ? (['confidentiality', 'integrity', 'availability'] as const).filter((key) => report.impact![key]).map((key) => t(`wizard.field.${key}` as MessageKey)) : [];
  return (
    <>
      <section className="card panel" aria-labelledby="report-title">
        <h2 id="report-title" className="panel__title">{t('report.title')}</h2>
        <p className="pre-line">{report.description ?? t('report.empty')}</p>
        <dl className="facts">
          <div><dt>{t('report.type')}</dt><dd>{t(`incidentType.${incident.triage.incidentType ?? report.incidentType ?? 'none'}` as MessageKey)}</dd></div>
          <div><dt>{t('report.started')}</dt><dd>{report.startedAt ? berlinText(report.startedAt, lang) : '–'}</dd></div>
          <div><dt>{t('report.detected')}</dt><dd>{report.detectedAt ? berlinText(report.detectedAt, lang) : '–'}</dd></div>
          <div><dt>{t('report.impact')}</dt><dd>{impact.length > 0 ? impact.join(', ') : t('report.impactNone')}</dd></div>
          <div><dt>{t('report.services')}</dt><dd>{list(report.affectedServices)}</dd></div>
          <div><dt>{t('report.systems')}</dt><dd>{list(report.affectedSystems)}</dd></div>
          <div><dt>{t('report.people')}</dt><dd>{report.peopleAffected !== undefined ? number.format(report.peopleAffected) : '–'}</dd></div>
          <div><dt>{t('report.customers')}</dt><dd>{report.customersAffected !== undefined ? number.format(report.customersAffected) : '–'}</dd></div>
          <div><dt>{t('report.ransomware')}</dt><dd>{tri(report.ransomware)}</dd></div>
          <div><dt>{t('report.malicious')}</dt><dd>{tri(report.suspectedMalicious)}</dd></div>
          <div><dt>{t('report.crossBorder')}</dt><dd>{tri(report.crossBorder)}</dd></div>
          <div><dt>{t('report.handling')}</dt><dd>{report.handlingStatus ? t(`handling.${report.handlingStatus}` as MessageKey) : '–'}</dd></div>
          <div>
            <dt>{t('report.classification')}</dt>
            <dd>
              {sectorLabel(t, report.sector)} · {entityTypeLabel(t, report.entityType ?? 'none')}
              {report.kritis ? ` · ${t('report.kritis')}` : ''}
            </dd>
          </div>
          {report.physical ? (
            <div>
              <dt>{t('report.physical')}</dt>
              <dd>{t('report.physicalText', { persons: number.format(report.physical.affectedPersons), share: report.physical.affectedShare, hours: report.physical.durationSoFarHours, area: report.physical.area })}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('report.contact')}</dt>
            <dd>{report.contact ? [report.contact.name, report.contact.email, report.contact.phone].filter(Boolean).join(' · ') : '–'}</dd>
          </div>
        </dl>
      </section>
    </>
  );
}

/**
 * What one submitted stage said (summary and filled fields). Shown in the deadline card next to the
 * stage's exports and the BSI's receipt, so the submitted stages appear once on the page.
 */
export function StageContent({ stage }: { stage: Stage }) {
  const { t } = useI18n();
  return (
    <>
      <p className="pre-line">{stage.content.summary}</p>
      <dl className="facts">
        {STAGE_FIELDS.filter((field) => typeof stage.content[field] === 'string' && stage.content[field] !== '').map((field) => (
          <div key={field}>
            <dt>{t(`report.${field}` as MessageKey)}</dt>
            <dd className="pre-line">{field === 'severityAssessment' ? severityLabel(t, String(stage.content[field])) : String(stage.content[field])}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
