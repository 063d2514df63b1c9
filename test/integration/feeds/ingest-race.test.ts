import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase } from '../../support/database.js';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { racing } from '../../support/racing.js';
import { feedSources, type FeedSourceRow } from '../../../server/feeds/feeds.table.js';
import { ingestRunOutput } from '../../../server/feeds/ingest.js';
import { stixObjects } from '../../../server/stix-objects/stix-objects.table.js';
import { cveEnrichments } from '../../../server/feeds/feeds.table.js';

const created = '2026-01-05T10:00:00.000Z';
const identity = (name: string) => ({ type: 'identity', spec_version: '2.1', id: `identity--${randomUUID()}`, created, modified: created, name, identity_class: 'organization' });

/**
 * STIX object versions not stored yet go in by plain insert; a version another source's run stored
 * between the lookup and the insert (stix_objects are shared) must not fail the run: the chunk is
 * rolled back to its savepoint and goes through ON CONFLICT DO NOTHING.
 */
describe('feed ingestion: STIX objects and enrichments stored by a racing run', function () {
  let database: DatabaseHandle;
  let source: FeedSourceRow;

  before(async () => {
    database = await createTestDatabase();
    [source] = (await database.db.insert(feedSources).values({ key: 'race', type: 'taxii', name: 'race', url: 'file:race', schedule: '0 0 1 1 *', enabled: false }).returning()) as [FeedSourceRow];
  });
  after(() => database.close());

  it('keeps the racing version, stores the others and counts the racing one unchanged', async () => {
    const objects = [identity('first'), identity('racing'), identity('third')];
    const racing_ = objects[1]!;
    const result = await database.db.transaction(async (tx) => {
      // The race, made deterministic: the version is stored by "someone else" right before the
      // run's insert (its first savepoint), after the lookup of stored versions.
      const racy = racing(tx, (other) => other.insert(stixObjects).values({ stixId: racing_.id, type: 'identity', specVersion: '2.1', created: new Date(created), modified: new Date(created), source: 'other', tlp: 'clear', body: { ...racing_, name: 'stored by the other run' } }));
      return ingestRunOutput(racy, source, { items: [], stixObjects: objects, enrichments: [], cursor: null }, new Date());
    });
    expect(result.problems).to.deep.equal([]);
    expect(result.stixObjects).to.deep.equal({ new: 2, updated: 0, unchanged: 1 });
    const stored = await database.db.select({ stixId: stixObjects.stixId, source: stixObjects.source, name: sql<string>`${stixObjects.body} ->> 'name'` }).from(stixObjects);
    expect(stored.map((row) => row.name).sort()).to.deep.equal(['first', 'stored by the other run', 'third']);
    const [kept] = await database.db.select({ source: stixObjects.source }).from(stixObjects).where(eq(stixObjects.stixId, racing_.id));
    expect(kept!.source).to.equal('other');
  });

  it('merges an enrichment another run inserted between lookup and plain insert, and inserts the others', async () => {
    const result = await database.db.transaction((tx) => {
      const racy = racing(tx, (other) => other.insert(cveEnrichments).values({ cve: 'CVE-2026-20002', epssScore: 0.5, epssPercentile: 0.9, epssDate: '2026-01-05' }));
      return ingestRunOutput(racy, source, { items: [], stixObjects: [], enrichments: [{ cve: 'CVE-2026-20001', nvd: { description: 'one', cvss: [], cpes: [] } }, { cve: 'CVE-2026-20002', nvd: { description: 'two', cvss: [], cpes: [] } }], cursor: null }, new Date());
    });
    expect(result.enrichments).to.deep.equal({ new: 1, updated: 1, unchanged: 0 });
    const rows = await database.db.select({ cve: cveEnrichments.cve, epssScore: cveEnrichments.epssScore, description: sql<string>`${cveEnrichments.nvd} ->> 'description'` }).from(cveEnrichments).orderBy(cveEnrichments.cve);
    expect(rows).to.deep.equal([
      { cve: 'CVE-2026-20001', epssScore: null, description: 'one' },
      { cve: 'CVE-2026-20002', epssScore: 0.5, description: 'two' },
    ]);
  });
});
