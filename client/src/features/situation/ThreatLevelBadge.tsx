/**
 * The CERT's threat level in the header of every page, live: `situation.level.changed` puts the new
 * level into the query cache at once (app/live-queries.ts reads it again) and is announced to screen
 * readers.
 */
import './situation.css';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useAnnounce } from '../../app/announcer';
import { useLiveEvents } from '../../app/live';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/query';
import { pick, type ThreatLevel } from './model';

const NOT_SET: ThreatLevel = { id: null, level: 1, label: { de: '' }, description: { de: '' }, reason: null, setAt: null, setBy: null };

export function levelKey(level: number): MessageKey {
  return `situation.level.${Math.min(4, Math.max(1, level))}` as MessageKey;
}

export function ThreatLevelBadge() {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const client = useQueryClient();
  const { data: level } = useQuery({
    queryKey: queryKeys.situation.level(),
    queryFn: async ({ signal }) => (await api.get<{ items: ThreatLevel[] }>('/situation/levels', { query: { limit: 1 }, signal })).items[0] ?? NOT_SET,
  });
  useLiveEvents(
    (event) => {
      if (event.type !== 'situation.level.changed') return;
      const { level, label, reason, setAt } = event.payload;
      // The event carries what the header shows; the rest (description, who) is read again.
      client.setQueryData<ThreatLevel>(queryKeys.situation.level(), (current) => ({ ...(current ?? NOT_SET), level, label, reason, setAt }));
      announce(t('situation.level.announce', { label: t(levelKey(event.payload.level)) }));
    },
    () => undefined,
  );
  if (!level) return null;
  const reason = pick(level.reason, lang);
  return (
    <p className={`threat-level threat-level--${level.level}`} data-testid="threat-level" title={reason || t('situation.level.notSet')}>
      <span className="visually-hidden">{t('situation.level.header')}: </span>
      <span className="threat-level__dot" aria-hidden="true" />
      {t(levelKey(level.level))}
    </p>
  );
}
