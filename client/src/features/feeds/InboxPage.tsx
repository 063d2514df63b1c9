import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { navigate } from '../../app/router';
import { useLiveEvents } from '../../app/live';
import { useAnnounce } from '../../app/announcer';
import { DataTable, type BulkAction, type RowSelectionState, type SortingState } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { SavedFilters } from '../../components/SavedFilters';
import { plural, useI18n, type Language, type Translate } from '../../i18n';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/query';
import { formatCalendarDate, formatDateTime } from '../../lib/use-resource';
import { pick, useUrlParams } from '../../lib/url-state';
import { severityLabel } from '../advisories/model';
import { pickText, type InboxCard } from './model';
import { flaggedCount, ItemBlock, SEVERITY_CLASS } from './ItemBlock';
import { OverrideForm, type OverrideState } from './OverrideForm';
import { problemWording } from '../../lib/problem-wording';
import { wording, worded, type Wording } from '../../lib/wording';
import './feeds.css';

/** Every filter of `GET /api/v1/feed-items`, each a URL parameter of the page. */
const FILTER_KEYS = ['state', 'kev', 'warnings', 'epssMin', 'vendor', 'product', 'source', 'q', 'findings'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;
const NO_FILTERS: Filters = { state: 'open', kev: '', warnings: '', epssMin: '', vendor: '', product: '', source: '', q: '', findings: '' };
const PAGE_SIZE = 50;
type SortableColumn = 'state' | 'severity' | 'cvss' | 'epss' | 'kev' | 'affected' | 'age';

const SEVERITY_RANK: Record<string, number> = { niedrig: 1, mittel: 2, hoch: 3, kritisch: 4 };
/** Triage order of the item states: still to do first, then what was decided. */
const STATE_RANK: Record<string, number> = { new: 1, seen: 2, promoted: 3, dismissed: 4 };
type ItemState = 'new' | 'seen' | 'promoted' | 'dismissed';

/** One triage row: a card (items correlated by CVE) reduced to what a decision needs. */
type Row = {
  key: string;
  card: InboxCard;
  heading: string;
  title: string;
  severity: string | null;
  cvss: number | null;
  epss: number | null;
  kev: boolean;
  product: string;
  products: string[];
  affected: number;
  sources: string[];
  updatedAt: string;
  ageMs: number;
  /** The state of the card's lead item (the correlated items follow it when it is promoted or dismissed). */
  state: ItemState;
  open: boolean;
};

function cveHeading(cves: string[], t: Translate): string {
  if (cves.length === 0) return t('inbox.noCve');
  return cves.length === 1 ? cves[0]! : `${cves[0]!} +${cves.length - 1}`;
}

function toRow(card: InboxCard, lang: Language, t: Translate, now: number): Row {
  const items = [...card.items, ...card.related];
  const lead = card.items[0]!;
  const classes = items.map((item) => SEVERITY_CLASS[(item.severity ?? '').toLowerCase()]).filter((value): value is string => value !== undefined);
  const severity = classes.sort((a, b) => (SEVERITY_RANK[b] ?? 0) - (SEVERITY_RANK[a] ?? 0))[0] ?? null;
  const scores = items.map((item) => item.cvssScore).filter((score): score is number => score !== null);
  const epss = card.enrichments.map((enrichment) => enrichment.epss?.score).filter((score): score is number => typeof score === 'number');
  const products = [...new Set(items.flatMap((item) => item.products.map((product) => `${product.vendor} ${product.product}`)))];
  return {
    key: card.key,
    card,
    heading: cveHeading(card.cves, t),
    title: pickText(lead.title, lang) || lead.externalId,
    severity,
    cvss: scores.length > 0 ? Math.max(...scores) : null,
    epss: epss.length > 0 ? Math.max(...epss) : null,
    kev: card.enrichments.some((enrichment) => enrichment.kev !== null),
    product: products.length === 0 ? '' : products.length === 1 ? products[0]! : `${products[0]!} +${products.length - 1}`,
    products,
    affected: card.affected.length,
    sources: [...new Set(items.map((item) => item.source.name))],
    updatedAt: card.updatedAt,
    ageMs: Math.max(0, now - new Date(card.updatedAt).getTime()),
    state: lead.state,
    open: lead.state === 'new' || lead.state === 'seen',
  };
}

function ageText(ms: number, lang: Language, t: Translate): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return t('inbox.age.minutes', { n: Math.max(1, minutes) });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('inbox.age.hours', { n: hours });
  const days = Math.floor(hours / 24);
  return plural(t, lang, 'inbox.age.days', days);
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

const column = createColumnHelper<Row>();

export function InboxPage() {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const ids = useId();
  const [params, setParams] = useUrlParams();
  const search = params.toString();
  const filters = useMemo<Filters>(() => ({ ...NO_FILTERS, ...pick(new URLSearchParams(search), FILTER_KEYS) }), [search]);
  const [draft, setDraft] = useState<Filters>(filters);
  const [actionError, setActionError] = useState<Wording | null>(null);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [active, setActive] = useState<string | null>(null);
  const [arrived, setArrived] = useState(0);
  const [busy, setBusy] = useState(false);
  const [sorting, setSorting] = useState<SortingState>([]);
  const helpRef = useRef<HTMLDialogElement>(null);

  useEffect(() => setDraft(filters), [filters]);

  const listQuery = useMemo(() => {
    const query: Record<string, string> = { limit: String(PAGE_SIZE) };
    for (const key of FILTER_KEYS) if (filters[key]) query[key] = filters[key];
    return query;
  }, [filters]);

  // The triage list, one cached list per filter set. New items do not reorder the rows under the
  // analyst's cursor: the live events only mark the list stale (app/live-queries.ts) and the page
  // offers them with a count and a button that reads the list again.
  const pages = useInfiniteQuery({
    queryKey: queryKeys.feedItems.list(listQuery),
    queryFn: ({ pageParam, signal }) => api.get<{ items: InboxCard[]; next: string | null }>('/feed-items', { query: pageParam ? { ...listQuery, cursor: pageParam } : listQuery, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const cards = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? null, [pages.data]);
  const listError = pages.error ? worded(t, problemWording(pages.error)) : null;
  const error = worded(t, actionError) ?? (cards === null ? listError : null);
  const { refetch } = pages;
  const reload = useCallback(async () => {
    setSelection({});
    setArrived(0);
    setActionError(null);
    await refetch();
  }, [refetch]);

  // Other filters: nothing selected, no count of arrivals from before.
  useEffect(() => {
    setSelection({});
    setArrived(0);
  }, [listQuery]);

  useLiveEvents(
    (event) => {
      if (event.type !== 'feed.item.created' && event.type !== 'feed.item.updated') return;
      const count = typeof event.payload.count === 'number' ? event.payload.count : 1;
      setArrived((value) => value + count);
      announce(t('inbox.newItems', { n: count }));
    },
    () => void reload(),
  );

  // Ages count from when the page was loaded, so rows do not reorder while someone triages.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => setNow(Date.now()), [cards]);
  const rows = useMemo(() => (cards ?? []).map((card) => toRow(card, lang, t, now)), [cards, lang, t, now]);
  // The order the table shows (the DataTable sorts the loaded rows the same way), for j/k.
  const orderedKeys = useMemo(() => {
    const first = sorting[0];
    if (!first) return rows.map((row) => row.key);
    const value = (row: Row): number => ({ state: STATE_RANK[row.state] ?? 0, severity: SEVERITY_RANK[row.severity ?? ''] ?? 0, cvss: row.cvss ?? -1, epss: row.epss ?? -1, kev: row.kev ? 1 : 0, affected: row.affected, age: row.ageMs })[first.id as SortableColumn] ?? 0;
    return [...rows].sort((a, b) => (first.desc ? value(b) - value(a) : value(a) - value(b))).map((row) => row.key);
  }, [rows, sorting]);

  useEffect(() => {
    if (active && !rows.some((row) => row.key === active)) setActive(null);
  }, [rows, active]);

  const itemIdsOf = useCallback((keys: string[]) => rows.filter((row) => keys.includes(row.key)).flatMap((row) => row.card.items.map((item) => item.id)), [rows]);

  const client = useQueryClient();
  const { mutateAsync: postBulk } = useMutation({
    mutationFn: (body: { ids: string[]; action: 'seen' | 'dismiss' }) => api.post('/feed-items/bulk', body),
    // Every cached inbox list (other filters too) and the home page's intake change.
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.feedItems.all, refetchType: 'none' }),
  });
  const bulk = useCallback(
    async (keys: string[], action: 'seen' | 'dismiss') => {
      setBusy(true);
      try {
        await postBulk({ ids: itemIdsOf(keys), action });
        await reload();
      } catch (e) {
        setActionError(wording('inbox.actionFailed', { message: problemWording(e) }));
      } finally {
        setBusy(false);
      }
    },
    [itemIdsOf, postBulk, reload],
  );

  // A card with warninglist hits is promoted only after the analyst confirms with a reason (audited).
  const [override, setOverride] = useState<OverrideState | null>(null);
  const promote = useCallback(
    async (row: Row, warningOverride?: string) => {
      if (!warningOverride && flaggedCount(row.card) > 0) {
        setActive(row.key);
        setOverride({ key: row.key, reason: '', error: null });
        return;
      }
      setBusy(true);
      try {
        const result = await api.post<{ advisory: { id: string } }>(`/feed-items/${row.card.items[0]!.id}/promote`, warningOverride ? { warningOverride: { reason: warningOverride } } : {});
        void client.invalidateQueries({ queryKey: queryKeys.feedItems.all, refetchType: 'none' });
        void client.invalidateQueries({ queryKey: queryKeys.advisories.all });
        navigate(`/warnmeldungen/${result.advisory.id}/bearbeiten`);
      } catch (e) {
        setActionError(wording('inbox.actionFailed', { message: problemWording(e, { INVALID_STATE: 'inbox.problem.alreadyPromoted' }) }));
        setBusy(false);
      }
    },
    [client],
  );

  // Keyboard triage: j/k move, x select, p promote, d dismiss, ? help (not while typing or in a dialog).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target) || document.querySelector('dialog[open]')) return;
      const index = active ? orderedKeys.indexOf(active) : -1;
      const row = rows.find((candidate) => candidate.key === active);
      const move = (to: number) => {
        const key = orderedKeys[Math.max(0, Math.min(orderedKeys.length - 1, to))];
        if (!key) return;
        setActive(key);
        document.querySelector(`tr[data-row-id="${CSS.escape(key)}"]`)?.scrollIntoView({ block: 'nearest' });
      };
      if (event.key === 'j') move(index + 1);
      else if (event.key === 'k') move(index <= 0 ? 0 : index - 1);
      else if (event.key === 'x' && active) setSelection((current) => ({ ...current, [active]: !current[active] }));
      else if (event.key === 'p' && row?.open && !busy) void promote(row);
      else if (event.key === 'd' && row?.open && !busy) {
        void bulk([row.key], 'dismiss').then(() => announce(t('inbox.dismissed', { title: row.heading })));
        move(index + 1);
      } else if (event.key === '?') helpRef.current?.showModal();
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active, orderedKeys, rows, busy, promote, bulk, announce, t]);

  const columns = useMemo(
    () => [
      column.accessor('heading', {
        header: t('inbox.col.cves'),
        enableSorting: false,
        enableHiding: false,
        cell: (info) => (
          <button type="button" className="link-button cell-nowrap" title={info.row.original.card.cves.join(', ')} onClick={() => setActive(info.row.original.key)} aria-expanded={active === info.row.original.key}>
            {info.getValue()}
          </button>
        ),
      }),
      column.accessor('title', { header: t('inbox.col.title'), enableSorting: false, meta: { className: 'cell-title' } }),
      column.accessor((row) => STATE_RANK[row.state] ?? 0, {
        id: 'state',
        header: t('inbox.col.state'),
        cell: (info) => <span className={`feed-state feed-state--${info.row.original.state}`}>{t(`inbox.state.${info.row.original.state}`)}</span>,
      }),
      column.accessor((row) => SEVERITY_RANK[row.severity ?? ''] ?? 0, {
        id: 'severity',
        header: t('inbox.col.severity'),
        sortDescFirst: true,
        cell: (info) => {
          const severity = info.row.original.severity;
          return severity ? <span className={`severity severity--${severity}`}>{severityLabel(t, severity)}</span> : <span className="cell-muted">–</span>;
        },
      }),
      column.accessor((row) => row.cvss ?? -1, { id: 'cvss', header: t('inbox.col.cvss'), sortDescFirst: true, cell: (info) => (info.row.original.cvss === null ? <span className="cell-muted">–</span> : info.row.original.cvss.toFixed(1)) }),
      column.accessor((row) => row.epss ?? -1, { id: 'epss', header: t('inbox.col.epss'), sortDescFirst: true, cell: (info) => (info.row.original.epss === null ? <span className="cell-muted">–</span> : info.row.original.epss.toFixed(3)) }),
      column.accessor((row) => (row.kev ? 1 : 0), { id: 'kev', header: t('inbox.col.kev'), sortDescFirst: true, cell: (info) => (info.row.original.kev ? <span className="feed-badge feed-badge--kev">{t('inbox.kevYes')}</span> : <span className="cell-muted">{t('inbox.kevNo')}</span>) }),
      column.accessor('product', { header: t('inbox.col.product'), enableSorting: false, cell: (info) => <span title={info.row.original.products.join(', ')}>{info.getValue() || <span className="cell-muted">–</span>}</span> }),
      column.accessor('affected', {
        header: t('inbox.col.affected'),
        sortDescFirst: true,
        cell: (info) => (
          <span title={info.row.original.card.affected.map((organization) => organization.name).join(', ')}>
            {info.getValue() === 0 ? <span className="cell-muted">–</span> : plural(t, lang, 'inbox.affectedCount', info.getValue())}
          </span>
        ),
      }),
      column.accessor((row) => row.sources.join(', '), { id: 'sources', header: t('inbox.col.sources'), enableSorting: false }),
      column.accessor('ageMs', {
        id: 'age',
        header: t('inbox.col.age'),
        cell: (info) => (
          <time className="cell-nowrap" dateTime={info.row.original.updatedAt} title={formatDateTime(lang, info.row.original.updatedAt)}>
            {ageText(info.getValue(), lang, t)}
          </time>
        ),
      }),
    ],
    [t, lang, active],
  );

  const bulkActions: BulkAction[] = [
    { id: 'seen', label: t('inbox.bulkSeen'), confirm: (n) => ({ title: t('inbox.confirm.seen.title'), text: plural(t, lang, 'inbox.confirm.seen.text', n), button: t('inbox.bulkSeen') }), run: (keys) => bulk(keys, 'seen') },
    { id: 'dismiss', label: t('inbox.bulkDismiss'), danger: true, confirm: (n) => ({ title: t('inbox.confirm.dismiss.title'), text: plural(t, lang, 'inbox.confirm.dismiss.text', n), button: t('inbox.bulkDismiss') }), run: (keys) => bulk(keys, 'dismiss') },
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams({ ...draft, vendor: draft.vendor.trim(), product: draft.product.trim(), q: draft.q.trim(), source: draft.source.trim(), state: draft.state === 'open' ? undefined : draft.state });
  };
  // Checkboxes and selects apply at once (no extra "Filtern" click); text fields on Enter or the button.
  const applyNow = (patch: Partial<Filters>) => {
    const merged = { ...filters, ...patch };
    setParams({ ...merged, state: merged.state === 'open' ? undefined : merged.state });
  };

  const activeRow = rows.find((row) => row.key === active);

  return (
    <div className="feeds">
      <div className="page-header page-header--split">
        <div>
          <h1>{t('inbox.title')}</h1>
          <p className="page-header__lead">{t('inbox.intro')}</p>
        </div>
        <button type="button" className="button button--secondary" onClick={() => helpRef.current?.showModal()}>
          {t('inbox.keys.button')}
        </button>
      </div>
      <div className="card panel">
        <form className="filter-bar" onSubmit={submit} aria-label={t('inbox.filters')}>
          <div className="field">
            <label htmlFor={`${ids}-state`}>{t('inbox.filter.state')}</label>
            <select id={`${ids}-state`} value={draft.state} onChange={(event) => applyNow({ state: event.target.value })}>
              <option value="open">{t('inbox.filter.state.open')}</option>
              <option value="all">{t('inbox.filter.state.all')}</option>
              <option value="promoted">{t('inbox.filter.state.promoted')}</option>
              <option value="dismissed">{t('inbox.filter.state.dismissed')}</option>
            </select>
          </div>
          <div className="field">
            <label className="feeds-filters__check">
              <input type="checkbox" checked={draft.kev === 'true'} onChange={(event) => applyNow({ kev: event.target.checked ? 'true' : '' })} /> {t('inbox.filter.kev')}
            </label>
          </div>
          <div className="field">
            <label className="feeds-filters__check">
              <input type="checkbox" checked={draft.warnings === 'true'} onChange={(event) => applyNow({ warnings: event.target.checked ? 'true' : '' })} /> {t('inbox.filter.warnings')}
            </label>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-epss`}>{t('inbox.filter.epssMin')}</label>
            <input id={`${ids}-epss`} type="number" min="0" max="1" step="0.01" value={draft.epssMin} onChange={(event) => setDraft({ ...draft, epssMin: event.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-vendor`}>{t('inbox.filter.vendor')}</label>
            <input id={`${ids}-vendor`} value={draft.vendor} onChange={(event) => setDraft({ ...draft, vendor: event.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-product`}>{t('inbox.filter.product')}</label>
            <input id={`${ids}-product`} value={draft.product} onChange={(event) => setDraft({ ...draft, product: event.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-q`}>{t('inbox.filter.q')}</label>
            <input id={`${ids}-q`} type="search" value={draft.q} onChange={(event) => setDraft({ ...draft, q: event.target.value })} />
          </div>
          <div className="toolbar__actions">
            <button type="submit" className="button button--primary">
              {t('inbox.filter.apply')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setParams({})}>
              {t('inbox.filter.reset')}
            </button>
          </div>
        </form>
        <SavedFilters page="inbox" />
      </div>

      {arrived > 0 && (
        <p className="notice" role="status">
          {t('inbox.newItems', { n: arrived })}{' '}
          <button type="button" className="button button--secondary" onClick={() => void reload()}>
            {t('inbox.reload')}
          </button>
        </p>
      )}
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}

      <section className="card panel" aria-label={t('inbox.title')}>
        {cards === null && !error && <p role="status">{t('inbox.loading')}</p>}
        {cards && (
          <DataTable
            id="inbox"
            caption={t('inbox.table.caption')}
            data={rows}
            columns={columns}
            getRowId={(row) => row.key}
            rowLabel={(row) => row.heading}
            sorting={sorting}
            onSortingChange={setSorting}
            manualSorting={false}
            selection={selection}
            onSelectionChange={setSelection}
            bulkActions={bulkActions}
            activeRowId={active}
            empty={<EmptyState title={t('inbox.empty')}>{t('inbox.emptyHint')}</EmptyState>}
          />
        )}
        {pages.hasNextPage && (
          <button type="button" className="button button--secondary" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {t('inbox.more')}
          </button>
        )}
      </section>

      {activeRow ? (
        <section className="card panel feed-card" aria-label={t('inbox.details', { title: activeRow.heading })} data-testid="inbox-details">
          <h2>{activeRow.heading}</h2>
          {activeRow.card.cves.length > 1 ? <p className="cell-muted">{activeRow.card.cves.join(', ')}</p> : null}
          {activeRow.card.enrichments.map((enrichment) => (
            <p key={enrichment.cve} className="feed-card__facts">
              <strong>{enrichment.cve}</strong>
              {enrichment.kev && <span className="feed-badge feed-badge--kev"> {t('inbox.kev', { due: enrichment.kev.dueDate ? formatCalendarDate(lang, enrichment.kev.dueDate) : '–' })}</span>}
              {enrichment.kev?.knownRansomwareCampaignUse && <span className="feed-badge"> {t('inbox.kevRansomware')}</span>}
              {enrichment.epss && <span> · {t('inbox.epss', { score: enrichment.epss.score.toFixed(3), percentile: (enrichment.epss.percentile ?? 0).toFixed(2) })}</span>}
            </p>
          ))}
          <section className="feed-card__affected" data-testid="feed-card-affected">
            {activeRow.card.affected.length === 0 ? (
              <p>{t('inbox.affectedNone')}</p>
            ) : (
              <>
                <h3>{t('inbox.affected', { count: String(activeRow.card.affected.length) })}</h3>
                <ul>
                  {activeRow.card.affected.map((organization) => (
                    <li key={organization.organizationId}>
                      <strong>{organization.name}</strong>: {organization.reasons.map((reason) => (lang === 'de' ? reason.de : reason.en)).join('; ')}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          {activeRow.card.items.map((item) => (
            <ItemBlock key={item.id} item={item} lang={lang} />
          ))}
          {activeRow.card.related.length > 0 && (
            <details>
              <summary>
                {t('inbox.related')} ({activeRow.card.related.length})
              </summary>
              {activeRow.card.related.map((item) => (
                <ItemBlock key={item.id} item={item} lang={lang} />
              ))}
            </details>
          )}
          {activeRow.open && override?.key === activeRow.key && (
            <OverrideForm
              flagged={flaggedCount(activeRow.card)}
              state={override}
              busy={busy}
              onChange={setOverride}
              onConfirm={(reason) => void promote(activeRow, reason)}
            />
          )}
          {activeRow.open && override?.key !== activeRow.key && (
            <div className="feed-card__actions">
              <button type="button" className="button button--primary" disabled={busy} onClick={() => void promote(activeRow)}>
                {t('inbox.promote')}
              </button>
              <button type="button" className="button button--secondary" disabled={busy} onClick={() => void bulk([activeRow.key], 'dismiss')}>
                {t('inbox.dismiss')}
              </button>
            </div>
          )}
        </section>
      ) : null}

      <dialog ref={helpRef} className="dialog" aria-labelledby={`${ids}-keys`}>
        <h2 id={`${ids}-keys`}>{t('inbox.keys.title')}</h2>
        <dl className="kbd-help">
          {(['j', 'k', 'x', 'p', 'd'] as const).map((key) => (
            <div key={key} style={{ display: 'contents' }}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{t(`inbox.keys.${key}`)}</dd>
            </div>
          ))}
          <dt>
            <kbd>?</kbd>
          </dt>
          <dd>{t('inbox.keys.help')}</dd>
        </dl>
        <form method="dialog" className="form__actions">
          <button type="submit" className="button button--primary">
            {t('inbox.keys.close')}
          </button>
        </form>
      </dialog>
    </div>
  );
}
