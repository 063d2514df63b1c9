/**
 * One Lagebericht: what the data of the period says (anonymized to the label by the server), the
 * CERT's assessment and recommendations (editable while a draft), the PDF in either language, and
 * publishing behind a confirmation that says who receives it over which channels and that it cannot
 * be undone (UX principle 2).
 */
import { useEffect, useRef, useState } from 'react';
import { useAnnounce } from '../../app/announcer';
import { useLiveEvents } from '../../app/live';
import type { PageProps } from '../../app/routes';
import { Link } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { ProblemNotice } from '../../components/ProblemNotice';
import { TlpBadge } from '../../components/TlpBadge';
import { useI18n, type MessageKey } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import { isCertStaff } from '../../lib/roles';
import { useMe } from '../../lib/session';
import { formatDateTime, useResource } from '../../lib/use-resource';
import { pick } from './model';
import { pluralForm, REPORT_TLP_LABEL, type Report, type ReportSections } from './report-model';
import './situation.css';

function formatDay(lang: string, iso: string): string {
  return new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { timeZone: 'Europe/Berlin', dateStyle: 'medium' }).format(new Date(iso));
}

function SectionsEditor({ report, onSaved }: { report: Report; onSaved: (report: Report) => void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [sections, setSections] = useState({ assessment: report.sections.assessment.de, assessmentEn: report.sections.assessment.en ?? '', recommendations: report.sections.recommendations.de, recommendationsEn: report.sections.recommendations.en ?? '' });
  const [problem, setProblem] = useState<ApiError | null>(null);
  const body = (): { sections: ReportSections } => ({
    sections: {
      assessment: { de: sections.assessment, ...(sections.assessmentEn.trim() ? { en: sections.assessmentEn } : {}) },
      recommendations: { de: sections.recommendations, ...(sections.recommendationsEn.trim() ? { en: sections.recommendationsEn } : {}) },
    },
  });
  const save = () => {
    api
      .patch<Report>(`/situation-reports/${report.id}`, body())
      .then((saved) => {
        setProblem(null);
        announce(t('report.saved'));
        onSaved(saved);
      })
      .catch((error: unknown) => setProblem(error instanceof ApiError ? error : null));
  };
  const field = (key: keyof typeof sections, label: MessageKey, rows: number) => (
    <div className="field">
      <label htmlFor={`report-${key}`}>{t(label)}</label>
      <textarea id={`report-${key}`} rows={rows} value={sections[key]} onChange={(e) => setSections({ ...sections, [key]: e.target.value })} />
    </div>
  );
  return (
    <form onSubmit={(e) => { e.preventDefault(); save(); }}>
      {problem ? <ProblemNotice error={problem} /> : null}
      <div className="report-sections">
        {field('assessment', 'report.assessment', 6)}
        {field('assessmentEn', 'report.assessmentEn', 6)}
        {field('recommendations', 'report.recommendations', 4)}
        {field('recommendationsEn', 'report.recommendationsEn', 4)}
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--secondary">{t('report.save')}</button>
      </div>
    </form>
  );
}

function PublishAction({ report, onPublished }: { report: Report; onPublished: (report: Report) => void }) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const dialog = useRef<HTMLDialogElement>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const ready = report.sections.assessment.de.trim().length > 0;
  const publish = () => {
    api
      .post<Report>(`/situation-reports/${report.id}/publish`, {})
      .then((published) => {
        dialog.current?.close();
        announce(t('report.published'));
        onPublished(published);
      })
      .catch((error: unknown) => setProblem(error instanceof ApiError ? error : null));
  };
  return (
    <>
      {ready ? null : <p className="field-hint" id="publish-hint">{t('report.publishNeedsAssessment')}</p>}
      <button type="button" className="button button--primary" disabled={!ready} aria-describedby={ready ? undefined : 'publish-hint'} onClick={() => { setProblem(null); dialog.current?.showModal(); }}>
        {t('report.publish')}
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby="publish-title" aria-describedby="publish-text">
        <div className="form">
          <h2 id="publish-title">{t('report.confirm.title')}</h2>
          <div id="publish-text">
            <p><strong>{pick(report.title, lang)}</strong> · <TlpBadge label={REPORT_TLP_LABEL[report.tlp]} /></p>
            <p>{t(`report.confirm.who.${report.tlp}` as MessageKey)}</p>
            <p>{report.tlp === 'amber' ? t('report.confirm.channels.inApp') : t('report.confirm.channels.mail')}</p>
            <p><strong>{t('report.confirm.final')}</strong></p>
          </div>
          {problem ? <ProblemNotice error={problem} /> : null}
          <div className="form__actions">
            <button type="button" className="button button--primary" onClick={publish}>{t('report.confirm.submit')}</button>
            <button type="button" className="button button--secondary" onClick={() => dialog.current?.close()}>{t('common.cancel')}</button>
          </div>
        </div>
      </dialog>
    </>
  );
}

