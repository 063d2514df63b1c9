import { createColumnHelper } from '@tanstack/react-table';
import { SelectField } from '../../components/SelectField';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useLiveEvents } from '../../app/live';
import { Link } from '../../app/router';
import { DataTable, type SortingState } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { TLP_LABELS, TlpBadge } from '../../components/TlpBadge';
import { useI18n } from '../../i18n';
import { api, buildUrl } from '../../lib/api';
import { problemWording } from '../../lib/problem-wording';
import { worded, type Wording } from '../../lib/wording';
import type { Schema } from '../../lib/api-schemas';
import { useUrlParams } from '../../lib/url-state';
import { SEVERITIES, asTlpLabel, formatDate, localized, localizedLang, severityLabel } from '../advisories/model';
import { CsvExport } from './CsvExport';
import './inventory.css';

/** One item of `GET /api/v1/coverage` (server/acknowledgements/coverage.service.ts). */
type OverviewItem = Schema<'CoverageOverview'>['items'][number];

type State = { status: 'loading' } | { status: 'error'; problem: Wording } | { status: 'ready'; items: OverviewItem[] };

/**
 * The API takes only `limit` (the newest published advisories) and neither filters nor sorts: the
 * limit goes to the server, severity and "with open/overdue answers" filter and the headers sort the
 * loaded advisories (each sortable header's tooltip says so). All of it lives in the URL.
 */
const LIMITS = ['50', '100', '200'] as const;
const SHOWS = ['open', 'overdue'] as const;
const SORTS = ['advisory', 'severity', 'tlp', 'published', 'affected', 'acknowledged', 'mitigated', 'open', 'overdue'] as const;
type Sort = (typeof SORTS)[number];
type View = { limit: (typeof LIMITS)[number]; severity: string; show: string; sort: Sort; desc: boolean };
const SEVERITY_RANK: Record<string, number> = { niedrig: 1, mittel: 2, hoch: 3, kritisch: 4 };
const column = createColumnHelper<OverviewItem>();

/**
 * `/abdeckung`: the CERT's coverage across advisories — per published advisory with affected
 * organizations, how many answered, mitigated, are open and overdue; each row opens that advisory's
 * coverage. An acknowledgement anywhere reloads the numbers.
 */
