import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { Link } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { TLP_LABELS, TlpBadge } from '../../components/TlpBadge';
import { useI18n } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import { isCertStaff } from '../../lib/roles';
import { useMe } from '../../lib/session';
import {
  SEVERITIES,
  Snippet,
  asTlpLabel,
  formatDate,
  localized,
  localizedLang,
  severityLabel,
  type AdvisorySummary,
  type Page,
  type SearchHit,
} from './model';

interface Filters {
  severity: string;
  tlp: string;
  cve: string;
}

const NO_FILTERS: Filters = { severity: '', tlp: '', cve: '' };
const PAGE_SIZE = 25;

type ListState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; items: AdvisorySummary[]; next: string | null; loadingMore: boolean };

type SearchState =
  | { status: 'idle' }
  | { status: 'loading'; q: string }
  | { status: 'error'; q: string; error: ApiError }
  | { status: 'ready'; q: string; items: SearchHit[]; next: string | null; loadingMore: boolean };

function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, { detail: String(error) });
}

export function StatusLabel({ status }: { status: string }) {
  const { t } = useI18n();
  const known = ['draft', 'published', 'revised', 'withdrawn'] as const;
  const match = known.find((value) => value === status);
  return <span className={`status status--${status}`}>{match ? t(`advisories.status.${match}`) : status}</span>;
}

