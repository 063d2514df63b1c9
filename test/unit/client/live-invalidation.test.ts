import { QueryClient } from '@tanstack/react-query';
import { expect } from 'chai';
import { invalidationsFor } from '../../../client/src/lib/live-invalidation.js';
import { queryKeys } from '../../../client/src/lib/query-keys.js';
import { CLIENT_EVENT_TYPES, type LiveEvent } from '../../../server/realtime/events.js';

const ADVISORY_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function event(type: string, payload: Record<string, unknown> = {}): LiveEvent {
  return { seq: 1, type, payload } as unknown as LiveEvent;
}

/** Fills a fresh cache with what the migrated pages read, applies an event's invalidations, and says which keys went stale. */
async function invalidatedBy(live: LiveEvent): Promise<string[]> {
  const client = new QueryClient();
  const keys = [
    queryKeys.situation.picture(),
    queryKeys.situation.level(),
    queryKeys.advisories.list({ limit: 50, sort: 'created', order: 'desc' }),
    queryKeys.advisories.latest(),
    queryKeys.advisories.detail(ADVISORY_ID),
    queryKeys.advisories.versions(ADVISORY_ID),
    queryKeys.notifications.list(),
    queryKeys.feedItems.list({ limit: '50', state: 'open' }),
  ];
  for (const key of keys) client.setQueryData(key, { cached: true });
  for (const { key, refetch } of invalidationsFor(live)) await client.invalidateQueries({ queryKey: key, refetchType: refetch ?? 'active' });
  return keys.filter((key) => client.getQueryState(key)?.isInvalidated).map((key) => `${String(key[0])}/${String(key[1])}`);
}

describe('live events → query cache (client/src/lib/live-invalidation.ts)', () => {
  it('maps every event type the server sends to the client to at least one cached resource', () => {
    for (const type of CLIENT_EVENT_TYPES) expect(invalidationsFor(event(type)), type).to.not.be.empty;
    expect(invalidationsFor(event('something.else'))).to.deep.equal([]);
  });

  it('a published advisory makes every advisory list, page and detail stale, and the situation picture, nothing else', async () => {
    expect(await invalidatedBy(event('advisory.published', { id: ADVISORY_ID }))).to.deep.equal(['situation/picture', 'advisories/list', 'advisories/latest', 'advisories/detail', 'advisories/detail']);
    expect(await invalidatedBy(event('advisory.revoked', { id: ADVISORY_ID }))).to.include('advisories/detail');
  });

  it('new feed items mark the inbox stale without reading it again under the analyst (refetch none)', async () => {
    const changes = invalidationsFor(event('feed.item.created', { count: 3 }));
    expect(changes.find((change) => change.key[0] === 'feed-items')?.refetch).to.equal('none');
    expect(await invalidatedBy(event('feed.item.created', { count: 3 }))).to.deep.equal(['situation/picture', 'feed-items/list']);
  });

  it('a level change refreshes the header level and the picture; a notification only the bell', async () => {
    expect(await invalidatedBy(event('situation.level.changed', { level: 3 }))).to.deep.equal(['situation/picture', 'situation/level']);
    expect(await invalidatedBy(event('notification.created', { id: ADVISORY_ID, unread: 2 }))).to.deep.equal(['notifications/list']);
  });

  it('incident events leave the advisory and inbox caches alone', async () => {
    expect(await invalidatedBy(event('incident.reported', { id: ADVISORY_ID }))).to.deep.equal(['situation/picture']);
  });
});
