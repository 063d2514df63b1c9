/**
 * "Neue Warnmeldungen": the latest advisories the user may see (GET /api/v1/advisories, the same
 * policy as everywhere), kept current by the live channel — a published or revised advisory moves to
 * the top without a reload with its badge and is announced in the polite live region; one the user
 * lost access to (`advisory.revoked`) disappears. The list itself is a query that the live events
 * invalidate (app/live-queries.ts); the events seen on this page are laid over it for the badges
 * and the order, so a refetch never takes a badge away.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useAnnounce } from '../../app/announcer';
import { useLiveEvents } from '../../app/live';
import { Link } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { TlpBadge } from '../../components/TlpBadge';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/query';
import type { LiveEvent } from '../../lib/socket';
import { asTlpLabel, formatDate, localized, localizedLang, severityLabel, type AdvisorySummary, type Localized, type Page } from '../advisories/model';

const SHOWN = 5;
/** Events kept for the overlay: far more than could still change the five shown. */
const SEEN_KEPT = 100;

// A revision's event carries its change note: what changed and why, shown with the "updated" badge.
type Item = AdvisorySummary & { live?: 'new' | 'revised' | 'withdrawn'; changeNote?: Localized };
type AdvisoryEvent = Extract<LiveEvent, { type: 'advisory.published' | 'advisory.revised' | 'advisory.withdrawn' | 'advisory.revoked' }>;

const ANNOUNCE: Record<Exclude<AdvisoryEvent['type'], 'advisory.revoked'>, MessageKey> = {
  'advisory.published': 'live.announce.published',
  'advisory.revised': 'live.announce.revised',
  'advisory.withdrawn': 'live.announce.withdrawn',
};
const BADGE: Record<NonNullable<Item['live']>, MessageKey> = { new: 'live.badge.new', revised: 'live.badge.revised', withdrawn: 'live.badge.withdrawn' };

function merge(items: Item[], event: AdvisoryEvent): Item[] {
  // A revision narrowed the advisory's visibility and this user lost access: it disappears.
  if (event.type === 'advisory.revoked') return items.filter((item) => item.id !== event.payload.id);
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
  const latest = useQuery({
    queryKey: queryKeys.advisories.latest(),
    queryFn: async ({ signal }) => (await api.get<Page<AdvisorySummary>>('/advisories', { query: { limit: 20 }, signal })).items.filter((item) => item.status !== 'draft').slice(0, SHOWN) as Item[],
  });
  // The advisory events since this list was opened, applied in order over the cached list.
  const [seen, setSeen] = useState<AdvisoryEvent[]>([]);

  useLiveEvents(
    (event) => {
      if (event.type === 'advisory.revoked') {
        setSeen((current) => [...current.slice(-(SEEN_KEPT - 1)), event]);
        announce(t('live.announce.revoked'));
        return;
      }
      if (event.type !== 'advisory.published' && event.type !== 'advisory.revised' && event.type !== 'advisory.withdrawn') return;
      setSeen((current) => [...current.slice(-(SEEN_KEPT - 1)), event]);
      const note = (event.payload as { changeNote?: Localized }).changeNote;
      announce(`${t(ANNOUNCE[event.type], { title: localized(event.payload.title, lang) })}${note ? ` – ${localized(note, lang)}` : ''}`);
    },
    () => undefined,
  );

  if (latest.isError && !latest.data) return <p className="notice notice--error">{t('live.loadFailed')}</p>;
  if (!latest.data) return <p role="status">{t('live.loading')}</p>;
  const items = seen.reduce(merge, latest.data);
  if (items.length === 0) return <EmptyState title={t('dashboard.newAdvisories.empty')}>{t('dashboard.newAdvisories.hint')}</EmptyState>;
  return (
    <ul className="advisory-list" data-testid="new-advisories">
      {items.map((item) => {
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
            {item.live === 'revised' && item.changeNote ? (
              <p className="advisory-item__note" lang={localizedLang(item.changeNote, lang)}>
                {t('advisoryVersions.changeNote')}: {localized(item.changeNote, lang)}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