export function AdvisoryListPage(_props: PageProps) {
  const { t, lang } = useI18n();
  const me = useMe();
  const ids = useId();
  const [draftFilters, setDraftFilters] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<SearchState>({ status: 'idle' });
  const abortRef = useRef<AbortController | null>(null);

  const listQuery = useCallback(
    (cursor?: string) => ({
      limit: PAGE_SIZE,
      cursor,
      severity: filters.severity || undefined,
      tlp: filters.tlp || undefined,
      cve: filters.cve.trim() || undefined,
    }),
    [filters],
  );

  useEffect(() => {
    const controller = new AbortController();
    setList({ status: 'loading' });
    api
      .get<Page<AdvisorySummary>>('/advisories', { query: listQuery(), signal: controller.signal })
      .then((page) => setList({ status: 'ready', items: page.items, next: page.next, loadingMore: false }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setList({ status: 'error', error: toApiError(error) });
      });
    return () => controller.abort();
  }, [listQuery]);

  const loadMore = async () => {
    if (list.status !== 'ready' || !list.next) return;
    setList({ ...list, loadingMore: true });
    try {
      const page = await api.get<Page<AdvisorySummary>>('/advisories', { query: listQuery(list.next) });
      setList({ status: 'ready', items: [...list.items, ...page.items], next: page.next, loadingMore: false });
    } catch (error) {
      setList({ status: 'error', error: toApiError(error) });
    }
  };

  const runSearch = async (q: string, cursor?: string) => {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    if (!cursor) setSearch({ status: 'loading', q });
    else if (search.status === 'ready') setSearch({ ...search, loadingMore: true });
    try {
      const page = await api.get<Page<SearchHit>>('/search', { query: { q, limit: PAGE_SIZE, cursor }, signal: controller.signal });
      setSearch((previous) => ({
        status: 'ready',
        q,
        items: cursor && previous.status === 'ready' ? [...previous.items, ...page.items] : page.items,
        next: page.next,
        loadingMore: false,
      }));
    } catch (error) {
      if (!controller.signal.aborted) setSearch({ status: 'error', q, error: toApiError(error) });
    }
  };

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    const q = query.trim();
    if (q === '') setSearch({ status: 'idle' });
    else void runSearch(q);
  };

  const onFilter = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ ...draftFilters, cve: draftFilters.cve.trim().toUpperCase() });
  };

  const resetFilters = () => {
    setDraftFilters(NO_FILTERS);
    setFilters(NO_FILTERS);
  };

  const clearSearch = () => {
    abortRef.current?.abort();
    setQuery('');
    setSearch({ status: 'idle' });
  };

  const cveInvalid = list.status === 'error' && list.error.errors.some((e) => e.path === 'cve');

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
        <form role="search" className="toolbar" onSubmit={onSearch} aria-labelledby={`${ids}-search-label`}>
          <div className="field toolbar__grow">
            <label id={`${ids}-search-label`} htmlFor={`${ids}-q`}>
              {t('advisories.search.label')}
            </label>
            <input id={`${ids}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} aria-describedby={`${ids}-q-hint`} maxLength={500} />
            <p id={`${ids}-q-hint`} className="field-hint">
              {t('advisories.search.hint')}
            </p>
          </div>
          <div className="toolbar__actions">
            <button type="submit" className="button button--primary">
              {t('advisories.search.submit')}
            </button>
            {search.status !== 'idle' ? (
              <button type="button" className="button button--secondary" onClick={clearSearch}>
                {t('advisories.search.clear')}
              </button>
            ) : null}
          </div>
        </form>

        {search.status === 'idle' ? (
          <form className="toolbar" onSubmit={onFilter} aria-label={t('advisories.filters')}>
            <div className="field">
              <label htmlFor={`${ids}-severity`}>{t('advisories.filter.severity')}</label>
              <select id={`${ids}-severity`} value={draftFilters.severity} onChange={(e) => setDraftFilters({ ...draftFilters, severity: e.target.value })}>
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
              <select id={`${ids}-tlp`} value={draftFilters.tlp} onChange={(e) => setDraftFilters({ ...draftFilters, tlp: e.target.value })}>
                <option value="">{t('advisories.filter.any')}</option>
                {TLP_LABELS.map((label) => (
                  <option key={label} value={label}>
                    TLP:{label}
                  </option>
                ))}
              </select>
            </div>
            <div className={`field${cveInvalid ? ' field--invalid' : ''}`}>
              <label htmlFor={`${ids}-cve`}>{t('advisories.filter.cve')}</label>
              <input
                id={`${ids}-cve`}
                type="text"
                value={draftFilters.cve}
                onChange={(e) => setDraftFilters({ ...draftFilters, cve: e.target.value })}
                aria-describedby={`${ids}-cve-hint`}
                aria-invalid={cveInvalid || undefined}
                autoComplete="off"
                spellCheck={false}
              />
              <p id={`${ids}-cve-hint`} className="field-hint">
                {t('advisories.filter.cveHint')}
              </p>
            </div>
            <div className="toolbar__actions">
              <button type="submit" className="button button--primary">
                {t('advisories.filter.apply')}
              </button>
              <button type="button" className="button button--secondary" onClick={resetFilters}>
                {t('advisories.filter.reset')}
              </button>
            </div>
          </form>
        ) : null}
      </div>

      {search.status !== 'idle' ? (
        <section className="card panel" aria-labelledby={`${ids}-results`}>
          <h2 id={`${ids}-results`} className="panel__title">
            {t('advisories.search.results', { q: search.q })}
          </h2>
          <p role="status" className="loading">
            {search.status === 'loading'
              ? t('advisories.list.loading')
              : search.status === 'ready'
                ? t('advisories.search.count', { count: search.items.length })
                : ''}
          </p>
          {search.status === 'error' ? (
            <p className="notice notice--error" role="alert">
              {t('advisories.error')} {search.error.detail ?? ''}
            </p>
          ) : null}
          {search.status === 'ready' && search.items.length === 0 ? <EmptyState title={t('advisories.search.empty')} /> : null}
          {search.status === 'ready' && search.items.length > 0 ? (
            <ol className="advisory-list">
              {search.items.map((hit) => {
                const tlp = asTlpLabel(hit.tlp);
                return (
                  <li key={hit.id} className="advisory-item">
                    <h3 className="advisory-item__title">
                      <Link to={`/warnmeldungen/${hit.id}`} lang={localizedLang(hit.title, lang)}>
                        {localized(hit.title, lang)}
                      </Link>
                    </h3>
                    <p className="advisory-item__meta">
                      {tlp ? <TlpBadge label={tlp} /> : null}
                      <span className={`severity severity--${hit.severity}`}>
                        {t('severity.label')}: {severityLabel(t, hit.severity)}
                      </span>
                      {hit.status !== 'published' ? <StatusLabel status={hit.status} /> : null}
                    </p>
                    <p className="advisory-item__snippet">
                      <Snippet html={hit.snippet} />
                    </p>
                  </li>
                );
              })}
            </ol>
          ) : null}
          {search.status === 'ready' && search.next ? (
            <button type="button" className="button button--secondary" disabled={search.loadingMore} onClick={() => void runSearch(search.q, search.next ?? undefined)}>
              {t('advisories.list.loadMore')}
            </button>
          ) : null}
        </section>
      ) : (
        <section className="card panel" aria-labelledby={`${ids}-list`}>
          <h2 id={`${ids}-list`} className="panel__title">
            {t('advisories.list.heading')}
          </h2>
          <p role="status" className="loading">
            {list.status === 'loading' ? t('advisories.list.loading') : list.status === 'ready' ? t('advisories.list.count', { count: list.items.length }) : ''}
          </p>
          {list.status === 'error' ? (
            <div className="notice notice--error" role="alert">
              <p className="notice__title">{t('advisories.error')}</p>
              {list.error.errors.length > 0 ? (
                <ul>
                  {list.error.errors.map((e) => (
                    <li key={`${e.path}:${e.message}`}>
                      {e.path}: {e.message}
                    </li>
                  ))}
                </ul>
              ) : list.error.detail ? (
                <p>{list.error.detail}</p>
              ) : null}
            </div>
          ) : null}
          {list.status === 'ready' && list.items.length === 0 ? <EmptyState title={t('advisories.list.empty')}>{t('advisories.list.emptyHint')}</EmptyState> : null}
          {list.status === 'ready' && list.items.length > 0 ? (
            <ul className="advisory-list">
              {list.items.map((item) => {
                const tlp = asTlpLabel(item.tlp);
                return (
                  <li key={item.id} className="advisory-item">
                    <h3 className="advisory-item__title">
                      <Link to={`/warnmeldungen/${item.id}`} lang={localizedLang(item.title, lang)}>
                        {localized(item.title, lang)}
                      </Link>
                    </h3>
                    <p className="advisory-item__meta">
                      {tlp ? <TlpBadge label={tlp} /> : null}
                      <span className={`severity severity--${item.severity}`}>
                        {t('severity.label')}: {severityLabel(t, item.severity)}
                      </span>
                      {item.status !== 'published' ? <StatusLabel status={item.status} /> : null}
                      {item.publishedAt ? (
                        <span>
                          {t('advisories.list.published')}: <time dateTime={item.publishedAt}>{formatDate(item.publishedAt, lang)}</time>
                        </span>
                      ) : null}
                      {item.cves.length > 0 ? <span className="advisory-item__cves">{item.cves.join(', ')}</span> : null}
                    </p>
                    <p className="advisory-item__summary" lang={localizedLang(item.summary, lang)}>
                      {localized(item.summary, lang)}
                    </p>
                  </li>
                );
              })}
            </ul>
          ) : null}
          {list.status === 'ready' && list.next ? (
            <button type="button" className="button button--secondary" disabled={list.loadingMore} onClick={() => void loadMore()}>
              {t('advisories.list.loadMore')}
            </button>
          ) : null}
        </section>
      )}
    </div>
  );
}
