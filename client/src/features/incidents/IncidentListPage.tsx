/**
 * The incident list as a work table: the CERT queue (analysts) or all incidents, and for everyone
 * else their own organization's reports. Every filter of `GET /api/v1/incidents` and the sort are
 * URL parameters (a link or a reload shows the same view, back returns to the previous one); the
 * server sorts and pages. Kept current by the live channel: a new report, a submitted stage or a
 * triage change reloads the list through REST (the same visibility rule as everywhere) and is
 * announced in the polite live region.
 */
import { createColumnHelper } from '@tanstack/react-table';
import { SelectField } from '../../components/SelectField';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useAnnounce } from '../../app/announcer';
import { useLiveEvents } from '../../app/live';
import { Link } from '../../app/router';
import { DataTable, type SortingState } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { SavedFilters } from '../../components/SavedFilters';
import { useI18n, type MessageKey } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { sectorLabel, severityLabel } from '../../lib/labels';
import { isCertStaff } from '../../lib/roles';
import { useMe } from '../../lib/session';
import type { LiveEvent } from '../../lib/socket';
import { pick, useUrlParams } from '../../lib/url-state';
import { SEVERITIES, TRIAGE_STATES, nextDeadline, type Incident, type Page } from './model';
import './incidents.css';
import { problemWording } from '../../lib/problem-wording';
import { worded } from '../../lib/wording';
import { fieldProblemText } from '../../lib/field-problems';

/** Incident events that change a row of the list, and what is announced for them (null: silent reload). */
const LIST_EVENTS: Partial<Record<LiveEvent['type'], MessageKey | null>> = {
  'incident.reported': 'incidents.live.reported',
  'incident.stage.submitted': 'incidents.live.stage',
  'incident.triaged': 'incidents.live.triaged',
  'incident.updated': null,
  'incident.intermediate.requested': null,
  'incident.deadline.approached': null,
};

/** Every filter of `GET /api/v1/incidents` (server/incidents/incidents.schemas.ts), each a URL parameter; `view=all` is the CERT's non-queue list. */
const FILTER_KEYS = ['q', 'state', 'severity', 'assignee'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;
const NO_FILTERS: Filters = { q: '', state: '', severity: '', assignee: '' };

/** Columns the server sorts by (`sort=`); `urgency` is the queue's own order, not a column. */
const COLUMN_SORTS = ['title', 'organization', 'severity', 'state', 'assignee', 'nextDue', 'reported', 'created'] as const;
type Sort = (typeof COLUMN_SORTS)[number] | 'urgency';
type Order = 'asc' | 'desc';
const PAGE_SIZE = 50;
const PLURALS = { de: new Intl.PluralRules('de-DE'), en: new Intl.PluralRules('en-GB') };
const BERLIN_SHORT = {
  de: new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' }),
};

type Assignee = { id: string; name: string };
type ListState = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; items: Incident[]; next: string | null; loadingMore: boolean };

function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, { detail: String(error) });
}

function incidentIdOf(event: LiveEvent): string | undefined {
  const payload = event.payload as { id?: unknown; incidentId?: unknown };
  const id = payload.incidentId ?? payload.id;
  return typeof id === 'string' ? id : undefined;
}

/** The default order of a sort: the most urgent or newest first. */
function defaultOrder(sort: Sort): Order {
  return sort === 'urgency' || sort === 'nextDue' || sort === 'title' || sort === 'organization' || sort === 'assignee' ? 'asc' : 'desc';
}

function sortOf(params: URLSearchParams, queue: boolean): { sort: Sort; order: Order } {
  const fallback: Sort = queue ? 'urgency' : 'created';
  const sort = COLUMN_SORTS.find((value) => value === params.get('sort')) ?? fallback;
  const order = params.get('order');
  return { sort, order: order === 'asc' || order === 'desc' ? order : defaultOrder(sort) };
}

const column = createColumnHelper<Incident>();

