/**
 * The notification centre: a bell with the unread count in the header and the list of in-app
 * notifications with "mark as read". The server announces every new in-app notification to its one
 * recipient (`notification.created` with the new unread count): the count changes at once in the
 * query cache, the list is read again (app/live-queries.ts), and screen readers hear it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useAnnounce } from '../../app/announcer';
import { useLiveEvents } from '../../app/live';
import { Link } from '../../app/router';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/query';
import { formatDateTime } from '../../lib/use-resource';
import { pick, type Localized } from './model';

type Notifications = { items: Item[]; unread: number };
type Item = { id: string; eventType: string; advisoryId: string | null; reportId: string | null; kind: string | null; title: Localized | null; severity: string | null; at: string; read: boolean };

const EMPTY: Notifications = { items: [], unread: 0 };

const KINDS: Record<string, MessageKey> = { new: 'bell.kind.new', revised: 'bell.kind.revised', affects_you: 'bell.kind.affects_you', report_drafted: 'bell.kind.report_drafted', report_published: 'bell.kind.report_published' };

export function NotificationBell() {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const announce = useAnnounce();
  const client = useQueryClient();
  const { data = EMPTY } = useQuery({
    queryKey: queryKeys.notifications.list(),
    queryFn: ({ signal }) => api.get<Notifications>('/me/notifications', { query: { limit: 15 }, signal }),
  });
  useLiveEvents(
    (event) => {
      if (event.type !== 'notification.created') return;
      const unread = event.payload.unread;
      client.setQueryData<Notifications>(queryKeys.notifications.list(), (current) => ({ items: current?.items ?? [], unread }));
      announce(t('bell.announce', { count: unread }));
    },
    () => undefined,
  );
  const markRead = useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) => api.post<{ unread: number }>('/me/notifications/read', body),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.notifications.all }),
  });
  const mark = (body: { ids: string[] } | { all: true }) => markRead.mutate(body);
  return (
    <div className="bell">
      <button type="button" className="bell__button" aria-expanded={open} aria-controls="bell-panel" onClick={() => setOpen((value) => !value)} data-testid="bell">
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2"><path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" /><path d="M13.7 21a2 2 0 0 1-3.4 0" /></svg>
        <span className="visually-hidden">{t('bell.label')}, </span>
        <span className={data.unread > 0 ? 'bell__count' : 'visually-hidden'} data-testid="bell-count">{data.unread > 0 ? data.unread : t('bell.unread', { count: 0 })}</span>
      </button>
      {open ? (
        <div id="bell-panel" className="bell__panel card" role="region" aria-label={t('bell.label')}>
          <div className="bell__head">
            <h2 className="bell__title">{t('bell.label')}</h2>
            {data.unread > 0 ? <button type="button" className="button button--secondary button--small" onClick={() => mark({ all: true })}>{t('bell.markAll')}</button> : null}
          </div>
          {data.items.length === 0 ? (
            <p className="bell__empty">{t('bell.empty')}</p>
          ) : (
            <ul className="bell__list">
              {data.items.map((item) => (
                <li key={item.id} className={item.read ? 'bell__item' : 'bell__item bell__item--unread'}>
                  <span className="bell__kind">{t(KINDS[item.kind ?? ''] ?? 'bell.kind.other')}</span>
                  {(item.advisoryId || item.reportId) && item.title ? (
                    <Link to={item.reportId ? `/lageberichte/${item.reportId}` : `/warnmeldungen/${item.advisoryId}`} onClick={() => { if (!item.read) mark({ ids: [item.id] }); setOpen(false); }}>{pick(item.title, lang)}</Link>
                  ) : (
                    <span>{t('bell.hidden')}</span>
                  )}
                  <span className="bell__at">{formatDateTime(lang, item.at)}</span>
                  {!item.read ? <button type="button" className="link-button" onClick={() => mark({ ids: [item.id] })}>{t('bell.markRead')}</button> : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
