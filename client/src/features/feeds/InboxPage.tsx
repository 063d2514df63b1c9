import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { navigate } from '../../app/router';
import { useLiveEvents } from '../../app/live';
import { useAnnounce } from '../../app/announcer';
import { EmptyState } from '../../components/EmptyState';
import { useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { formatDateTime } from '../../lib/use-resource';
import { pickText, type FeedItem, type InboxCard } from './model';
import './feeds.css';

type Filters = { state: string; kev: boolean; epssMin: string; vendor: string; product: string; q: string };
const EMPTY_FILTERS: Filters = { state: 'open', kev: false, epssMin: '', vendor: '', product: '', q: '' };

function queryOf(filters: Filters, cursor?: string): Record<string, string> {
  const query: Record<string, string> = { state: filters.state, limit: '25' };
  if (filters.kev) query.kev = 'true';
  if (filters.epssMin) query.epssMin = filters.epssMin;
  if (filters.vendor.trim()) query.vendor = filters.vendor.trim();
  if (filters.product.trim()) query.product = filters.product.trim();
  if (filters.q.trim()) query.q = filters.q.trim();
  if (cursor) query.cursor = cursor;
  return query;
}

function ItemBlock({ item, lang }: { item: FeedItem; lang: string }) {
  const { t } = useI18n();
  const summary = pickText(item.summary, lang);
  return (
    <div className="feed-item" lang={item.title.de && lang !== 'en' ? 'de' : undefined}>
      <p className="feed-item__meta">
        {t('inbox.source', { name: item.source.name })} · {item.externalId} · {t(`inbox.state.${item.state}`)}
        {item.severity ? ` · ${item.severity}` : ''}
        {item.cvssScore !== null ? ` · CVSS ${item.cvssScore.toFixed(1)}` : ''}
      </p>
      <p className="feed-item__title">{pickText(item.title, lang)}</p>
      {summary && <p>{summary}</p>}
      {item.upstreamUpdatedAt && <p className="notice">{t('inbox.upstreamUpdated')}</p>}
      {item.products.length > 0 && (
        <p>
          {t('inbox.products')}: {item.products.map((product) => `${product.vendor} ${product.product}`).join(', ')}
        </p>
      )}
    </div>
  );
}

export function InboxPage() {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const [draft, setDraft] = useState<Filters>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [cards, setCards] = useState<InboxCard[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [arrived, setArrived] = useState(0);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const page = await api.get<{ items: InboxCard[]; next: string | null }>('/feed-items', { query: queryOf(filters), ...(signal ? { signal } : {}) });
        setCards(page.items);
        setNext(page.next);
        setSelected(new Set());
        setArrived(0);
        setError(null);
      } catch (e) {
        if (!signal?.aborted) setError(e instanceof ApiError ? e.message : String(e));
      }
    },
    [filters],
  );

  useEffect(() => {
    const controller = new AbortController();
    setCards(null);
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  useLiveEvents(
    (event) => {
      if (event.type !== 'feed.item.created' && event.type !== 'feed.item.updated') return;
      const count = typeof event.payload.count === 'number' ? event.payload.count : 1;
      setArrived((value) => value + count);
      announce(t('inbox.newItems', { n: count }));
    },
    () => void load(),
  );

  const more = async () => {
    if (!next) return;
    const page = await api.get<{ items: InboxCard[]; next: string | null }>('/feed-items', { query: queryOf(filters, next) });
    setCards((current) => [...(current ?? []), ...page.items]);
    setNext(page.next);
  };

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      await load();
    } catch (e) {
      setError(t('inbox.actionFailed', { message: e instanceof ApiError ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  const promote = async (item: FeedItem) => {
    setBusy(true);
    try {
      const result = await api.post<{ advisory: { id: string } }>(`/feed-items/${item.id}/promote`, {});
      navigate(`/warnmeldungen/${result.advisory.id}/bearbeiten`);
    } catch (e) {
      setError(t('inbox.actionFailed', { message: e instanceof ApiError ? e.message : String(e) }));
      setBusy(false);
    }
  };

  const toggle = (id: string) =>
    setSelected((current) => {
      const copy = new Set(current);
      if (copy.has(id)) copy.delete(id);
      else copy.add(id);
      return copy;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };

  return (
    <div className="feeds">
      <h1>{t('inbox.title')}</h1>
      <p>{t('inbox.intro')}</p>
      <form className="feeds-filters" onSubmit={submit} aria-label={t('inbox.filters')}>
        <label>
          {t('inbox.filter.state')}
          <select value={draft.state} onChange={(event) => setDraft({ ...draft, state: event.target.value })}>
            <option value="open">{t('inbox.filter.state.open')}</option>
            <option value="all">{t('inbox.filter.state.all')}</option>
            <option value="promoted">{t('inbox.filter.state.promoted')}</option>
            <option value="dismissed">{t('inbox.filter.state.dismissed')}</option>
          </select>
        </label>
        <label className="feeds-filters__check">
          <input type="checkbox" checked={draft.kev} onChange={(event) => setDraft({ ...draft, kev: event.target.checked })} />
          {t('inbox.filter.kev')}
        </label>
        <label>
          {t('inbox.filter.epssMin')}
          <input type="number" min="0" max="1" step="0.01" value={draft.epssMin} onChange={(event) => setDraft({ ...draft, epssMin: event.target.value })} />
        </label>
        <label>
          {t('inbox.filter.vendor')}
          <input value={draft.vendor} onChange={(event) => setDraft({ ...draft, vendor: event.target.value })} />
        </label>
        <label>
          {t('inbox.filter.product')}
          <input value={draft.product} onChange={(event) => setDraft({ ...draft, product: event.target.value })} />
        </label>
        <label>
          {t('inbox.filter.q')}
          <input type="search" value={draft.q} onChange={(event) => setDraft({ ...draft, q: event.target.value })} />
        </label>
        <button type="submit">{t('inbox.filter.apply')}</button>
      </form>

      {arrived > 0 && (
        <p className="notice" role="status">
          {t('inbox.newItems', { n: arrived })}{' '}
          <button type="button" onClick={() => void load()}>
            {t('inbox.reload')}
          </button>
        </p>
      )}
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}

      {selected.size > 0 && (
        <div className="feeds-bulk" role="group" aria-label={t('inbox.selected', { n: selected.size })}>
          <span>{t('inbox.selected', { n: selected.size })}</span>
          <button type="button" disabled={busy} onClick={() => void act(() => api.post('/feed-items/bulk', { ids: [...selected], action: 'seen' }))}>
            {t('inbox.bulkSeen')}
          </button>
          <button type="button" disabled={busy} onClick={() => void act(() => api.post('/feed-items/bulk', { ids: [...selected], action: 'dismiss' }))}>
            {t('inbox.bulkDismiss')}
          </button>
        </div>
      )}

      {cards === null && !error && <p role="status">{t('inbox.loading')}</p>}
      {cards?.length === 0 && <EmptyState title={t('inbox.empty')}>{t('inbox.emptyHint')}</EmptyState>}
      {cards && cards.length > 0 && (
        <ul className="feed-cards" data-testid="feed-cards">
          {cards.map((card) => {
            const lead = card.items[0]!;
            const heading = card.cves.length > 0 ? card.cves.join(', ') : t('inbox.noCve');
            const ids = card.items.map((item) => item.id);
            const open = lead.state === 'new' || lead.state === 'seen';
            return (
              <li key={card.key} className="feed-card">
                <article aria-labelledby={`card-${card.key}`}>
                  <header className="feed-card__header">
                    <input
                      type="checkbox"
                      id={`select-${card.key}`}
                      checked={ids.every((id) => selected.has(id))}
                      onChange={() => ids.forEach(toggle)}
                      aria-label={t('inbox.select', { title: heading })}
                    />
                    <h2 id={`card-${card.key}`}>{heading}</h2>
                  </header>
                  {card.enrichments.map((enrichment) => (
                    <p key={enrichment.cve} className="feed-card__facts">
                      <strong>{enrichment.cve}</strong>
                      {enrichment.kev && <span className="feed-badge feed-badge--kev"> {t('inbox.kev', { due: enrichment.kev.dueDate ?? '–' })}</span>}
                      {enrichment.kev?.knownRansomwareCampaignUse && <span className="feed-badge"> {t('inbox.kevRansomware')}</span>}
                      {enrichment.epss && <span> · {t('inbox.epss', { score: enrichment.epss.score.toFixed(3), percentile: (enrichment.epss.percentile ?? 0).toFixed(2) })}</span>}
                      {enrichment.nvd?.description && (
                        <span lang="en">
                          {' '}
                          · {t('inbox.nvd')}: {enrichment.nvd.description}
                        </span>
                      )}
                    </p>
                  ))}
                  <section className="feed-card__affected" aria-label={t('inbox.affected', { count: String(card.affected.length) })} data-testid="feed-card-affected">
                    {card.affected.length === 0 ? (
                      <p>{t('inbox.affectedNone')}</p>
                    ) : (
                      <>
                        <h3>{t('inbox.affected', { count: String(card.affected.length) })}</h3>
                        <ul>
                          {card.affected.map((organization) => (
                            <li key={organization.organizationId}>
                              <strong>{organization.name}</strong>: {organization.reasons.map((reason) => (lang === 'de' ? reason.de : reason.en)).join('; ')}
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                  </section>
                  {card.items.map((item) => (
                    <ItemBlock key={item.id} item={item} lang={lang} />
                  ))}
                  {card.related.length > 0 && (
                    <details>
                      <summary>{t('inbox.related')} ({card.related.length})</summary>
                      {card.related.map((item) => (
                        <ItemBlock key={item.id} item={item} lang={lang} />
                      ))}
                    </details>
                  )}
                  <p className="feed-card__meta">{formatDateTime(lang, card.updatedAt)}</p>
                  {open && (
                    <div className="feed-card__actions">
                      <button type="button" className="button" disabled={busy} onClick={() => void promote(lead)}>
                        {t('inbox.promote')}
                      </button>
                      {lead.state === 'new' && (
                        <button type="button" disabled={busy} onClick={() => void act(() => api.post('/feed-items/bulk', { ids, action: 'seen' }))}>
                          {t('inbox.seen')}
                        </button>
                      )}
                      <button type="button" disabled={busy} onClick={() => void act(() => api.post('/feed-items/bulk', { ids, action: 'dismiss' }))}>
                        {t('inbox.dismiss')}
                      </button>
                    </div>
                  )}
                </article>
              </li>
            );
          })}
        </ul>
      )}
      {next && (
        <button type="button" onClick={() => void more()}>
          {t('inbox.more')}
        </button>
      )}
    </div>
  );
}
