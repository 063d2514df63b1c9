/**
 * Which cached resources (query keys, query-keys.ts) an event of the live channel
 * (server/realtime/events.ts) changes; app/live-queries.ts applies it to the QueryClient.
 * An event type not listed changes nothing cached.
 */
import type { LiveEvent } from '../../../server/realtime/events.js';
import { queryKeys } from './query-keys.js';

/** A query key as TanStack Query takes it (hierarchical: a prefix covers every key under it). */
type QueryKey = readonly unknown[];

export type Invalidation = {
  key: QueryKey;
  /**
   * 'active' (default): queries on screen are read again at once. 'none': only marked stale, read
   * again when next shown — for lists someone works through row by row (the inbox offers the new
   * items with a button instead of reordering the rows under the cursor).
   */
  refetch?: 'active' | 'none';
};

/** The cached resources an event changes. */
export function invalidationsFor(event: LiveEvent): Invalidation[] {
  const type: string = event.type;
  if (type.startsWith('advisory.')) {
    // published/revised/withdrawn/revoked change lists, details and the picture's critical list;
    // acknowledged and matched change coverage and the picture's unanswered/affected panels.
    const changesContent = type === 'advisory.published' || type === 'advisory.revised' || type === 'advisory.withdrawn' || type === 'advisory.revoked';
    return changesContent
      ? [{ key: queryKeys.advisories.all }, { key: queryKeys.situation.picture() }, { key: queryKeys.coverage.all }]
      : [{ key: queryKeys.coverage.all }, { key: queryKeys.situation.picture() }];
  }
  if (type.startsWith('incident.')) return [{ key: queryKeys.incidents.all }, { key: queryKeys.situation.picture() }];
  if (type === 'feed.item.created' || type === 'feed.item.updated') return [{ key: queryKeys.feedItems.all, refetch: 'none' }, { key: queryKeys.situation.picture() }];
  if (type === 'feed.run.completed') return [{ key: queryKeys.situation.picture() }];
  if (type === 'situation.level.changed') return [{ key: queryKeys.situation.all }];
  if (type === 'situation.report.drafted' || type === 'situation.report.published') return [{ key: queryKeys.situationReports.all }];
  if (type === 'notification.created') return [{ key: queryKeys.notifications.all }];
  return [];
}
