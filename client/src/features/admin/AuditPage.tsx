import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link } from '../../app/router';
import type { PageProps } from '../../app/routes';
import { DataTable, type SortingState } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { KeyValueList } from '../../components/KeyValueList';
import { ProblemNotice } from '../../components/ProblemNotice';
import { plural, useI18n } from '../../i18n';
import { useWords } from '../../i18n/use-words';
import type { ApiError } from '../../lib/api';
import { api } from '../../lib/api';
import type { Schema } from '../../lib/api-schemas';
import { pick, useUrlParams } from '../../lib/url-state';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { formatDateTime, toApiError } from '../../lib/use-resource';
import { auditActionLabel, auditDetailItems, auditObjectLabel } from './audit-labels';
import { auditDe } from './audit.messages';
import '../account/account.css';
import './audit.css';

type AuditEntry = Schema<'AuditEntry'>;

interface Verification {
  rowsChecked: number;
  intact: boolean;
  problems: { id: number; problem: 'altered' | 'broken_link' }[];
}

/** Every filter of `GET /api/v1/audit` (server/audit/audit.routes.ts), each a URL parameter of the page. */
/** The pages that show an object of the trail, for the object types given by id only. */
const OBJECT_PAGES: Readonly<Record<string, string>> = { advisory: '/warnmeldungen', incident: '/vorfaelle' };

