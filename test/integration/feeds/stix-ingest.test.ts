import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase } from '../../support/database.js';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { feedSources, type FeedSourceRow } from '../../../server/feeds/feeds.table.js';
import { ingestRunOutput } from '../../../server/feeds/ingest.js';
import { stixObjects } from '../../../server/stix-objects/stix-objects.table.js';

const created = '2026-01-05T10:00:00.000Z';
const identity = (name: string) => ({ type: 'identity', spec_version: '2.1', id: `identity--${randomUUID()}`, created, modified: created, name, identity_class: 'organization' });

/**
 * STIX objects from a feed: the columns read from the body in SQL, and the versions a run stores
 * without looking them up first (a new collection) when one of them is stored already.
 */
describe('feed ingestion: STIX object rows', function () {
  let database: DatabaseHandle;
  let source: FeedSourceRow;

  before(async () => {
    database = await createTestDatabase();
    [source] = (await database.db.insert(feedSources).values({ key: 'stix-rows', type: 'taxii', name: 'stix rows', url: 'file:stix', schedule: '0 0 1 1 *', enabled: false }).returning()) as [FeedSourceRow];
  });
  after(() => database.close());

  const ingest = (objects: Record<string, unknown>[]) => database.db.transaction((tx) => ingestRunOutput(tx, source, { items: [], stixObjects: objects, enrichments: [], cursor: null }, new Date()));

  it('stores id, type, spec version, revocation, times and search text as the object gives them', async () => {
    const revoked = { ...identity('Stadtwerke Nordthüringen'), revoked: true, labels: ['versorger', 'kritis'] };
    // Times without milliseconds: stored as the instant they name.
    const older = { type: 'indicator', spec_version: '2.1', id: `indicator--${randomUUID()}`, created, modified: '2026-01-06T11:30:00Z', name: 'C2 Erfurt', pattern: "[ipv4-addr:value = '203.0.113.7']", pattern_type: 'stix', valid_from: created, labels: ['c2'] };
    const result = await ingest([revoked, older]);
    expect(result.problems).to.deep.equal([]);
    expect(result.stixObjects).to.deep.equal({ new: 2, updated: 0, unchanged: 0 });

    const rows = await database.db
      .select({ stixId: stixObjects.stixId, type: stixObjects.type, specVersion: stixObjects.specVersion, revoked: stixObjects.revoked, created: stixObjects.created, modified: stixObjects.modified, feedSourceId: stixObjects.feedSourceId })
      .from(stixObjects)
      .orderBy(stixObjects.type);
    expect(rows).to.deep.equal([
      { stixId: revoked.id, type: 'identity', specVersion: '2.1', revoked: true, created: new Date(created), modified: new Date(created), feedSourceId: source.id },
      { stixId: older.id, type: 'indicator', specVersion: '2.1', revoked: false, created: new Date(created), modified: new Date('2026-01-06T11:30:00.000Z'), feedSourceId: source.id },
    ]);
    // Searchable by name, pattern and labels; not by what is in no searched property.
    const found = async (q: string) =>
      (await database.db.select({ stixId: stixObjects.stixId }).from(stixObjects).where(sql`${stixObjects.searchVector} @@ plainto_tsquery('simple', ${q})`)).map((row) => row.stixId);
    expect(await found('nordthüringen')).to.deep.equal([revoked.id]);
    expect(await found('versorger')).to.deep.equal([revoked.id]);
    expect(await found('kritis')).to.deep.equal([revoked.id]);
    expect(await found('organization')).to.deep.equal([]);
    expect(await found('203.0.113.7')).to.deep.equal([older.id]);
    expect(await found('c2 erfurt')).to.deep.equal([older.id]);
  });

  it('stores a new collection chunk by chunk and keeps a version in a later chunk that another source stored', async () => {
    // The first chunk (2,000) finds nothing stored, so the later ones are inserted without a lookup;
    // the one already stored sends its chunk through ON CONFLICT DO NOTHING.
    const objects = Array.from({ length: 2_500 }, (_, n) => identity(`Meldestelle ${n}`));
    const stored = objects[2_200]!;
    await database.db.insert(stixObjects).values({ stixId: stored.id, type: 'identity', specVersion: '2.1', created: new Date(created), modified: new Date(created), source: 'other', tlp: 'clear', body: { ...stored, name: 'stored by another source' } });

    const result = await ingest(objects);
    expect(result.problems).to.deep.equal([]);
    expect(result.stixObjects).to.deep.equal({ new: 2_499, updated: 0, unchanged: 1 });
    const [kept] = await database.db.select({ source: stixObjects.source, name: sql<string>`${stixObjects.body} ->> 'name'` }).from(stixObjects).where(eq(stixObjects.stixId, stored.id));
    expect(kept).to.deep.equal({ source: 'other', name: 'stored by another source' });
    const [{ count }] = (await database.db.select({ count: sql<number>`count(*)::int` }).from(stixObjects).where(sql`${stixObjects.feedSourceId} = ${source.id} and ${stixObjects.body} ->> 'name' like 'Meldestelle %'`)) as [{ count: number }];
    expect(count).to.equal(2_499);

    // The same collection again: looked up, nothing new.
    const again = await ingest(objects);
    expect(again.stixObjects).to.deep.equal({ new: 0, updated: 0, unchanged: 2_500 });
  });
});