export function ReportDetailPage({ params }: PageProps) {
  const { t, lang } = useI18n();
  const me = useMe();
  const id = params.id ?? '';
  const { state, reload } = useResource<Report>(`/situation-reports/${id}`);
  const [local, setLocal] = useState<Report | null>(null);
  useEffect(() => setLocal(null), [id]);
  useLiveEvents((event) => {
    if (event.type === 'situation.report.published' && event.payload.id === id) reload();
  }, reload);
  if (state.status === 'loading') return <p role="status">{t('report.loading')}</p>;
  if (state.status === 'error') return <ProblemNotice error={state.error} message={t('report.loadFailed')} onRetry={reload} />;
  const report = local && local.updatedAt >= state.data.updatedAt ? local : state.data;
  const editable = report.status === 'draft' && isCertStaff(me);
  const { content } = report;
  const text = (value: { de: string; en?: string }) => pick(value, lang) || t('report.noText');
  return (
    <div className="page report-page">
      <p><Link to="/lageberichte">← {t('report.back')}</Link></p>
      <header className="page-header">
        <h1>{pick(report.title, lang)}</h1>
        <p className="report-page__meta">
          <TlpBadge label={REPORT_TLP_LABEL[report.tlp]} />
          <span className={report.status === 'draft' ? 'badge' : 'badge badge--ok'}>{t(`reports.status.${report.status}` as MessageKey)}</span>
          <span>{report.status === 'published' && report.publishedAt ? t('report.meta.published', { name: report.publishedBy ?? '', at: formatDateTime(lang, report.publishedAt) }) : t('report.meta.draft', { name: report.createdBy, at: formatDateTime(lang, report.createdAt) })}</span>
        </p>
        <p className="report-page__pdf">
          <span>{t('report.pdf')}:</span>
          <a className="button button--secondary" href={`/api/v1/situation-reports/${report.id}/pdf?lang=de`} download hrefLang="de">{t('report.pdf.de')}</a>
          <a className="button button--secondary" href={`/api/v1/situation-reports/${report.id}/pdf?lang=en`} download hrefLang="en">{t('report.pdf.en')}</a>
          {editable ? <PublishAction report={report} onPublished={setLocal} /> : null}
        </p>
      </header>

      <section className="card panel" aria-labelledby="report-sections-heading">
        <h2 id="report-sections-heading" className="panel__title">{t('report.sections')}</h2>
        {editable ? (
          <SectionsEditor report={report} onSaved={setLocal} />
        ) : (
          <>
            <h3 className="panel__subtitle">{t('report.assessment')}</h3>
            <p className="report-text">{text(report.sections.assessment)}</p>
            <h3 className="panel__subtitle">{t('report.recommendations')}</h3>
            <p className="report-text">{text(report.sections.recommendations)}</p>
          </>
        )}
      </section>

      <section className="card panel" aria-labelledby="report-level-heading">
        <h2 id="report-level-heading" className="panel__title">{t('report.level')}</h2>
        <p>{t('report.levelAtStart', { label: pick(content.levels.atStart.label, lang) })}</p>
        {content.levels.changes.length === 0 ? <p>{t('report.levelUnchanged')}</p> : (
          <ul>
            {content.levels.changes.map((change) => (
              <li key={change.setAt}>{t('report.levelChange', { label: pick(change.label, lang), at: formatDateTime(lang, change.setAt) })}{change.reason ? `: ${pick(change.reason, lang)}` : ''}</li>
            ))}
          </ul>
        )}
      </section>

      <section className="card panel data-table-wrap" aria-labelledby="report-advisories-heading">
        <h2 id="report-advisories-heading" className="panel__title">{t('report.advisories')}</h2>
        {content.advisories.length === 0 ? <EmptyState title={t('report.noAdvisories')} /> : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('report.col.advisory')}</th>
                <th scope="col">{t('report.col.severity')}</th>
                <th scope="col">TLP</th>
                <th scope="col">{t('report.col.coverage')}</th>
              </tr>
            </thead>
            <tbody>
              {content.advisories.map((advisory) => (
                <tr key={advisory.id}>
                  <td><Link to={`/warnmeldungen/${advisory.id}`}>{pick(advisory.title, lang)}</Link><br /><span className="muted">{formatDay(lang, advisory.publishedAt)}{advisory.cves.length ? ` · ${advisory.cves.join(', ')}` : ''}</span></td>
                  <td><span className={`severity severity--${advisory.severity}`}>{t(`severity.${advisory.severity}` as MessageKey)}</span></td>
                  <td><TlpBadge label={advisory.tlp === 'clear' ? 'CLEAR' : 'GREEN'} /></td>
                  <td>{advisory.affected === 0 ? t('report.noneAffected') : t('report.coverage', { acknowledged: advisory.acknowledged, affected: advisory.affected })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {content.restrictedAdvisories > 0 ? <p className="muted">{t(`report.restricted.${pluralForm(lang, content.restrictedAdvisories)}` as MessageKey, { count: content.restrictedAdvisories })}</p> : null}
      </section>

      <section className="card panel" aria-labelledby="report-incidents-heading">
        <h2 id="report-incidents-heading" className="panel__title">{t('report.incidents')}</h2>
        {content.incidents.total === 0 ? <EmptyState title={t('report.noIncidents')} /> : (
          <>
            <p>
              {t(`report.incidentCount.${pluralForm(lang, content.incidents.total)}` as MessageKey, { count: content.incidents.total })}:{' '}
              {content.incidents.byReporter.map((entry) => `${entry.count} × ${lang === 'en' ? entry.reporter.en : entry.reporter.de}`).join(', ')}.
            </p>
            {content.incidents.items.length > 0 ? (
              <ul>
                {content.incidents.items.map((item) => (
                  <li key={item.reportedAt + item.reporter.de}>
                    {formatDay(lang, item.reportedAt)}: {lang === 'en' ? item.reporter.en : item.reporter.de}
                    {item.district ? `, ${item.district}` : ''}
                    {item.severity ? ` (${t('report.col.severity')} ${t(`severity.${item.severity}` as MessageKey)})` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </section>

      <section className="card panel" aria-labelledby="report-kev-heading">
        <h2 id="report-kev-heading" className="panel__title">{t('report.kev')}</h2>
        {content.kev.length === 0 ? <p>{t('report.noKev')}</p> : (
          <ul>{content.kev.map((entry) => <li key={entry.cves.join(',') + entry.title}>{entry.cves.join(', ')} – {entry.title}</li>)}</ul>
        )}
        <h2 className="panel__title">{t('report.intake')}</h2>
        <p>{t('report.intakeLine', { items: content.intake.items, kev: content.intake.kev, epss: content.intake.highEpss })}</p>
      </section>
    </div>
  );
}