export function IncidentListPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const cert = isCertStaff(me);
  const ids = useId();
  const announce = useAnnounce();
  const [params, setParams] = useUrlParams();
  const search = params.toString();
  const queue = cert && new URLSearchParams(search).get('view') !== 'all';
  const filters = useMemo<Filters>(() => ({ ...NO_FILTERS, ...pick(new URLSearchParams(search), FILTER_KEYS) }), [search]);
  const { sort, order } = useMemo(() => sortOf(new URLSearchParams(search), queue), [search, queue]);
  const [draft, setDraft] = useState<Filters>(filters);
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [assignees, setAssignees] = useState<Assignee[]>([]);
  // Only the newest request's answer is shown (live reloads may overlap).
  const requestNo = useRef(0);

  // The controls follow the URL (a shared link, back/forward, a saved filter).
  useEffect(() => setDraft(filters), [filters]);

  useEffect(() => {
    if (!cert) return;
    api
      .get<{ items: Assignee[] }>('/incidents/assignees')
      .then((answer) => setAssignees(answer.items))
      .catch(() => setAssignees([]));
  }, [cert]);

  const listQuery = useMemo(() => {
    const query: Record<string, string | number> = { limit: PAGE_SIZE, sort, order };
    if (queue) query.queue = 'cert';
    for (const key of FILTER_KEYS) if (filters[key]) query[key] = filters[key];
    return query;
  }, [filters, sort, order, queue]);

  const fetchFirst = useCallback(
    async (signal?: AbortSignal): Promise<Incident[] | null> => {
      const mine = ++requestNo.current;
      try {
        const page = await api.get<Page<Incident>>('/incidents', { query: listQuery, ...(signal ? { signal } : {}) });
        if (mine !== requestNo.current) return null;
        setList({ status: 'ready', items: page.items, next: page.next, loadingMore: false });
        return page.items;
      } catch (error: unknown) {
        if (!signal?.aborted && mine === requestNo.current) setList({ status: 'error', error: toApiError(error) });
        return null;
      }
    },
    [listQuery],
  );

  useEffect(() => {
    const controller = new AbortController();
    setList({ status: 'loading' });
    void fetchFirst(controller.signal);
    return () => controller.abort();
  }, [fetchFirst]);

  useLiveEvents(
    (event) => {
      if (!(event.type in LIST_EVENTS)) return;
      const id = incidentIdOf(event);
      const key = LIST_EVENTS[event.type] ?? null;
      void fetchFirst().then((items) => {
        const incident = items?.find((item) => item.id === id);
        if (key && incident) announce(t(key, { title: incident.title ?? t('incidents.untitled') }));
      });
    },
    () => void fetchFirst(),
  );

  const loadMore = async () => {
    if (list.status !== 'ready' || !list.next) return;
    const mine = ++requestNo.current;
    setList({ ...list, loadingMore: true });
    try {
      const page = await api.get<Page<Incident>>('/incidents', { query: { ...listQuery, cursor: list.next } });
      if (mine === requestNo.current) setList({ status: 'ready', items: [...list.items, ...page.items], next: page.next, loadingMore: false });
    } catch (error) {
      if (mine === requestNo.current) setList({ status: 'error', error: toApiError(error) });
    }
  };

  const urlOf = (next: Filters, nextSort: Sort, nextOrder: Order, all = !queue && cert) => ({
    view: all ? 'all' : undefined,
    ...next,
    sort: nextSort === (all || !cert ? 'created' : 'urgency') ? undefined : nextSort,
    order: nextOrder === defaultOrder(nextSort) ? undefined : nextOrder,
  });

  const onFilter = (event: FormEvent) => {
    event.preventDefault();
    setParams(urlOf({ ...draft, q: draft.q.trim() }, sort, order));
  };

  const sorting: SortingState = sort === 'urgency' ? [] : [{ id: sort, desc: order === 'desc' }];
  const onSortingChange = (updater: SortingState | ((old: SortingState) => SortingState)) => {
    const next = typeof updater === 'function' ? updater(sorting) : updater;
    const first = next[0];
    const nextSort = COLUMN_SORTS.find((value) => value === first?.id);
    if (!nextSort) return;
    setParams(urlOf(filters, nextSort, first?.desc ? 'desc' : 'asc'));
  };

  const berlin = useCallback((utc: string) => BERLIN_SHORT[lang].format(new Date(utc)), [lang]);

  const columns = useMemo(
    () => [
      column.accessor((row) => row.title ?? t('incidents.untitled'), {
        id: 'title',
        header: t('incidents.col.title'),
        meta: { className: 'cell-title' },
        sortDescFirst: false,
        enableHiding: false,
        cell: (info) => <Link to={`/vorfaelle/${info.row.original.id}`}>{info.getValue()}</Link>,
      }),
      column.accessor((row) => row.reportingOrganization.name, { id: 'organization', header: t('incidents.col.org'), sortDescFirst: false }),
      column.accessor((row) => sectorLabel(t, (row.report?.sector ?? row.draft.sector) as string | undefined), { id: 'sector', header: t('incidents.col.sector'), enableSorting: false }),
      column.accessor((row) => row.triage.severity, {
        id: 'severity',
        header: t('incidents.col.severity'),
        sortDescFirst: true,
        cell: (info) => {
          const value = info.getValue();
          return value ? <span className={`severity severity--${value}`}>{severityLabel(t, value)}</span> : <span className="cell-muted">–</span>;
        },
      }),
      column.accessor((row) => (row.status === 'draft' ? t('incidents.draft') : t(`state.${row.triage.state}` as MessageKey)), { id: 'state', header: t('incidents.col.state'), sortDescFirst: false }),
      column.accessor((row) => row.triage.assignee?.name ?? null, {
        id: 'assignee',
        header: t('incidents.col.assignee'),
        sortDescFirst: false,
        cell: (info) => info.getValue() ?? <span className="cell-muted">{t('incidents.unassigned')}</span>,
      }),
      column.accessor((row) => nextDeadline(row), {
        id: 'nextDue',
        header: t('incidents.col.nextDue'),
        sortDescFirst: false,
        cell: (info) => {
          const deadline = info.getValue();
          if (!deadline) return <span className="cell-muted">–</span>;
          return (
            <span className={deadline.overdue ? 'deadline-cell overdue' : 'deadline-cell'}>
              <span>{t(`stage.${deadline.stage}` as MessageKey)}</span>
              <time className="cell-nowrap" dateTime={deadline.due.utc}>
                {berlin(deadline.due.utc)}
              </time>
              {deadline.overdue ? <span className="cell-nowrap">{t('incidents.overdue')}</span> : null}
            </span>
          );
        },
      }),
      column.accessor((row) => row.reported?.utc ?? null, {
        id: 'reported',
        header: t('incidents.col.reported'),
        sortDescFirst: true,
        cell: (info) => {
          const value = info.getValue();
          return value ? (
            <time className="cell-nowrap" dateTime={value}>
              {berlin(value)}
            </time>
          ) : (
            <span className="cell-muted">{t('incidents.draft')}</span>
          );
        },
      }),
      column.accessor('createdAt', {
        id: 'created',
        header: t('incidents.col.created'),
        sortDescFirst: true,
        cell: (info) => (
          <time className="cell-nowrap" dateTime={info.getValue()}>
            {berlin(info.getValue())}
          </time>
        ),
      }),
    ],
    [t, berlin],
  );

  const count = list.status === 'ready' ? list.items.length : 0;
  const select = (key: FilterKey, label: string, options: { value: string; label: string }[], anyLabel: string) => (
    <SelectField id={`${ids}-${key}`} label={label} value={draft[key]} onChange={(value) => setDraft({ ...draft, [key]: value })} options={options} anyLabel={anyLabel} />
  );
  // A shared link may name an assignee the directory does not list (any more): the control still shows it.
  const assigneeOptions = [
    { value: 'me', label: t('incidents.filter.me') },
    { value: 'none', label: t('incidents.filter.none') },
    ...assignees.map((user) => ({ value: user.id, label: user.name })),
    ...(draft.assignee && !['me', 'none'].includes(draft.assignee) && !assignees.some((user) => user.id === draft.assignee) ? [{ value: draft.assignee, label: draft.assignee }] : []),
  ];

  return (
    <div className="incidents">
      <div className="page-header page-header--split">
        <div>
          <h1>{t('incidents.title')}</h1>
          <p className="page-header__lead">{cert ? t('incidents.lead.cert') : t('incidents.lead.mine')}</p>
        </div>
        <Link to="/vorfaelle/neu" className="button button--primary">
          {t('incidents.new')}
        </Link>
      </div>

      {cert && (
        <div role="group" aria-label={t('incidents.title')} className="incident-tabs">
          <button type="button" className="button button--secondary" aria-pressed={queue} onClick={() => setParams(urlOf(filters, 'urgency', 'asc', false))}>
            {t('incidents.queue')}
          </button>
          <button type="button" className="button button--secondary" aria-pressed={!queue} onClick={() => setParams(urlOf(filters, 'created', 'desc', true))}>
            {t('incidents.all')}
          </button>
        </div>
      )}

      <div className="card panel advisories__tools">
        <form role="search" className="filter-bar" onSubmit={onFilter} aria-label={t('incidents.filters')}>
          <div className="field">
            <label htmlFor={`${ids}-q`}>{t('incidents.filter.q')}</label>
            <input id={`${ids}-q`} type="search" value={draft.q} maxLength={200} autoComplete="off" onChange={(event) => setDraft({ ...draft, q: event.target.value })} />
          </div>
          {select('state', t('incidents.filter.state'), TRIAGE_STATES.map((value) => ({ value, label: t(`state.${value}` as MessageKey) })), queue ? t('incidents.filter.stateAnyQueue') : t('incidents.filter.any'))}
          {select('severity', t('incidents.filter.severity'), SEVERITIES.map((value) => ({ value, label: severityLabel(t, value) })), t('incidents.filter.any'))}
          {cert ? select('assignee', t('incidents.filter.assignee'), assigneeOptions, t('incidents.filter.any')) : null}
          <div className="toolbar__actions">
            <button type="submit" className="button button--primary">
              {t('incidents.filter.apply')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setParams(urlOf(NO_FILTERS, queue ? 'urgency' : 'created', queue ? 'asc' : 'desc'))}>
              {t('incidents.filter.reset')}
            </button>
          </div>
        </form>
        {me ? <SavedFilters page="incidents" /> : null}
      </div>

      <section className="card panel" aria-labelledby={`${ids}-list`}>
        <h2 id={`${ids}-list`} className="panel__title">
          {queue ? t('incidents.queue') : cert ? t('incidents.all') : t('incidents.mine')}
        </h2>
        <p role="status" className="loading">
          {list.status === 'loading' ? t('incidents.loading') : list.status === 'ready' ? t(`incidents.list.count.${PLURALS[lang].select(count) === 'one' ? 'one' : 'other'}`, { n: count }) : ''}
        </p>
        <p className="field-hint">
          {queue && sort === 'urgency' ? `${t('incidents.sorted.urgency')} ` : ''}
          {t('incidents.timesBerlin')}
        </p>
        {queue && sort !== 'urgency' ? (
          <p>
            <button type="button" className="button button--secondary" onClick={() => setParams(urlOf(filters, 'urgency', 'asc'))}>
              {t('incidents.sort.urgency')}
            </button>
          </p>
        ) : null}
        {list.status === 'error' ? (
          <div className="notice notice--error" role="alert">
            <p className="notice__title">{t('incidents.error')}</p>
            {list.error.errors.length > 0 ? (
              <ul>
                {list.error.errors.map((e) => (
                  <li key={`${e.path}:${e.message}`}>
                    {e.path}: {fieldProblemText(t, e)}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{worded(t, problemWording(list.error))}</p>
            )}
          </div>
        ) : null}
        {list.status === 'ready' ? (
          <DataTable
            id="incidents"
            caption={t('incidents.table.caption')}
            data={list.items}
            columns={columns}
            getRowId={(row) => row.id}
            rowLabel={(row) => row.title ?? t('incidents.untitled')}
            sorting={sorting}
            onSortingChange={onSortingChange}
            manualSorting
            defaultHidden={cert ? ['created'] : ['assignee', 'organization']}
            empty={<EmptyState title={t('incidents.empty')}>{t('incidents.list.emptyHint')}</EmptyState>}
          />
        ) : null}
        {list.status === 'ready' && list.next ? (
          <button type="button" className="button button--secondary" disabled={list.loadingMore} onClick={() => void loadMore()}>
            {t('incidents.list.loadMore')}
          </button>
        ) : null}
      </section>
    </div>
  );
}
