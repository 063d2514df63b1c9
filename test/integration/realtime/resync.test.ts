import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../../support/database.js';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { enqueueEvent } from '../../../server/platform/outbox/enqueue.js';
import { resyncReason } from '../../../server/realtime/replay.js';

describe('Replay limits: when a reconnecting client must resync through REST', () => {
  let database: DatabaseHandle;
  const limits = { maxEvents: 3, maxAgeHours: 24 };

  before(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 5; i += 1) await database.db.transaction((tx) => enqueueEvent(tx, { type: 'advisory.published', subjectKind: 'advisory', subjectId: '', payload: { i }, context: {} }));
  });
  after(async () => database.close());

  it('replays a gap within the limits', async () => {
    expect(await resyncReason(database.db, 2, limits)).to.equal(null);
    expect(await resyncReason(database.db, 5, limits)).to.equal(null);
  });

  it('asks for a resync when more events were missed than the limit', async () => {
    expect(await resyncReason(database.db, 1, limits)).to.equal('too_many_events');
  });

  it('asks for a resync when the first missed event is older than the retention', async () => {
    const later = new Date(Date.now() + 25 * 3_600_000);
    expect(await resyncReason(database.db, 3, limits, later)).to.equal('gap_too_old');
  });

  it('asks for a resync when the events after since were purged or the seq was never issued', async () => {
    expect(await resyncReason(database.db, 99, limits)).to.equal('purged');
    await database.db.execute(sql`delete from events where seq <= 2`);
    expect(await resyncReason(database.db, 1, { maxEvents: 100, maxAgeHours: 24 })).to.equal('purged');
    expect(await resyncReason(database.db, 2, { maxEvents: 100, maxAgeHours: 24 })).to.equal(null);
  });
});
