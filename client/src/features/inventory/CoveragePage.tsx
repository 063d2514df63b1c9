import { createColumnHelper } from '@tanstack/react-table';
import { SelectField } from '../../components/SelectField';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useAnnounce } from '../../app/announcer';
import { useLiveEvents } from '../../app/live';
import type { PageProps } from '../../app/routes';
import { DataTable, type SortingState } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { plural, useI18n, type MessageKey } from '../../i18n';
import { CsvExport } from './CsvExport';
import { api, buildUrl } from '../../lib/api';
import type { Schema } from '../../lib/api-schemas';
import { useUrlParams } from '../../lib/url-state';
import { formatDate } from '../advisories/model';
import './inventory.css';

type Coverage = Schema<'AdvisoryCoverage'> & { totals: Schema<'CoverageTotals'> };
type Row = Coverage['organizations'][number];

/**
 * `GET /api/v1/advisories/:id/coverage` returns every affected organization and takes neither
 * filters nor a sort: both work on the whole list here, and live in the URL
 * (`?status=open&district=…&sort=overdue`) so a link or a reload shows the same view.
 */
const ANSWERS = ['affected', 'not_affected', 'in_progress', 'mitigated'] as const;
const STATUS_FILTERS = ['open', 'overdue', ...ANSWERS] as const;
const SORTS = ['organization', 'district', 'status', 'at', 'readers', 'overdue'] as const;
type Sort = (typeof SORTS)[number];
const NO_DISTRICT = 'none';
const column = createColumnHelper<Row>();

function matchesStatus(row: Row, status: string): boolean {
  if (status === 'open') return row.acknowledgement === null;
  if (status === 'overdue') return row.overdue;
  return row.acknowledgement?.status === status;
}

/** A step chart of answers over time, with the same data as text for screen readers. */
function ProgressChart({ points, max }: { points: { at: string; acknowledged: number }[]; max: number }) {
  const { t, lang } = useI18n();
  const last = points.at(-1);
  if (!last) return null;
  // One moment in time (publication without answers yet, or a single answer) is no course to draw.
  if (points.every((point) => point.at === last.at)) {
    return (
      <p className="coverage__chart-single">
        {last.acknowledged === 0
          ? t('coverage.chartNone', { date: formatDate(last.at, lang) })
          : plural(t, lang, 'coverage.chartSingle', last.acknowledged, String(last.acknowledged), { date: formatDate(last.at, lang) })}
      </p>
    );
  }
  const width = 400;
  const height = 140;
  const start = new Date(points[0]!.at).getTime();
  const end = Math.max(new Date(points.at(-1)!.at).getTime(), start + 1);
  const x = (at: string) => 30 + ((new Date(at).getTime() - start) / (end - start)) * (width - 40);
  const y = (value: number) => height - 20 - (value / Math.max(max, 1)) * (height - 40);
  const path = points.map((point, i) => `${i === 0 ? '' : `${x(point.at)},${y(points[i - 1]!.acknowledged)} `}${x(point.at)},${y(point.acknowledged)}`).join(' ');
  const text = points.map((point) => `${formatDate(point.at, lang)}: ${point.acknowledged}`).join('; ');
  return (
    <figure>
      <svg className="coverage__chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="coverage-chart-title coverage-chart-desc">
        <title id="coverage-chart-title">{t('coverage.chart')}</title>
        <desc id="coverage-chart-desc">{t('coverage.chartText', { points: text })}</desc>
        <line x1="30" y1={height - 20} x2={width - 10} y2={height - 20} />
        <line x1="30" y1="10" x2="30" y2={height - 20} />
        <text x="4" y={y(max) + 4}>{max}</text>
        <text x="4" y={height - 16}>0</text>
        <polyline points={path} />
        {points.map((point, i) => (
          <circle key={i} cx={x(point.at)} cy={y(point.acknowledged)} r="3.5" />
        ))}
      </svg>
      <figcaption>{t('coverage.chartText', { points: text })}</figcaption>
    </figure>
  );
}

