import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { EmptyState } from '../../components/EmptyState';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useI18n } from '../../i18n';
import type { ApiError} from '../../lib/api';
import { api } from '../../lib/api';
import { formatDateTime, toApiError } from '../../lib/use-resource';
import '../account/account.css';

interface AuditEntry {
  id: number;
  occurredAt: string;
  actor: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  tlp: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

interface Verification {
  rowsChecked: number;
  intact: boolean;
  problems: { id: number; problem: 'altered' | 'broken_link' }[];
}

type Filters = { action: string; actor: string; objectType: string; objectId: string; from: string; to: string };
const NO_FILTERS: Filters = { action: '', actor: '', objectType: '', objectId: '', from: '', to: '' };
const PAGE_SIZE = 50;

/** `datetime-local` values are local time without offset; the API wants ISO 8601 with one. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function ChainCheck() {
  const { t } = useI18n();
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
            <p>{result.intact ? t('audit.chain.intact', { rows: result.rowsChecked }) : t('audit.chain.broken', { count: result.problems.length, rows: result.rowsChecked })}</p>
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

/** cert_admin: the audit trail, filtered, newest first, with "load more" over the cursor. */
export function AuditPage(_props: PageProps) {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'more'>('loading');
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(
    async (cursor: string | undefined, signal?: AbortSignal) => {
      const page = await api.get<{ items: AuditEntry[]; next: string | null }>('/audit', {
        signal,
        query: {
          limit: PAGE_SIZE,
          cursor,
          action: filters.action.trim() || undefined,
          actor: filters.actor.trim() || undefined,
          objectType: filters.objectType.trim() || undefined,
          objectId: filters.objectId.trim() || undefined,
          from: toIso(filters.from),
          to: toIso(filters.to),
        },
      });
      return page;
    },
    [filters],
  );

  useEffect(() => {
    const controller = new AbortController();
    setStatus('loading');
    setError(null);
    load(undefined, controller.signal)
      .then((page) => {
        setItems(page.items);
        setNext(page.next);
        setStatus('ready');
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        setError(toApiError(caught));
        setStatus('ready');
      });
    return () => controller.abort();
  }, [load]);

  const loadMore = async () => {
    if (!next) return;
    setStatus('more');
    try {
      const page = await load(next);
      setItems((previous) => [...previous, ...page.items]);
      setNext(page.next);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setStatus('ready');
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  const input = (field: keyof Filters, labelKey: 'audit.filter.action' | 'audit.filter.actor' | 'audit.filter.objectType' | 'audit.filter.objectId' | 'audit.filter.from' | 'audit.filter.to', type = 'text') => (
    <div className="field">
      <label htmlFor={`audit-${field}`}>{t(labelKey)}</label>
      {field === 'action' ? (
        <p id="audit-action-hint" className="field-hint">
          {t('audit.filter.actionHint')}
        </p>
      ) : null}
      <input
        id={`audit-${field}`}
        type={type}
        value={draft[field]}
        onChange={(event) => setDraft((previous) => ({ ...previous, [field]: event.target.value }))}
        aria-describedby={field === 'action' ? 'audit-action-hint' : undefined}
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
        <form className="toolbar" onSubmit={onSubmit}>
          {input('action', 'audit.filter.action')}
          {input('actor', 'audit.filter.actor', 'email')}
          {input('objectType', 'audit.filter.objectType')}
          {input('objectId', 'audit.filter.objectId')}
          {input('from', 'audit.filter.from', 'datetime-local')}
          {input('to', 'audit.filter.to', 'datetime-local')}
          <div className="toolbar__actions">
            <button type="submit" className="button button--primary">
              {t('audit.filter.apply')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setDraft(NO_FILTERS);
                setFilters(NO_FILTERS);
              }}
            >
              {t('audit.filter.reset')}
            </button>
          </div>
        </form>
      </section>
      <ProblemNotice error={error} />
      {status === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {status !== 'loading' && items.length === 0 && !error ? <EmptyState title={t('audit.empty')} /> : null}
      {status !== 'loading' && items.length > 0 ? (
        <section className="card panel data-table-wrap" aria-labelledby="audit-list-heading">
          <h2 id="audit-list-heading" className="visually-hidden">
            {t('audit.title')}
          </h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.col.time')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.object')}</th>
                <th scope="col">{t('audit.col.details')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(lang, entry.occurredAt)}</td>
                  <td>
                    {entry.actor}
                    {entry.ip ? <span className="muted"> ({entry.ip})</span> : null}
                  </td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td className="break">{[entry.objectType, entry.objectId].filter(Boolean).join(' ')}</td>
                  <td className="break">
                    <code>{Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details) : ''}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p role="status" className="muted">
            {t('audit.count', { count: items.length })}
          </p>
          {next ? (
            <button type="button" className="button button--secondary" disabled={status === 'more'} onClick={() => void loadMore()}>
              {status === 'more' ? t('common.loading') : t('audit.more')}
            </button>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
