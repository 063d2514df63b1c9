import { useCallback, useState } from 'react';
import type { PageProps } from '../../app/routes';
import { EmptyState } from '../../components/EmptyState';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { formatDateTime, useResource } from '../../lib/use-resource';
import { formatDuration } from './format-duration';
import { JobOutcome } from './JobOutcome';
import { operationsDe } from './operations.messages';
import '../account/account.css';
import './operations.css';

const STATUSES = ['running', 'succeeded', 'failed', 'timed_out'] as const;
type JobRunStatus = (typeof STATUSES)[number];

interface JobRun {
  id: string;
  name: string;
  status: JobRunStatus;
  scheduledFor: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  instance: string;
  error: string | null;
  /** The job's own summary of a successful run (what it did); null otherwise. */
  result: Record<string, unknown> | null;
}

interface Job {
  name: string;
  kind: 'platform' | 'feed';
  schedule: string;
  nextRunAt: string | null;
  lastRun: JobRun | null;
}

interface Jobs {
  timeZone: string;
  catchUp: boolean;
  items: Job[];
}

const FEED_PREFIX = 'feeds.';
const PAGE_SIZE = 50;

type Translate = ReturnType<typeof useI18n>['t'];

/** A job's name for people: the platform's jobs by their German/English label, feeds by their key. */
function jobLabel(t: Translate, name: string): string {
  if (name.startsWith(FEED_PREFIX)) return t('jobs.name.feed', { key: name.slice(FEED_PREFIX.length) });
  const key = `jobs.name.${name}`;
  return key in operationsDe ? t(key as MessageKey) : name;
}

function StatusLabel({ status }: { status: JobRunStatus }) {
  const { t } = useI18n();
  return <span className={`job-status job-status--${status}`}>{t(`jobs.status.${status}`)}</span>;
}

/** The run history, filtered by job and result, newest first, "load more" over the cursor. */
function RunHistory({ jobs, job, onJob }: { jobs: Job[]; job: string; onJob: (name: string) => void }) {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<JobRunStatus | ''>('');

  const load = useCallback(
    (cursor: string | undefined, signal?: AbortSignal) =>
      api.get<{ items: JobRun[]; next: string | null }>('/jobs/runs', { signal, query: { limit: PAGE_SIZE, cursor, name: job || undefined, status: status || undefined } }),
    [job, status],
  );

  const { items, next, status: state, error, loadMore } = useCursorPages(load);

  return (
    <section className="card panel" aria-labelledby="job-history-heading">
      <h2 id="job-history-heading" className="section-title">
        {t('jobs.history')}
      </h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="job-filter">{t('jobs.filter.job')}</label>
          <select id="job-filter" value={job} onChange={(event) => onJob(event.target.value)}>
            <option value="">{t('jobs.filter.allJobs')}</option>
            {jobs.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {jobLabel(t, entry.name)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="job-status-filter">{t('jobs.filter.status')}</label>
          <select id="job-status-filter" value={status} onChange={(event) => setStatus(event.target.value as JobRunStatus | '')}>
            <option value="">{t('jobs.filter.allStatuses')}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`jobs.status.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ProblemNotice error={error} />
      {state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {state !== 'loading' && items.length === 0 && !error ? <EmptyState title={t('jobs.runs.empty')} /> : null}
      {state !== 'loading' && items.length > 0 ? (
        <div className="data-table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('jobs.col.job')}</th>
                <th scope="col">{t('jobs.col.started')}</th>
                <th scope="col">{t('jobs.col.status')}</th>
                <th scope="col">{t('jobs.col.duration')}</th>
                <th scope="col">{t('jobs.col.instance')}</th>
                <th scope="col">{t('jobs.col.outcomeOrError')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((run) => (
                <tr key={run.id}>
                  <td>{jobLabel(t, run.name)}</td>
                  <td>{formatDateTime(lang, run.startedAt)}</td>
                  <td>
                    <StatusLabel status={run.status} />
                  </td>
                  <td>{formatDuration(lang, run.durationMs)}</td>
                  <td>
                    <code>{run.instance}</code>
                  </td>
                  <td>
                    <JobOutcome run={run} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p role="status" className="muted">
            {t('jobs.runs.shown', { count: items.length })}
          </p>
          {next ? (
            <button type="button" className="button button--secondary" disabled={state === 'more'} onClick={() => void loadMore()}>
              {state === 'more' ? t('common.loading') : t('jobs.runs.more')}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** cert_admin: what the scheduler runs when (in its time zone), how each job last ended, every run. */
export function JobsPage(_props: PageProps) {
  const { t, lang } = useI18n();
  const { state, reload } = useResource<Jobs>('/jobs');
  const [job, setJob] = useState('');

  const showHistory = (name: string) => {
    setJob(name);
    document.getElementById('job-history-heading')?.scrollIntoView({ block: 'start' });
  };

  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t('jobs.title')}</h1>
        {state.status === 'ready' ? (
          <p className="page-header__lead">
            {t('jobs.lead', { timeZone: state.data.timeZone })} {state.data.catchUp ? t('jobs.catchUp') : t('jobs.noCatchUp')}
          </p>
        ) : null}
      </header>
      <ProblemNotice error={state.status === 'error' ? state.error : null} onRetry={reload} />
      {state.status === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {state.status === 'ready' ? (
        <>
          <section className="card panel data-table-wrap" aria-labelledby="jobs-heading">
            <h2 id="jobs-heading" className="visually-hidden">
              {t('jobs.title')}
            </h2>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('jobs.col.job')}</th>
                  <th scope="col">{t('jobs.col.schedule')}</th>
                  <th scope="col">{t('jobs.col.next')}</th>
                  <th scope="col">{t('jobs.col.last')}</th>
                  <th scope="col">{t('jobs.col.status')}</th>
                  <th scope="col">{t('jobs.col.outcome')}</th>
                  <th scope="col">{t('jobs.history')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.items.map((entry) => (
                  <tr key={entry.name}>
                    <th scope="row">
                      {jobLabel(t, entry.name)}
                      <span className="muted"> · {t(`jobs.kind.${entry.kind}`)}</span>
                    </th>
                    <td>
                      <code className="job-schedule">{entry.schedule}</code>
                    </td>
                    <td>{entry.nextRunAt ? formatDateTime(lang, entry.nextRunAt) : t('jobs.notScheduled')}</td>
                    <td>
                      {entry.lastRun ? (
                        <>
                          {formatDateTime(lang, entry.lastRun.startedAt)} <span className="job-duration">({formatDuration(lang, entry.lastRun.durationMs)})</span>
                        </>
                      ) : (
                        t('jobs.never')
                      )}
                    </td>
                    <td>{entry.lastRun ? <StatusLabel status={entry.lastRun.status} /> : null}</td>
                    <td>{entry.lastRun ? <JobOutcome run={entry.lastRun} /> : null}</td>
                    <td>
                      <button type="button" className="button button--secondary button--small" onClick={() => showHistory(entry.name)} aria-label={t('jobs.showHistory', { job: jobLabel(t, entry.name) })}>
                        {t('jobs.history')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <RunHistory jobs={state.data.items} job={job} onJob={setJob} />
        </>
      ) : null}
    </div>
  );
}