/**
 * The CERT's coverage of one advisory: table, progress chart and district overview. Live: an
 * organization's acknowledgement of this advisory reloads the coverage (REST, same access rule) and is
 * announced in the polite live region.
 */
export function CoveragePage({ params }: PageProps) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const id = params.id ?? '';
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const load = useCallback(() => api.get<Coverage>(`/advisories/${encodeURIComponent(id)}/coverage`).then(setCoverage), [id]);
  useEffect(() => {
    load().catch(() => undefined);
  }, [load]);
  useLiveEvents(
    (event) => {
      if (event.type !== 'advisory.acknowledged' || event.payload.advisoryId !== id) return;
      const { organizationName, status } = event.payload;
      load()
        .then(() => announce(t('coverage.live', { organization: organizationName, status: t(`ack.${status}` as MessageKey) })))
        .catch(() => undefined);
    },
    () => void load().catch(() => undefined),
  );
  const ids = useId();
  const [urlParams, setParams] = useUrlParams();
  const search = urlParams.toString();
  const view = useMemo(() => {
    const current = new URLSearchParams(search);
    const sort = SORTS.find((value) => value === current.get('sort')) ?? 'organization';
    const status = STATUS_FILTERS.find((value) => value === current.get('status')) ?? '';
    return { sort, desc: current.get('order') === 'desc', status, district: current.get('district') ?? '' };
  }, [search]);
  const urlOf = (next: { sort: Sort; desc: boolean; status: string; district: string }) => ({
    status: next.status || undefined,
    district: next.district || undefined,
    sort: next.sort === 'organization' ? undefined : next.sort,
    order: next.desc ? 'desc' : undefined,
  });
  const sorting: SortingState = [{ id: view.sort, desc: view.desc }];
  const onSortingChange = (updater: SortingState | ((old: SortingState) => SortingState)) => {
    const first = (typeof updater === 'function' ? updater(sorting) : updater)[0];
    setParams(urlOf({ ...view, sort: SORTS.find((value) => value === first?.id) ?? 'organization', desc: first?.desc === true }));
  };
  const rows = useMemo(
    () => (coverage?.organizations ?? []).filter((row) => (!view.status || matchesStatus(row, view.status)) && (!view.district || (row.district?.id ?? NO_DISTRICT) === view.district)),
    [coverage, view.status, view.district],
  );
  const columns = useMemo(() => {
    const meta = { sortNote: t('coverage.sortNote') };
    return [
      column.accessor('organizationName', { id: 'organization', header: t('coverage.organization'), sortDescFirst: false, enableHiding: false, meta: { ...meta, rowHeader: true } }),
      column.accessor((row) => row.district?.name ?? '', { id: 'district', header: t('coverage.district'), sortDescFirst: false, meta, cell: (info) => info.getValue() || '–' }),
      column.accessor((row) => (row.acknowledgement ? t(`ack.${row.acknowledgement.status}` as MessageKey) : t('coverage.open')), { id: 'status', header: t('coverage.status'), sortDescFirst: false, meta }),
      column.accessor((row) => row.acknowledgement?.at ?? '', {
        id: 'at',
        header: t('coverage.at'),
        sortDescFirst: true,
        meta,
        cell: (info) => {
          const ack = info.row.original.acknowledgement;
          return ack ? `${formatDate(ack.at, lang)}${ack.by ? ` (${ack.by})` : ''}` : '–';
        },
      }),
      column.accessor((row) => row.acknowledgement?.comment ?? '', { id: 'comment', header: t('coverage.comment'), enableSorting: false, meta: { className: 'coverage__comment' }, cell: (info) => info.getValue() || '–' }),
      column.accessor('readers', { id: 'readers', header: t('coverage.readers'), sortDescFirst: true, meta }),
      column.accessor((row) => (row.overdue ? 1 : 0), {
        id: 'overdue',
        header: t('coverage.overdue'),
        sortDescFirst: true,
        meta,
        cell: (info) => <span className={info.getValue() ? 'coverage__overdue' : undefined}>{info.getValue() ? t('coverage.yes') : t('coverage.no')}</span>,
      }),
    ];
  }, [t, lang]);
  if (!coverage) return <h1>{t('coverage.title')}</h1>;
  const { totals } = coverage;
  const filterSelect = (key: 'status' | 'district', label: string, options: { value: string; label: string }[]) => (
    <SelectField id={`${ids}-${key}`} label={label} value={view[key]} onChange={(value) => setParams(urlOf({ ...view, [key]: value }))} options={options} anyLabel={t('coverage.filter.any')} />
  );
  return (
    <div className="coverage">
      <div className="page-header">
        <h1>
          {t('coverage.title')}: {lang === 'en' ? (coverage.advisory.title.en ?? coverage.advisory.title.de) : coverage.advisory.title.de}
        </h1>
        <p className="page-header__lead">{t('coverage.totals', { affected: totals.affected, acknowledged: totals.acknowledged, mitigated: totals.mitigated, overdue: totals.overdue })}</p>
        <CsvExport href={buildUrl(`/advisories/${id}/coverage.csv`)} />
      </div>
      <section className="card panel" aria-labelledby="coverage-table-heading">
        <h2 id="coverage-table-heading" className="panel__title">
          {t('coverage.organization')}
        </h2>
        {coverage.organizations.length === 0 ? (
          <p>{t('coverage.none')}</p>
        ) : (
          <>
            <form role="search" aria-label={t('coverage.filters')} className="filter-bar" onSubmit={(event) => event.preventDefault()}>
              {filterSelect('status', t('coverage.filter.status'), [
                { value: 'open', label: t('coverage.filter.open') },
                { value: 'overdue', label: t('coverage.filter.overdue') },
                ...ANSWERS.map((value) => ({ value, label: t(`ack.${value}` as MessageKey) })),
              ])}
              {filterSelect('district', t('coverage.filter.district'), [
                ...coverage.districts.filter((district) => district.id !== null).map((district) => ({ value: district.id!, label: district.name })),
                ...(coverage.districts.some((district) => district.id === null) ? [{ value: NO_DISTRICT, label: '–' }] : []),
              ])}
              <div className="toolbar__actions">
                <button type="button" className="button button--secondary" onClick={() => setParams(urlOf({ ...view, status: '', district: '' }))}>
                  {t('coverage.filter.reset')}
                </button>
              </div>
            </form>
            <p className="field-hint">{t('coverage.filter.note')}</p>
            <DataTable
              id="coverage"
              caption={t('coverage.caption')}
              data={rows}
              columns={columns}
              getRowId={(row) => row.organizationId}
              rowLabel={(row) => row.organizationName}
              sorting={sorting}
              onSortingChange={onSortingChange}
              manualSorting={false}
              empty={<EmptyState title={t('coverage.emptyFiltered')} />}
            />
          </>
        )}
      </section>
      <section className="card panel" aria-labelledby="coverage-chart-heading">
        <h2 id="coverage-chart-heading" className="panel__title">
          {t('coverage.chart')}
        </h2>
        <ProgressChart points={coverage.progress} max={Math.max(totals.affected, totals.acknowledged)} />
      </section>
      <section className="card panel" aria-labelledby="coverage-districts-heading">
        <h2 id="coverage-districts-heading" className="panel__title">
          {t('coverage.districts')}
        </h2>
        <ul className="coverage__districts">
          {coverage.districts.map((district) => (
            <li key={district.id ?? 'none'} className={`coverage__district${district.overdue > 0 ? ' coverage__district--overdue' : ''}`}>
              <strong>{district.name || '–'}</strong>
              <br />
              {t('coverage.totals', { affected: district.affected, acknowledged: district.acknowledged, mitigated: district.mitigated, overdue: district.overdue })}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
