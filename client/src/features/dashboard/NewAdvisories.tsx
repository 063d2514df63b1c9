/**
 * "Neue Warnmeldungen": the latest advisories the user may see (GET /api/v1/advisories, the same
 * policy as everywhere), kept current by the live channel — a published or revised advisory moves to
 * the top without a reload and is announced in the polite live region; one the user lost access to
 * (`advisory.revoked`) disappears; `resync` reloads the list.
 */
import { useCallback, useEffect, useState } from 'react';
import { useAnnounce } from '../../app/announcer';
import { useLiveEvents } from '../../app/live';
import { Link } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { TlpBadge } from '../../components/TlpBadge';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import type { LiveEvent } from '../../lib/socket';
import { asTlpLabel, formatDate, localized, localizedLang, severityLabel, type AdvisorySummary, type Page } from '../advisories/model';

const SHOWN = 5;

type Item = AdvisorySummary & { live?: 'new' | 'revised' | 'withdrawn' };
type State = { status: 'loading' } | { status: 'error' } | { status: 'ready'; items: Item[] };

type AdvisoryEvent = Extract<LiveEvent, { type: 'advisory.published' | 'advisory.revised' | 'advisory.withdrawn' }>;

const ANNOUNCE: Record<AdvisoryEvent['type'], MessageKey> = {
  'advisory.published': 'live.announce.published',
  'advisory.revised': 'live.announce.revised',
  'advisory.withdrawn': 'live.announce.withdrawn',
};
const BADGE: Record<NonNullable<Item['live']>, MessageKey> = { new: 'live.badge.new', revised: 'live.badge.revised', withdrawn: 'live.badge.withdrawn' };

function merge(items: Item[], event: AdvisoryEvent): Item[] {
  const live = event.type === 'advisory.published' ? 'new' : event.type === 'advisory.revised' ? 'revised' : 'withdrawn';
  const item = { ...(event.payload as unknown as AdvisorySummary), live } as Item;
  const rest = items.filter((existing) => existing.id !== item.id);
  // A withdrawal keeps its place; news goes to the top.
  if (live === 'withdrawn') return items.some((existing) => existing.id === item.id) ? items.map((existing) => (existing.id === item.id ? item : existing)) : items;
  return [item, ...rest].slice(0, SHOWN);
}

export function NewAdvisories() {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const [state, setState] = useState<State>({ status: 'loading' });

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const page = await api.get<Page<AdvisorySummary>>('/advisories', { query: { limit: 20 }, ...(signal ? { signal } : {}) });
      setState({ status: 'ready', items: page.items.filter((item) => item.status !== 'draft').slice(0, SHOWN) });
    } catch {
      if (!signal?.aborted) setState({ status: 'error' });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  useLiveEvents(
    (event) => {
      if (event.type === 'advisory.revoked') {
        // A revision narrowed the advisory's visibility and this user lost access: it disappears.
        const id = event.payload.id;
        setState((current) => (current.status === 'ready' && current.items.some((item) => item.id === id) ? { status: 'ready', items: current.items.filter((item) => item.id !== id) } : current));
        announce(t('live.announce.revoked'));
        return;
      }
      if (event.type !== 'advisory.published' && event.type !== 'advisory.revised' && event.type !== 'advisory.withdrawn') return;
      setState((current) => (current.status === 'ready' ? { status: 'ready', items: merge(current.items, event) } : current));
      announce(t(ANNOUNCE[event.type], { title: localized(event.payload.title, lang) }));
    },
    () => void load(),
  );

  if (state.status === 'loading') return <p role="status">{t('live.loading')}</p>;
  if (state.status === 'error') return <p className="notice notice--error">{t('live.loadFailed')}</p>;
  if (state.items.length === 0) return <EmptyState title={t('dashboard.newAdvisories.empty')}>{t('dashboard.newAdvisories.hint')}</EmptyState>;
  return (
    <ul className="advisory-list" data-testid="new-advisories">
      {state.items.map((item) => {
        const tlp = asTlpLabel(item.tlp);
        return (
          <li key={item.id} className="advisory-item">
            <h3 className="advisory-item__title">
              <Link to={`/warnmeldungen/${item.id}`} lang={localizedLang(item.title, lang)}>
                {localized(item.title, lang)}
              </Link>
              {item.live ? <span className="live-badge"> {t(BADGE[item.live])}</span> : null}
            </h3>
            <p className="advisory-item__meta">
              {tlp ? <TlpBadge label={tlp} /> : null}
              <span className={`severity severity--${item.severity}`}>
                {t('severity.label')}: {severityLabel(t, item.severity)}
              </span>
              {item.publishedAt ? <time dateTime={item.publishedAt}>{formatDate(item.publishedAt, lang)}</time> : null}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