const FILTER_KEYS = ['action', 'actor', 'actorUserId', 'objectType', 'objectId', 'from', 'to'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;
const NO_FILTERS: Filters = { action: '', actor: '', actorUserId: '', objectType: '', objectId: '', from: '', to: '' };
const PAGE_SIZE = 50;
const ACTION_PREFIX = 'audit.action.';
/** Every action this client has words for: suggestions of the action filter (which takes the key). */
const KNOWN_ACTIONS = Object.keys(auditDe)
  .filter((key) => key.startsWith(ACTION_PREFIX))
  .map((key) => key.slice(ACTION_PREFIX.length));
const column = createColumnHelper<AuditEntry>();

/** `datetime-local` values are local time without offset; the API wants ISO 8601 with one. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function ChainCheck() {
  const { t, lang } = useI18n();
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.get<Verification>('/audit/verify'));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card panel" aria-labelledby="chain-heading">
      <h2 id="chain-heading" className="section-title">
        {t('audit.chain.title')}
      </h2>
      <ProblemNotice error={error} />
      <div role="status">
        {result ? (
          <div className={`notice ${result.intact ? 'notice--success' : 'notice--error'}`}>
            <p>{result.intact ? t('audit.chain.intact', { rows: result.rowsChecked }) : plural(t, lang, 'audit.chain.broken', result.problems.length, String(result.problems.length), { rows: result.rowsChecked })}</p>
            {result.problems.length > 0 ? (
              <ul className="plain-list">
                {result.problems.map((problem) => (
                  <li key={`${problem.id}-${problem.problem}`}>{t(`audit.chain.problem.${problem.problem}`, { id: problem.id })}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      <button type="button" className="button button--secondary" disabled={busy} onClick={() => void check()}>
        {busy ? t('audit.chain.checking') : t('audit.chain.check')}
      </button>
    </section>
  );
}

/**
 * cert_admin: the audit trail as a work table. Filters and the order live in the URL (`?action=session.&order=asc`);
 * the server sorts by time (the chain's order) and pages with its cursor ("load more").
 */
export function AuditPage(_props: PageProps) {
  const { t, lang } = useI18n();
  const words = useWords();
  const [params, setParams] = useUrlParams();
  const search = params.toString();
  const filters = useMemo<Filters>(() => ({ ...NO_FILTERS, ...pick(new URLSearchParams(search), FILTER_KEYS) }), [search]);
  const order = new URLSearchParams(search).get('order') === 'asc' ? 'asc' : 'desc';
  const [draft, setDraft] = useState<Filters>(filters);
  // The controls follow the URL (a shared link, back/forward).
  useEffect(() => setDraft(filters), [filters]);

  const load = useCallback(
    (cursor: string | undefined, signal?: AbortSignal) =>
      api.get<{ items: AuditEntry[]; next: string | null }>('/audit', {
        signal,
        query: {
          limit: PAGE_SIZE,
          cursor,
          order,
          action: filters.action.trim() || undefined,
          actor: filters.actor.trim() || undefined,
          actorUserId: filters.actorUserId.trim() || undefined,
          objectType: filters.objectType.trim() || undefined,
          objectId: filters.objectId.trim() || undefined,
          from: toIso(filters.from),
          to: toIso(filters.to),
        },
      }),
    [filters, order],
  );
  const { items, next, status, error, loadMore } = useCursorPages(load);

  const urlOf = (next: Filters, nextOrder: 'asc' | 'desc') => ({ ...next, order: nextOrder === 'asc' ? 'asc' : undefined });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = Object.fromEntries(FILTER_KEYS.map((key) => [key, draft[key].trim()])) as Filters;
    setParams(urlOf(trimmed, order));
  };
  const sorting: SortingState = [{ id: 'time', desc: order === 'desc' }];
  const onSortingChange = (updater: SortingState | ((old: SortingState) => SortingState)) => {
    const nextSorting = typeof updater === 'function' ? updater(sorting) : updater;
    setParams(urlOf(filters, nextSorting[0]?.desc === false ? 'asc' : 'desc'));
  };

  const columns = useMemo(
    () => [
      column.accessor('occurredAt', {
        id: 'time',
        header: t('audit.col.time'),
        sortDescFirst: true,
        enableHiding: false,
        cell: (info) => (
          <time className="cell-nowrap" dateTime={info.getValue()}>
            {formatDateTime(lang, info.getValue())}
          </time>
        ),
      }),
      column.accessor('actor', { id: 'actor', header: t('audit.col.actor'), enableSorting: false, cell: (info) => (info.getValue().startsWith('system:') ? `${t('audit.system')} (${info.getValue().slice('system:'.length)})` : info.getValue()) }),
      column.accessor('action', {
        id: 'action',
        header: t('audit.col.action'),
        enableSorting: false,
        // The label to read, the key to filter by (the action filter takes keys).
        cell: (info) => (
          <>
            <span className="audit-action">{auditActionLabel(words, info.getValue())}</span>
            <code className="audit-action__key">{info.getValue()}</code>
          </>
        ),
      }),
      column.accessor((row) => [row.objectType ? auditObjectLabel(words, row.objectType) : '', row.objectName ?? row.objectId].filter(Boolean).join(' '), {
        id: 'object',
        header: t('audit.col.object'),
        enableSorting: false,
        meta: { className: 'break' },
        // What the object is called today; below it the id the object filter takes (as for actions).
        cell: (info) => {
          const row = info.row.original;
          const type = row.objectType ? auditObjectLabel(words, row.objectType) : '';
          // Advisories and incidents by id only (their titles are content): a link to their page,
          // which shows them to whoever may see them.
          const page = OBJECT_PAGES[row.objectType ?? ''];
          if (page && row.objectId) {
            return (
              <>
                {type} <Link to={`${page}/${encodeURIComponent(row.objectId)}`}>{row.objectId}</Link>
              </>
            );
          }
          if (!row.objectName) return [type, row.objectId].filter(Boolean).join(' ');
          return (
            <>
              <span className="audit-object">
                {type} {row.objectName}
              </span>
              <code className="audit-object__id">{row.objectId}</code>
            </>
          );
        },
      }),
      column.accessor('tlp', { id: 'tlp', header: t('audit.col.tlp'), enableSorting: false, cell: (info) => (info.getValue() ? `TLP:${info.getValue()!.toUpperCase()}` : '') }),
      column.accessor('ip', { id: 'ip', header: t('audit.col.ip'), enableSorting: false, cell: (info) => info.getValue() ?? '' }),
      column.accessor('details', { id: 'details', header: t('audit.col.details'), enableSorting: false, cell: (info) => <KeyValueList items={auditDetailItems(words, info.getValue(), info.row.original.detailNames)} /> }),
    ],
    [t, lang, words],
  );

  const input = (field: FilterKey, type = 'text', hint?: string, list?: string) => (
    <div className="field">
      <label htmlFor={`audit-${field}`}>{t(`audit.filter.${field}`)}</label>
      {hint ? (
        <p id={`audit-${field}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <input
        id={`audit-${field}`}
        type={type}
        value={draft[field]}
        maxLength={320}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setDraft((previous) => ({ ...previous, [field]: event.target.value }))}
        aria-describedby={hint ? `audit-${field}-hint` : undefined}
        list={list}
      />
    </div>
  );

  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t('audit.title')}</h1>
        <p className="page-header__lead">{t('audit.lead')}</p>
      </header>
      <ChainCheck />
      <section className="card panel" aria-labelledby="audit-filter-heading">
        <h2 id="audit-filter-heading" className="section-title">
          {t('audit.filters')}
        </h2>
        <form role="search" aria-label={t('audit.filters')} className="filter-bar" onSubmit={onSubmit}>
          {input('action', 'text', t('audit.filter.actionHint'), 'audit-actions')}
          <datalist id="audit-actions">
            {KNOWN_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {auditActionLabel(words, action)}
              </option>
            ))}
          </datalist>
          {input('actor', 'email')}
          {input('actorUserId', 'text', t('audit.filter.actorUserIdHint'))}
          {input('objectType')}
          {input('objectId')}
          {input('from', 'datetime-local')}
          {input('to', 'datetime-local')}
          <div className="toolbar__actions">
            <button type="submit" className="button button--primary">
              {t('audit.filter.apply')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setParams({})}>
              {t('audit.filter.reset')}
            </button>
          </div>
        </form>
      </section>
      <section className="card panel" aria-labelledby="audit-list-heading">
        <h2 id="audit-list-heading" className="section-title">
          {t('audit.list')}
        </h2>
        <ProblemNotice error={error} />
        <p role="status" className="muted">
          {status === 'loading' ? t('common.loading') : plural(t, lang, 'audit.count', items.length)}
        </p>
        {status !== 'loading' && !error ? (
          <DataTable
            id="audit"
            caption={t('audit.table.caption')}
            data={items}
            columns={columns}
            getRowId={(row) => String(row.id)}
            rowLabel={(row) => `${auditActionLabel(words, row.action)} ${formatDateTime(lang, row.occurredAt)}`}
            sorting={sorting}
            onSortingChange={onSortingChange}
            manualSorting
            defaultHidden={['tlp', 'ip']}
            empty={<EmptyState title={t('audit.empty')}>{t('audit.emptyHint')}</EmptyState>}
          />
        ) : null}
        {next ? (
          <button type="button" className="button button--secondary" disabled={status === 'more'} onClick={() => void loadMore()}>
            {status === 'more' ? t('common.loading') : t('audit.more')}
          </button>
        ) : null}
      </section>
    </div>
  );
}
