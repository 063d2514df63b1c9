import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { DataTable, type SortingState } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { TlpBadge } from '../../components/TlpBadge';
import { plural, useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import { isCertStaff } from '../../lib/roles';
import type { Schema } from '../../lib/api-schemas';
import { pick, useUrlParams } from '../../lib/url-state';
import { asTlpLabel } from '../advisories/model';
import { berlinText, isoToLocal, localToIso, type Page } from './model';
import './incidents.css';
import { problemWording } from '../../lib/problem-wording';
import { worded, type Wording } from '../../lib/wording';

type Row = Schema<'IndicatorList'>['items'][number];
type SpreadItem = { indicator: { id: string; type: string; value: string; tlp: string }; organizations: number; count: number; lastSeen: string | null; sightings: { id: string; organization: { name: string | null } | null; seenAt: string | null; lastSeenAt: string | null; count: number; context: string | null; note: string | null }[] };

const TYPES = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'] as const;
const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
const CONTEXTS = ['firewall', 'proxy', 'dns', 'mail', 'edr', 'ids', 'siem', 'other'] as const;
const EXPORTS = ['csv', 'ips', 'domains', 'urls', 'hashes', 'rpz', 'stix', 'misp'] as const;
/** Every filter of `GET /api/v1/indicators` (server/indicators/indicator-list.ts), each a URL parameter. */
const FILTER_KEYS = ['type', 'tlp', 'q', 'forBlocking'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;
const NO_FILTERS: Filters = { type: '', tlp: '', q: '', forBlocking: '' };
/** The columns the server sorts by (`sort=`, INDICATOR_SORTS); `created` newest first is its default. */
const SORTS = ['value', 'type', 'tlp', 'created', 'sightings'] as const;
type Sort = (typeof SORTS)[number];
type Order = 'asc' | 'desc';
const PAGE_SIZE = 100;
const column = createColumnHelper<Row>();

function defaultOrder(sort: Sort): Order {
  return sort === 'value' || sort === 'type' ? 'asc' : 'desc';
}

function SightingDialog({ row, onSaved }: { row: Row; onSaved: () => void }) {
  const { t } = useI18n();
  const ids = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [form, setForm] = useState(() => {
    const now = isoToLocal(new Date());
    return { first: now, last: now, count: '1', context: 'firewall', note: '' };
  });
  const [problem, setProblem] = useState<Wording | null>(null);
  const save = async () => {
    setProblem(null);
    try {
      await api.post(`/indicators/${row.id}/sightings`, { seenAt: localToIso(form.first), lastSeenAt: localToIso(form.last), count: Number(form.count), context: form.context, ...(form.note.trim() ? { note: form.note.trim() } : {}) });
      dialog.current?.close();
      onSaved();
    } catch (error) {
      setProblem(problemWording(error));
    }
  };
  return (
    <>
      <button type="button" className="button button--secondary" onClick={() => dialog.current?.showModal()}>{t('ind.sight')}<span className="visually-hidden">: {row.value}</span></button>
      <dialog ref={dialog} className="dialog" aria-labelledby={`${ids}-title`}>
        <form className="form" onSubmit={(event) => { event.preventDefault(); void save(); }}>
          <h2 id={`${ids}-title`}>{t('ind.sightTitle', { value: row.value ?? '' })}</h2>
          <div className="field"><label htmlFor={`${ids}-first`}>{t('ind.sight.first')}</label><input id={`${ids}-first`} type="datetime-local" required value={form.first} onChange={(event) => setForm({ ...form, first: event.target.value })} /></div>
          <div className="field"><label htmlFor={`${ids}-last`}>{t('ind.sight.last')}</label><input id={`${ids}-last`} type="datetime-local" required value={form.last} onChange={(event) => setForm({ ...form, last: event.target.value })} /></div>
          <div className="field"><label htmlFor={`${ids}-count`}>{t('ind.sight.count')}</label><input id={`${ids}-count`} type="number" min={1} required value={form.count} onChange={(event) => setForm({ ...form, count: event.target.value })} /></div>
          <div className="field">
            <label htmlFor={`${ids}-context`}>{t('ind.sight.context')}</label>
            <select id={`${ids}-context`} value={form.context} onChange={(event) => setForm({ ...form, context: event.target.value })}>
              {CONTEXTS.map((context) => <option key={context} value={context}>{t(`ind.context.${context}` as MessageKey)}</option>)}
            </select>
          </div>
          <div className="field"><label htmlFor={`${ids}-note`}>{t('ind.sight.note')}</label><textarea id={`${ids}-note`} rows={2} value={form.note} onChange={(event) => setForm({ ...form, note: event.target.value })} /></div>
          {problem ? <p role="alert" className="field-error">{worded(t, problem)}</p> : null}
          <div className="form__actions">
            <button type="submit" className="button button--primary">{t('ind.sight.save')}</button>
            <button type="button" className="button button--secondary" onClick={() => dialog.current?.close()}>{t('common.cancel')}</button>
          </div>
        </form>
      </dialog>
    </>
  );
}

function SpreadCard() {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<SpreadItem[] | null>(null);
  useEffect(() => {
    api.get<Page<SpreadItem>>('/indicators/spread', { query: { limit: 50 } }).then((page) => setItems(page.items)).catch(() => setItems([]));
  }, []);
  return (
    <section className="card panel" aria-labelledby="spread-title">
      <h2 id="spread-title" className="panel__title">{t('ind.spread')}</h2>
      {items && items.length === 0 ? <p className="muted">{t('ind.spreadEmpty')}</p> : null}
      <ul className="plain-list">
        {(items ?? []).map((item) => (
          <li key={item.indicator.id}>
            <code className="break">{item.indicator.value}</code> – {t('ind.spreadRow', { orgs: plural(t, lang, 'ind.orgs', item.organizations), count: item.count })}
            <ul>
              {item.sightings.map((sighting) => (
                <li key={sighting.id}>
                  {sighting.organization?.name ?? '–'}: {sighting.seenAt ? berlinText(sighting.seenAt, lang) : '–'}, {sighting.count}×{sighting.context ? `, ${t(`ind.context.${sighting.context}` as MessageKey)}` : ''}{sighting.note ? ` – ${sighting.note}` : ''}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * "Indikatoren": every shared indicator the caller may see as a work table. Every filter of the list
 * API and the sort are URL parameters (a link or a reload shows the same view, back returns to the
 * previous one); the server sorts and pages. Blocklist exports follow the filters; sightings; the
 * CERT's spread view.
 */
export function IndicatorsPage(_props: PageProps) {
  const { t, lang } = useI18n();
  const me = useMe();
  const ids = useId();
  const [params, setParams] = useUrlParams();
  const search = params.toString();
  const filters = useMemo<Filters>(() => ({ ...NO_FILTERS, ...pick(new URLSearchParams(search), FILTER_KEYS) }), [search]);
  const { sort, order } = useMemo(() => {
    const current = new URLSearchParams(search);
    const sort = SORTS.find((value) => value === current.get('sort')) ?? 'created';
    const order = current.get('order');
    return { sort, order: order === 'asc' || order === 'desc' ? order : defaultOrder(sort) };
  }, [search]);
  const [q, setQ] = useState(filters.q);
  // The search field follows the URL (a shared link, back/forward).
  useEffect(() => setQ(filters.q), [filters.q]);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<Wording | null>(null);
  const [version, setVersion] = useState(0);
  const query = useMemo(() => {
    const out: Record<string, string> = { sort, order };
    for (const key of FILTER_KEYS) if (filters[key]) out[key] = filters[key];
    return out;
  }, [filters, sort, order]);
  useEffect(() => {
    const controller = new AbortController();
    setProblem(null);
    api
      .get<Page<Row>>('/indicators', { query: { ...query, limit: PAGE_SIZE }, signal: controller.signal })
      .then((page) => { setRows(page.items); setNext(page.next); })
      .catch((error: unknown) => { if (!controller.signal.aborted) setProblem(problemWording(error)); });
    return () => controller.abort();
  }, [query, version]);
  const more = () => void api.get<Page<Row>>('/indicators', { query: { ...query, limit: PAGE_SIZE, cursor: next ?? undefined } }).then((page) => { setRows([...(rows ?? []), ...page.items]); setNext(page.next); });

  const urlOf = (nextFilters: Filters, nextSort: Sort, nextOrder: Order) => ({
    ...nextFilters,
    sort: nextSort === 'created' ? undefined : nextSort,
    order: nextOrder === defaultOrder(nextSort) ? undefined : nextOrder,
  });
  const setFilter = (key: FilterKey, value: string) => setParams(urlOf({ ...filters, [key]: value }, sort, order));
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', q.trim());
  };
  const sorting: SortingState = [{ id: sort, desc: order === 'desc' }];
  const onSortingChange = (updater: SortingState | ((old: SortingState) => SortingState)) => {
    const first = (typeof updater === 'function' ? updater(sorting) : updater)[0];
    const nextSort = SORTS.find((value) => value === first?.id);
    if (nextSort) setParams(urlOf(filters, nextSort, first?.desc ? 'desc' : 'asc'));
  };
  const reload = useCallback(() => setVersion((value) => value + 1), []);

  const number = useMemo(() => new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB'), [lang]);
  const columns = useMemo(
    () => [
      column.accessor((row) => row.value ?? '', { id: 'value', header: t('ind.col.value'), sortDescFirst: false, enableHiding: false, meta: { className: 'cell-title' }, cell: (info) => <code className="break">{info.getValue()}</code> }),
      column.accessor((row) => row.observableType ?? '', { id: 'type', header: t('ind.col.type'), sortDescFirst: false, cell: (info) => (info.getValue() ? t(`ind.type.${info.getValue()}` as MessageKey) : '–') }),
      column.accessor('tlp', {
        id: 'tlp',
        header: t('ind.col.tlp'),
        sortDescFirst: true,
        cell: (info) => {
          const label = asTlpLabel(info.getValue());
          return label ? <TlpBadge label={label} /> : info.getValue();
        },
      }),
      column.accessor('createdAt', { id: 'created', header: t('ind.col.created'), sortDescFirst: true, cell: (info) => <time className="cell-nowrap" dateTime={info.getValue()}>{berlinText(info.getValue(), lang)}</time> }),
      column.accessor((row) => row.sightings.count, {
        id: 'sightings',
        header: t('ind.col.sightings'),
        sortDescFirst: true,
        cell: (info) => `${plural(t, lang, 'ind.sightings', info.getValue(), number.format(info.getValue()))}, ${plural(t, lang, 'ind.orgs', info.row.original.sightings.organizations)}`,
      }),
      column.accessor('forBlocking', { id: 'blocking', header: t('ind.col.blocking'), enableSorting: false, cell: (info) => (info.getValue() ? t('ind.filter.yes') : t('ind.filter.no')) }),
      column.display({ id: 'sight', header: () => <span className="visually-hidden">{t('ind.sight')}</span>, enableHiding: false, cell: (info) => <SightingDialog row={info.row.original} onSaved={reload} /> }),
    ],
    [t, lang, number, reload],
  );

  const exportQuery = new URLSearchParams(FILTER_KEYS.flatMap((key) => (filters[key] ? [[key, filters[key]]] : [])));
  const filtered = FILTER_KEYS.some((key) => filters[key]);
  const select = (key: FilterKey, label: string, options: { value: string; label: string }[]) => (
    <div className="field">
      <label htmlFor={`${ids}-${key}`}>{label}</label>
      <select id={`${ids}-${key}`} value={filters[key]} onChange={(event) => setFilter(key, event.target.value)}>
        <option value="">{t('ind.filter.all')}</option>
        {/* A shared link may carry a value this list does not offer: the control still shows it. */}
        {filters[key] && !options.some((option) => option.value === filters[key]) ? <option value={filters[key]}>{filters[key]}</option> : null}
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    </div>
  );
  return (
    <div className="page incidents indicators-page">
      <header className="page-header">
        <h1>{t('ind.title')}</h1>
        <p className="page-header__lead">{t('ind.lead')}</p>
      </header>
      <section className="card panel" aria-labelledby={`${ids}-filters`}>
        <h2 id={`${ids}-filters`} className="visually-hidden">{t('ind.filters')}</h2>
        <form className="filters" role="search" aria-label={t('ind.filters')} onSubmit={onSearch}>
          {select('type', t('ind.filter.type'), TYPES.map((type) => ({ value: type, label: t(`ind.type.${type}` as MessageKey) })))}
          {select('tlp', t('ind.filter.tlp'), TLPS.map((tlp) => ({ value: tlp, label: `TLP:${tlp}` })))}
          {select('forBlocking', t('ind.filter.blocking'), [{ value: 'true', label: t('ind.filter.yes') }, { value: 'false', label: t('ind.filter.no') }])}
          <div className="field">
            <label htmlFor={`${ids}-q`}>{t('ind.filter.q')}</label>
            <input id={`${ids}-q`} type="search" value={q} maxLength={200} autoComplete="off" spellCheck={false} onChange={(event) => setQ(event.target.value)} />
          </div>
          <div className="toolbar__actions">
            <button type="submit" className="button button--primary">{t('ind.filter.apply')}</button>
            <button type="button" className="button button--secondary" onClick={() => setParams({})}>{t('ind.filter.reset')}</button>
          </div>
        </form>
        <h3 className="exports-title">{t('ind.export')}</h3>
        <div className="exports">
          {EXPORTS.map((format) => <a key={format} className="button button--secondary" href={`/api/v1/indicators/export?${new URLSearchParams([...exportQuery, ['format', format]]).toString()}`} download>{t(`ind.export.${format}` as MessageKey)}</a>)}
        </div>
      </section>
      {problem ? <p role="alert" className="notice notice--error">{worded(t, problem)}</p> : null}
      <section className="card panel" aria-labelledby={`${ids}-list`}>
        <h2 id={`${ids}-list`} className="panel__title">{t('ind.title')}</h2>
        <p role="status" className="muted">{rows === null ? t('common.loading') : plural(t, lang, 'ind.count', rows.length)}</p>
        {rows ? (
          <DataTable
            id="indicators"
            caption={t('ind.table.caption')}
            data={rows}
            columns={columns}
            getRowId={(row) => row.id}
            rowLabel={(row) => row.value ?? row.id}
            sorting={sorting}
            onSortingChange={onSortingChange}
            manualSorting
            empty={<EmptyState title={filtered ? t('ind.emptyFiltered') : t('ind.empty')} />}
          />
        ) : null}
        {next ? <p><button type="button" className="button button--secondary" onClick={more}>{t('ind.more')}</button></p> : null}
      </section>
      {isCertStaff(me) ? <SpreadCard key={version} /> : null}
    </div>
  );
}
