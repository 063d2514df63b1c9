/**
 * The Lageberichte: the reports the caller may read (drafts only for the CERT), newest first, and for
 * the CERT a form that drafts a report of any period from the data. Live: a drafted or published
 * report appears without reload.
 */
import { useState, type FormEvent } from 'react';
import { useLiveEvents } from '../../app/live';
import type { PageProps } from '../../app/routes';
import { Link, navigate } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { ProblemNotice } from '../../components/ProblemNotice';
import { TlpBadge } from '../../components/TlpBadge';
import { useI18n, type MessageKey } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import { isCertStaff } from '../../lib/roles';
import { useMe } from '../../lib/session';
import { formatDateTime, useResource } from '../../lib/use-resource';
import { pick } from './model';
import { REPORT_TLP_LABEL, type Report, type ReportSummary, type ReportTlp } from './report-model';
import './situation.css';

function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Local midnight of a yyyy-mm-dd day (the browser's zone is Berlin for the people this serves). */
function startOf(day: string, plusDays = 0): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year!, month! - 1, date! + plusDays).toISOString();
}

function DraftForm() {
  const { t } = useI18n();
  const today = new Date();
  // The last seven days including today; the Monday job drafts the past calendar week by itself.
  const [form, setForm] = useState({ from: isoDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6)), to: isoDay(today), tlp: 'amber' as ReportTlp });
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    api
      .post<Report>('/situation-reports', { from: startOf(form.from), to: startOf(form.to, 1), tlp: form.tlp })
      .then((report) => navigate(`/lageberichte/${report.id}`))
      .catch((error: unknown) => setProblem(error instanceof ApiError ? error : null))
      .finally(() => setBusy(false));
  };
  return (
    <section className="card panel" aria-labelledby="report-draft-heading">
      <h2 id="report-draft-heading" className="panel__title">{t('reports.draft.title')}</h2>
      <form className="report-draft" onSubmit={submit}>
        {problem ? <ProblemNotice error={problem} /> : null}
        <div className="field">
          <label htmlFor="report-from">{t('reports.draft.from')}</label>
          <input id="report-from" type="date" required value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="report-to">{t('reports.draft.to')}</label>
          <input id="report-to" type="date" required value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="report-tlp">{t('reports.draft.tlp')}</label>
          <select id="report-tlp" value={form.tlp} aria-describedby="report-tlp-hint" onChange={(e) => setForm({ ...form, tlp: e.target.value as ReportTlp })}>
            {(['amber', 'green', 'clear'] as const).map((tlp) => <option key={tlp} value={tlp}>{t(`reports.tlp.${tlp}` as MessageKey)}</option>)}
          </select>
          <p id="report-tlp-hint" className="field-hint">{t('reports.draft.tlpHint')}</p>
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>{t('reports.draft.submit')}</button>
        </div>
      </form>
    </section>
  );
}

export function ReportsPage(_props: PageProps) {
  const { t, lang } = useI18n();
  const me = useMe();
  const cert = isCertStaff(me);
  const { state, reload } = useResource<{ items: ReportSummary[] }>('/situation-reports?limit=100');
  useLiveEvents((event) => {
    if (event.type === 'situation.report.drafted' || event.type === 'situation.report.published') reload();
  }, reload);
  return (
    <div className="page reports-page">
      <header className="page-header">
        <h1>{t('reports.title')}</h1>
        <p className="page-header__lead">{t('reports.lead')}</p>
      </header>
      {cert ? <DraftForm /> : null}
      {state.status === 'loading' ? <p role="status">{t('reports.loading')}</p> : null}
      {state.status === 'error' ? <ProblemNotice error={state.error} message={t('reports.loadFailed')} onRetry={reload} /> : null}
      {state.status === 'ready' && state.data.items.length === 0 ? (
        <section className="card panel">
          <EmptyState title={t('reports.empty')}>{cert ? t('reports.emptyHintCert') : t('reports.emptyHint')}</EmptyState>
        </section>
      ) : null}
      {state.status === 'ready' && state.data.items.length > 0 ? (
        <section className="card panel data-table-wrap" aria-labelledby="reports-list-heading">
          <h2 id="reports-list-heading" className="visually-hidden">{t('reports.title')}</h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('reports.col.title')}</th>
                <th scope="col">{t('reports.col.tlp')}</th>
                <th scope="col">{t('reports.col.status')}</th>
                <th scope="col">{t('reports.col.published')}</th>
              </tr>
            </thead>
            <tbody>
              {state.data.items.map((report) => (
                <tr key={report.id}>
                  <td><Link to={`/lageberichte/${report.id}`}>{pick(report.title, lang)}</Link></td>
                  <td><TlpBadge label={REPORT_TLP_LABEL[report.tlp]} /></td>
                  <td><span className={report.status === 'draft' ? 'badge' : 'badge badge--ok'}>{t(`reports.status.${report.status}` as MessageKey)}</span></td>
                  <td>{report.publishedAt ? formatDateTime(lang, report.publishedAt) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
