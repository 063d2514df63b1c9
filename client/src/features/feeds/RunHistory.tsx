/**
 * The run history of one feed source as a work table (UX.md principle 4). `GET /api/v1/feeds/:id/runs`
 * takes only `limit` (the newest runs), so the table sorts the runs it loaded and says so in each
 * sortable header's tooltip; the number of runs, the sort and the open source live in the URL.
 */
import { createColumnHelper } from '@tanstack/react-table';
import { useId, useMemo } from 'react';
import { DataTable, type SortingState } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ProblemNotice } from '../../components/ProblemNotice';
import { plural, useI18n } from '../../i18n';
import { feedErrorLabel } from '../../lib/labels';
import { formatNumber } from '../../lib/words';
import { formatDateTime, useResource } from '../../lib/use-resource';
import type { FeedRun, FeedSource } from './model';

export const RUN_LIMITS = ['20', '50', '100', '500'] as const;
export const RUN_SORTS = ['started', 'duration', 'trigger', 'status', 'new', 'updated', 'unchanged', 'failed'] as const;
export type RunSort = (typeof RUN_SORTS)[number];
export type RunView = { limit: (typeof RUN_LIMITS)[number]; sort: RunSort; order: 'asc' | 'desc' };

const column = createColumnHelper<FeedRun>();

function durationSeconds(run: FeedRun): number | null {
  return run.finishedAt ? Math.max(0, (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000) : null;
}

export function RunHistory({ source, view, onViewChange }: { source: FeedSource; view: RunView; onViewChange: (next: RunView) => void }) {
  const { t, lang } = useI18n();
  const ids = useId();
  const { state, reload } = useResource<{ items: FeedRun[] }>(`/feeds/${source.id}/runs?limit=${view.limit}`);
  const sortNote = t('sources.runs.sortNote', { n: view.limit });
  const seconds = useMemo(() => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'de-DE', { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 1 }), [lang]);

  const columns = useMemo(() => {
    const count = (key: 'new' | 'updated' | 'unchanged' | 'failed') =>
      column.accessor((run) => run.counts[key], { id: key, header: t(`sources.runs.col.${key}`), sortDescFirst: true, meta: { sortNote, className: 'cell-number' }, cell: (info) => formatNumber(lang, info.getValue()) });
    return [
      column.accessor('startedAt', {
        id: 'started',
        header: t('sources.runs.col.started'),
        sortDescFirst: true,
        enableHiding: false,
        meta: { sortNote },
        cell: (info) => (
          <time className="cell-nowrap" dateTime={info.getValue()}>
            {formatDateTime(lang, info.getValue())}
          </time>
        ),
      }),
      column.accessor((run) => durationSeconds(run) ?? -1, {
        id: 'duration',
        header: t('sources.runs.col.duration'),
        sortDescFirst: true,
        meta: { sortNote, className: 'cell-number' },
        cell: (info) => {
          const value = durationSeconds(info.row.original);
          return value === null ? '–' : seconds.format(value);
        },
      }),
      column.accessor((run) => t(`sources.trigger.${run.trigger}`), { id: 'trigger', header: t('sources.runs.col.trigger'), meta: { sortNote } }),
      column.accessor((run) => t(`sources.status.${run.status}`), {
        id: 'status',
        header: t('sources.runs.col.status'),
        meta: { sortNote },
        cell: (info) => info.getValue(),
      }),
      count('new'),
      count('updated'),
      count('unchanged'),
      count('failed'),
      column.display({
        id: 'error',
        header: t('sources.runs.col.error'),
        meta: { className: 'break' },
        cell: (info) => {
          const run = info.row.original;
          const label = run.error ? feedErrorLabel(t, run.error) : null;
          return (
            <>
              {label ? (
                <>
                  {label.summary}
                  {label.detail ? (
                    <>
                      {' '}
                      <span className="muted" lang="en">
                        ({label.detail})
                      </span>
                    </>
                  ) : null}
                </>
              ) : null}
              {run.problems.length > 0 ? (
                <details>
                  <summary>{plural(t, lang, 'sources.runs.problems', run.problems.length)}</summary>
                  <ul>
                    {run.problems.map((problem) => (
                      <li key={`${problem.ref}-${problem.message}`}>
                        {problem.ref}: <span lang="en">{problem.message}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
              {!label && run.problems.length === 0 ? <span className="muted">–</span> : null}
            </>
          );
        },
      }),
      column.accessor((run) => run.instance ?? '', { id: 'instance', header: t('sources.runs.col.instance'), enableSorting: false }),
    ];
  }, [t, lang, sortNote, seconds]);

  const sorting: SortingState = [{ id: view.sort, desc: view.order === 'desc' }];
  const onSortingChange = (updater: SortingState | ((old: SortingState) => SortingState)) => {
    const first = (typeof updater === 'function' ? updater(sorting) : updater)[0];
    onViewChange({ ...view, sort: RUN_SORTS.find((value) => value === first?.id) ?? 'started', order: first?.desc === false ? 'asc' : 'desc' });
  };

  return (
    <section className="card panel" aria-labelledby={`${ids}-heading`} data-testid="feed-runs">
      <h2 id={`${ids}-heading`} className="section-title">
        {t('sources.historyOf', { name: source.name })}
      </h2>
      <div className="filter-bar">
        <div className="field">
          <label htmlFor={`${ids}-limit`}>{t('sources.runs.limit')}</label>
          <select id={`${ids}-limit`} value={view.limit} onChange={(event) => onViewChange({ ...view, limit: RUN_LIMITS.find((value) => value === event.target.value) ?? '20' })}>
            {RUN_LIMITS.map((value) => (
              <option key={value} value={value}>
                {t('sources.runs.limitOption', { n: value })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ProblemNotice error={state.status === 'error' ? state.error : null} onRetry={state.status === 'error' ? reload : undefined} />
      <p role="status" className="muted">
        {state.status === 'loading' ? t('sources.loading') : state.status === 'ready' ? plural(t, lang, 'sources.runs.count', state.data.items.length) : ''}
      </p>
      {state.status === 'ready' ? (
        <DataTable
          id="feed-runs"
          caption={t('sources.runs.caption', { name: source.name })}
          data={state.data.items}
          columns={columns}
          getRowId={(run) => run.id}
          rowLabel={(run) => formatDateTime(lang, run.startedAt)}
          sorting={sorting}
          onSortingChange={onSortingChange}
          manualSorting={false}
          defaultHidden={['updated', 'unchanged', 'instance']}
          empty={<EmptyState title={t('sources.runs.empty')}>{t('sources.runs.emptyHint', { schedule: source.schedule })}</EmptyState>}
        />
      ) : null}
    </section>
  );
}
