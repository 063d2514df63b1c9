import { useInfiniteQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { Link } from '../../app/router';
import { DataTable, type SortingState } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { SavedFilters } from '../../components/SavedFilters';
import { TLP_LABELS, TlpBadge } from '../../components/TlpBadge';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/query';
import { isCertStaff } from '../../lib/roles';
import { useMe } from '../../lib/session';
import { toApiError } from '../../lib/use-resource';
import { pick, useUrlParams } from '../../lib/url-state';
import { SEVERITIES, asTlpLabel, formatDate, localized, localizedLang, severityLabel, type AdvisorySummary, type Page } from './model';
import { problemWording } from '../../lib/problem-wording';
import { worded } from '../../lib/wording';
import { fieldProblemText } from '../../lib/field-problems';

/** Every filter of `GET /api/v1/advisories` (server/advisories/advisories.schemas.ts), each a URL parameter of the page. */
const FILTER_KEYS = ['q', 'severity', 'tlp', 'status', 'cve', 'vendor', 'product', 'source', 'from', 'to'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;
const NO_FILTERS: Filters = { q: '', severity: '', tlp: '', status: '', cve: '', vendor: '', product: '', source: '', from: '', to: '' };

/** Columns the server sorts by (`sort=`); the list is paged, so sorting happens on the server, never on the loaded rows. */
const SERVER_SORTS = ['created', 'date', 'severity'] as const;
type ServerSort = (typeof SERVER_SORTS)[number];
const STATUSES = ['draft', 'published', 'revised', 'withdrawn'] as const;
const PAGE_SIZE = 50;
const PLURALS = { de: new Intl.PluralRules('de-DE'), en: new Intl.PluralRules('en-GB') };

export function StatusLabel({ status }: { status: string }) {
  const { t } = useI18n();
  const match = STATUSES.find((value) => value === status);
  return <span className={`status status--${status}`}>{match ? t(`advisories.status.${match}`) : status}</span>;
}

function filtersOf(params: URLSearchParams): Filters {
  return { ...NO_FILTERS, ...pick(params, FILTER_KEYS) };
}

function sortOf(params: URLSearchParams): { sort: ServerSort; order: 'asc' | 'desc' } {
  const sort = SERVER_SORTS.find((value) => value === params.get('sort')) ?? 'created';
  return { sort, order: params.get('order') === 'asc' ? 'asc' : 'desc' };
}

const column = createColumnHelper<AdvisorySummary>();

export function AdvisoryListPage(_props: PageProps) {
  const { t, lang } = useI18n();
  const me = useMe();
  const ids = useId();
  const [params, setParams] = useUrlParams();
  const search = params.toString();
  const filters = useMemo(() => filtersOf(new URLSearchParams(search)), [search]);
  const { sort, order } = useMemo(() => sortOf(new URLSearchParams(search)), [search]);
  const [draft, setDraft] = useState<Filters>(filters);

  // The controls follow the URL (a shared link, back/forward, a saved filter).
  useEffect(() => setDraft(filters), [filters]);

  const listQuery = useMemo(() => {
    const query: Record<string, string | number> = { limit: PAGE_SIZE, sort, order };
    for (const key of FILTER_KEYS) if (filters[key]) query[key] = filters[key];
    return query;
  }, [filters, sort, order]);

  // One cached list per filter and sort (the URL); "load more" appends the next cursor page. Live
  // advisory events invalidate it (app/live-queries.ts): every loaded page is read again, so a new
  // advisory appears without a reload.
  const pages = useInfiniteQuery({
    queryKey: queryKeys.advisories.list(listQuery),
    queryFn: ({ pageParam, signal }) => api.get<Page<AdvisorySummary>>('/advisories', { query: { ...listQuery, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const listError = pages.error ? toApiError(pages.error) : null;
  const ready = pages.data !== undefined && !listError;

  const urlOf = (next: Filters, nextSort: ServerSort, nextOrder: 'asc' | 'desc') => ({
    ...next,
    sort: nextSort === 'created' && nextOrder === 'desc' ? undefined : nextSort,
    order: nextOrder === 'desc' ? undefined : nextOrder,
  });

  const onFilter = (event: FormEvent) => {
    event.preventDefault();
    setParams(urlOf({ ...draft, q: draft.q.trim(), cve: draft.cve.trim().toUpperCase(), vendor: draft.vendor.trim(), product: draft.product.trim(), source: draft.source.trim() }, sort, order));
  };

  const sorting: SortingState = [{ id: sort, desc: order === 'desc' }];
  const onSortingChange = (updater: SortingState | ((old: SortingState) => SortingState)) => {
    const next = typeof updater === 'function' ? updater(sorting) : updater;
    const first = next[0];
    const nextSort = SERVER_SORTS.find((value) => value === first?.id) ?? 'created';
    setParams(urlOf(filters, nextSort, first?.desc === false ? 'asc' : 'desc'));
  };

  const columns = useMemo(
    () => [
      column.accessor((row) => localized(row.title, lang), {
        id: 'title',
        header: t('advisories.col.title'),
        meta: { className: 'cell-title' },
        enableSorting: false,
        enableHiding: false,
        cell: (info) => (
          <Link to={`/warnmeldungen/${info.row.original.id}`} lang={localizedLang(info.row.original.title, lang)}>
            {info.getValue()}
          </Link>
        ),
      }),
      column.accessor('severity', {
        id: 'severity',
        header: t('advisories.col.severity'),
        sortDescFirst: true,
        cell: (info) => <span className={`severity severity--${info.getValue()}`}>{severityLabel(t, info.getValue())}</span>,
      }),
      column.accessor('tlp', {
        header: t('advisories.col.tlp'),
        enableSorting: false,
        cell: (info) => {
          const tlp = asTlpLabel(info.getValue());
          return tlp ? <TlpBadge label={tlp} /> : info.getValue();
        },
      }),
      column.accessor('status', { header: t('advisories.col.status'), enableSorting: false, cell: (info) => <StatusLabel status={info.getValue()} /> }),
      column.accessor((row) => row.publishedAt ?? row.createdAt, {
        id: 'date',
        header: t('advisories.col.date'),
        sortDescFirst: true,
        cell: (info) => (
          <time className="cell-nowrap" dateTime={info.getValue()}>
            {formatDate(info.getValue(), lang)}
          </time>
        ),
      }),
      column.accessor('createdAt', {
        id: 'created',
        header: t('advisories.col.created'),
        sortDescFirst: true,
        cell: (info) => (
          <time className="cell-nowrap" dateTime={info.getValue()}>
            {formatDate(info.getValue(), lang)}
          </time>
        ),
      }),
      column.accessor('cves', {
        header: t('advisories.col.cves'),
        enableSorting: false,
        cell: (info) => {
          const cves = info.getValue();
          if (cves.length === 0) return <span className="cell-muted">–</span>;
          return (
            <span className="cell-nowrap" title={cves.join(', ')}>
              {cves[0]}
              {cves.length > 1 ? ` +${cves.length - 1}` : ''}
            </span>
          );
        },
      }),
      column.accessor((row) => row.products.map((product) => `${product.vendor} ${product.product}`).join(', '), { id: 'products', header: t('advisories.col.products'), enableSorting: false }),
      column.accessor('source', { header: t('advisories.col.source'), enableSorting: false }),
    ],
    [t, lang],
  );

  const fieldInvalid = (path: string) => listError !== null && listError.errors.some((e) => e.path === path);
  const count = items.length;
  const field = (key: FilterKey, label: string, input: Partial<{ type: string; hint: string; upper: boolean }> = {}) => (
    <div className={`field${fieldInvalid(key) ? ' field--invalid' : ''}`}>
      <label htmlFor={`${ids}-${key}`}>{label}</label>
      <input
        id={`${ids}-${key}`}
        type={input.type ?? 'text'}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        aria-invalid={fieldInvalid(key) || undefined}
        aria-describedby={input.hint ? `${ids}-${key}-hint` : undefined}
        autoComplete="off"
        spellCheck={false}
        maxLength={500}
      />
      {input.hint ? (
        <p id={`${ids}-${key}-hint`} className="field-hint">
          {input.hint}
        </p>
      ) : null}
    </div>
  );

  return (
    <div className="advisories">
      <div className="page-header page-header--split">
        <div>
          <h1>{t('advisories.title')}</h1>
          <p className="page-header__lead">{t('advisories.lead')}</p>
        </div>
        {isCertStaff(me) ? (
          <Link to="/warnmeldungen/neu" className="button button--primary">
            {t('advisories.new')}
          </Link>
        ) : null}
      </div>

      <div className="card panel advisories__tools">
        <form role="search" className="filter-bar" onSubmit={onFilter} aria-label={t('advisories.filters')}>
          {field('q', t('advisories.filter.q'), { type: 'search', hint: t('advisories.filter.qHint') })}
          <div className="field">
            <label htmlFor={`${ids}-severity`}>{t('advisories.filter.severity')}</label>
            <select id={`${ids}-severity`} value={draft.severity} onChange={(e) => setDraft({ ...draft, severity: e.target.value })}>
              <option value="">{t('advisories.filter.any')}</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {severityLabel(t, s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-tlp`}>{t('advisories.filter.tlp')}</label>
            <select id={`${ids}-tlp`} value={draft.tlp} onChange={(e) => setDraft({ ...draft, tlp: e.target.value })}>
              <option value="">{t('advisories.filter.any')}</option>
              {TLP_LABELS.map((label) => (
                <option key={label} value={label}>
                  TLP:{label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-status`}>{t('advisories.filter.status')}</label>
            <select id={`${ids}-status`} value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
              <option value="">{t('advisories.filter.any')}</option>
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`advisories.status.${status}`)}
                </option>
              ))}
            </select>
          </div>
          {field('cve', t('advisories.filter.cve'), { hint: t('advisories.filter.cveHint') })}
          {field('vendor', t('advisories.filter.vendor'))}
          {field('product', t('advisories.filter.product'))}
          {field('source', t('advisories.filter.source'), { hint: t('advisories.filter.sourceHint') })}
          {field('from', t('advisories.filter.from'), { type: 'date' })}
          {field('to', t('advisories.filter.to'), { type: 'date' })}
          <div className="toolbar__actions">
            <button type="submit" className="button button--primary">
              {t('advisories.filter.apply')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setParams({})}>
              {t('advisories.filter.reset')}
            </button>
          </div>
        </form>
        {me ? <SavedFilters page="advisories" /> : null}
      </div>

      <section className="card panel" aria-labelledby={`${ids}-list`}>
        <h2 id={`${ids}-list`} className="panel__title">
          {t('advisories.list.heading')}
        </h2>
        <p role="status" className="loading">
          {pages.isPending ? t('advisories.list.loading') : ready ? t(`advisories.list.count.${PLURALS[lang].select(count) === 'one' ? 'one' : 'other'}`, { n: count }) : ''}
        </p>
        {listError ? (
          <div className="notice notice--error" role="alert">
            <p className="notice__title">{t('advisories.error')}</p>
            {listError.errors.length > 0 ? (
              <ul>
                {listError.errors.map((e) => (
                  <li key={`${e.path}:${e.message}`}>
                    {e.path}: {fieldProblemText(t, e)}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{worded(t, problemWording(listError))}</p>
            )}
          </div>
        ) : null}
        {ready ? (
          <DataTable
            id="advisories"
            caption={t('advisories.table.caption')}
            data={items}
            columns={columns}
            getRowId={(row) => row.id}
            rowLabel={(row) => localized(row.title, lang)}
            sorting={sorting}
            onSortingChange={onSortingChange}
            manualSorting
            defaultHidden={['created', 'source']}
            empty={<EmptyState title={t('advisories.list.empty')}>{t('advisories.list.emptyHint')}</EmptyState>}
          />
        ) : null}
        {ready && pages.hasNextPage ? (
          <button type="button" className="button button--secondary" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {t('advisories.list.loadMore')}
          </button>
        ) : null}
      </section>
    </div>
  );
}