export function CoverageOverviewPage() {
  const { t, lang } = useI18n();
  const ids = useId();
  const [params, setParams] = useUrlParams();
  const search = params.toString();
  const view = useMemo<View>(() => {
    const current = new URLSearchParams(search);
    return {
      limit: LIMITS.find((value) => value === current.get('limit')) ?? '200',
      severity: SEVERITIES.find((value) => value === current.get('severity')) ?? '',
      show: SHOWS.find((value) => value === current.get('show')) ?? '',
      sort: SORTS.find((value) => value === current.get('sort')) ?? 'published',
      desc: current.get('order') !== 'asc',
    };
  }, [search]);
  const urlOf = (next: View) => ({
    limit: next.limit === '200' ? undefined : next.limit,
    severity: next.severity || undefined,
    show: next.show || undefined,
    sort: next.sort === 'published' ? undefined : next.sort,
    order: next.desc ? undefined : 'asc',
  });
  const [state, setState] = useState<State>({ status: 'loading' });
  const load = useCallback(
    () =>
      api.get<{ items: OverviewItem[] }>('/coverage', { query: { limit: Number(view.limit) } }).then(
        (body) => setState({ status: 'ready', items: body.items }),
        (error: unknown) => setState({ status: 'error', problem: problemWording(error) }),
      ),
    [view.limit],
  );
  useEffect(() => {
    void load();
  }, [load]);
  useLiveEvents(
    (event) => {
      if (event.type === 'advisory.acknowledged') void load();
    },
    () => void load(),
  );

  const sorting: SortingState = [{ id: view.sort, desc: view.desc }];
  const onSortingChange = (updater: SortingState | ((old: SortingState) => SortingState)) => {
    const first = (typeof updater === 'function' ? updater(sorting) : updater)[0];
    setParams(urlOf({ ...view, sort: SORTS.find((value) => value === first?.id) ?? 'published', desc: first?.desc !== false }));
  };
  const rows = useMemo(
    () => (state.status === 'ready' ? state.items : []).filter((item) => (!view.severity || item.advisory.severity === view.severity) && (!view.show || item.totals[view.show === 'open' ? 'open' : 'overdue'] > 0)),
    [state, view.severity, view.show],
  );
  const columns = useMemo(() => {
    const meta = { sortNote: t('coverageOverview.sortNote', { n: view.limit }) };
    const count = (key: 'affected' | 'acknowledged' | 'mitigated' | 'open' | 'overdue') =>
      column.accessor((item) => item.totals[key], {
        id: key,
        header: t(`coverageOverview.${key}`),
        sortDescFirst: true,
        meta: { ...meta, className: 'cell-number' },
        cell: (info) => <span className={key === 'overdue' && info.getValue() > 0 ? 'coverage__overdue' : undefined}>{info.getValue()}</span>,
      });
    return [
      column.accessor((item) => localized(item.advisory.title, lang), {
        id: 'advisory',
        header: t('coverageOverview.advisory'),
        sortDescFirst: false,
        enableHiding: false,
        meta: { ...meta, rowHeader: true },
        cell: (info) => (
          <Link to={`/warnmeldungen/${info.row.original.advisory.id}/abdeckung`} lang={localizedLang(info.row.original.advisory.title, lang)} aria-label={t('coverageOverview.details', { title: info.getValue() })}>
            {info.getValue()}
          </Link>
        ),
      }),
      column.accessor((item) => SEVERITY_RANK[item.advisory.severity] ?? 0, { id: 'severity', header: t('coverageOverview.severity'), sortDescFirst: true, meta, cell: (info) => severityLabel(t, info.row.original.advisory.severity) }),
      column.accessor((item) => TLP_LABELS.indexOf(asTlpLabel(item.advisory.tlp) ?? 'CLEAR'), {
        id: 'tlp',
        header: 'TLP',
        sortDescFirst: true,
        meta,
        cell: (info) => {
          const tlp = asTlpLabel(info.row.original.advisory.tlp);
          return tlp ? <TlpBadge label={tlp} /> : info.row.original.advisory.tlp;
        },
      }),
      column.accessor((item) => item.advisory.publishedAt ?? '', {
        id: 'published',
        header: t('coverageOverview.published'),
        sortDescFirst: true,
        meta,
        cell: (info) => (info.getValue() ? <time className="cell-nowrap" dateTime={info.getValue()}>{formatDate(info.getValue(), lang)}</time> : '–'),
      }),
      count('affected'),
      count('acknowledged'),
      count('mitigated'),
      count('open'),
      count('overdue'),
    ];
  }, [t, lang, view.limit]);

  const select = (key: 'limit' | 'severity' | 'show', label: string, options: { value: string; label: string }[], anyLabel?: string) => (
    <SelectField id={`${ids}-${key}`} label={label} value={view[key]} onChange={(value) => setParams(urlOf({ ...view, [key]: value }))} options={options} anyLabel={anyLabel} />
  );

  return (
    <div className="coverage">
      <div className="page-header">
        <h1>{t('coverageOverview.title')}</h1>
        <p className="page-header__lead">{t('coverageOverview.lead')}</p>
        <CsvExport href={buildUrl('/coverage.csv')} />
      </div>
      {state.status === 'loading' ? (
        <p role="status" className="loading">
          {t('coverageOverview.loading')}
        </p>
      ) : state.status === 'error' ? (
        <p role="alert" className="notice notice--error">
          {t('coverageOverview.error', { detail: worded(t, state.problem) ?? '' })}
        </p>
      ) : state.items.length === 0 ? (
        <EmptyState title={t('coverageOverview.empty')}>{t('coverageOverview.emptyHint')}</EmptyState>
      ) : (
        <section className="card panel" aria-label={t('coverageOverview.title')}>
          <form role="search" aria-label={t('coverageOverview.filters')} className="filter-bar" onSubmit={(event) => event.preventDefault()}>
            {select('severity', t('coverageOverview.severity'), SEVERITIES.map((value) => ({ value, label: severityLabel(t, value) })), t('coverageOverview.filter.all'))}
            {select('show', t('coverageOverview.filter.show'), [{ value: 'open', label: t('coverageOverview.filter.withOpen') }, { value: 'overdue', label: t('coverageOverview.filter.withOverdue') }], t('coverageOverview.filter.all'))}
            {select('limit', t('coverageOverview.limit'), LIMITS.map((value) => ({ value, label: value })))}
            <div className="toolbar__actions">
              <button type="button" className="button button--secondary" onClick={() => setParams(urlOf({ ...view, severity: '', show: '' }))}>
                {t('coverageOverview.filter.reset')}
              </button>
            </div>
          </form>
          <DataTable
            id="coverage-overview"
            caption={t('coverageOverview.caption')}
            data={rows}
            columns={columns}
            getRowId={(item) => item.advisory.id}
            rowLabel={(item) => localized(item.advisory.title, lang)}
            sorting={sorting}
            onSortingChange={onSortingChange}
            manualSorting={false}
            // Nine columns overflow a 1280 px screen; "answered" is affected minus open, so it waits in the column choice.
            defaultHidden={['acknowledged']}
            empty={<EmptyState title={t('coverageOverview.emptyFiltered')} />}
          />
        </section>
      )}
    </div>
  );
}
