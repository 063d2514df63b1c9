/**
 * Bulk documents (feeds/feed.ts `BulkDocuments`): ingestion parses them itself — in a worker thread
 * when large — and writes the items chunk by chunk as they are rendered. What it stores and counts
 * must be exactly what the adapter's own parsing stores and counts; a repeated record, a record that
 * changed, a broken record, a payload that does not parse and a racing writer are handled as there.
 */
import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { BulkDocuments, FeedAdapter, FeedRunOutput } from '../../../feeds/feed.js';
import { importCve5Record } from '../../../feeds/sources.js';
import { parseBulk } from '../../../server/feeds/bulk/parse-bulk.js';
import { cveEnrichments, feedItems, feedSources, type FeedSourceRow } from '../../../server/feeds/feeds.table.js';
import { ingestRunOutput } from '../../../server/feeds/ingest.js';
import { runFeedSource, type FeedRunDeps } from '../../../server/feeds/runner.js';
import { queryRows, type DatabaseHandle } from '../../../server/platform/db/client.js';
import { createLogger } from '../../../server/platform/logger.js';
import { createTestDatabase } from '../../support/database.js';
import { racing } from '../../support/racing.js';

/** A CVE JSON 5 record; `title` changes its content. */
function cve5(n: number, title = `Überlauf in Produkt ${n}`) {
  const id = `CVE-2026-${String(30_000 + n)}`;
  return {
    dataType: 'CVE_RECORD',
    dataVersion: '5.1',
    cveMetadata: { cveId: id, assignerOrgId: 'b3476cb9-2e3d-41a6-98d0-0f47421a65b6', state: 'PUBLISHED', datePublished: '2026-06-01T10:00:00.000Z', dateUpdated: '2026-06-02T10:00:00.000Z' },
    containers: {
      cna: {
        providerMetadata: { orgId: 'b3476cb9-2e3d-41a6-98d0-0f47421a65b6' },
        title,
        descriptions: [{ lang: 'en', value: `A buffer overflow in Product ${n}\twith a tab and a backslash \\ (record ${n}).` }],
        affected: [{ vendor: 'Example AG', product: `Produkt ${n % 3}`, cpes: [`cpe:2.3:a:example:produkt_${n % 3}:*:*:*:*:*:*:*:*`], versions: [{ version: '0', lessThan: `${(n % 9) + 1}.2`, status: 'affected', versionType: 'semver' }] }],
        metrics: [{ cvssV3_1: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' } }],
        references: [{ url: `https://example.test/advisories/${n}` }],
      },
    },
  };
}

const records = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => cve5(from + index));
const empty = (): FeedRunOutput => ({ items: [], stixObjects: [], enrichments: [], problems: [], unchanged: 0, cursor: null });

/** The stored items of a source, without what differs by run (ids, source, times). */
async function storedItems(database: DatabaseHandle, sourceId: string) {
  return queryRows(
    database.db,
    sql`select external_id, kind, title_de, title_en, url, published, source_updated, revision, cves, severity, cvss_score, products, tlp, content::text as content, findings, warnings, content_hash, state
        from feed_items where source_id = ${sourceId} order by external_id`,
  );
}

async function storedEnrichments(database: DatabaseHandle) {
  return queryRows(database.db, sql`select cve, kev, epss_score, nvd, euvd from cve_enrichments order by cve`);
}

describe('feed ingestion of bulk documents', function () {
  this.timeout(60_000);
  let database: DatabaseHandle;
  let output: () => FeedRunOutput;
  let deps: FeedRunDeps;

  const adapter: FeedAdapter = { type: 'nvd', optionsSchema: z.record(z.string(), z.unknown()), run: () => Promise.resolve(output()) };
  const bulkOf = (body: unknown, ref = 'records.json'): BulkDocuments => ({ format: 'cve5', documents: [{ ref, body: typeof body === 'string' ? body : JSON.stringify(body) }] });
  /** The adapter's own parsing: the same parser, items and enrichments handed over parsed. */
  const parsedHere = (list: unknown[]): FeedRunOutput => {
    const out = empty();
    for (const record of list) {
      const one = importCve5Record(record, { defaultTlp: 'clear' });
      out.items.push(...one.items);
      out.enrichments.push(...one.enrichments);
    }
    return { ...out, records: { total: list.length, noun: 'CVE records', storedAs: 'enrichments' } };
  };
  const source = async (key: string) => {
    const [row] = await database.db.insert(feedSources).values({ key, type: 'nvd', name: key, url: 'file:bulk', schedule: '0 0 1 1 *', enabled: false, defaultTlp: 'clear' }).returning();
    return row!;
  };
  const run = async (sourceId: string, overrides: Partial<FeedRunDeps> = {}) => {
    const outcome = await runFeedSource({ ...deps, ...overrides }, sourceId, 'manual');
    if (!outcome.acquired) throw new Error('lock not acquired');
    return outcome.run;
  };

  before(async () => {
    database = await createTestDatabase();
    // Chunks of three items, and every payload through the worker thread.
    deps = { database, config: { feedCredentials: {} }, logger: createLogger('silent', false), httpFor: () => ({ get: () => Promise.reject(new Error('no network here')) }), adapters: { nvd: adapter }, bulk: { workerMinBytes: 0, chunkItems: 3 } };
  });
  after(() => database.close());
  beforeEach(async () => {
    await database.db.delete(feedSources);
    await database.db.delete(cveEnrichments);
  });

  it('stores and counts exactly what the adapter’s own parsing does, through the worker thread', async () => {
    const list = records(0, 10);
    const here = await source('parsed-here');
    output = () => parsedHere(list);
    const hereRun = await run(here.id);
    const hereEnrichments = await storedEnrichments(database);
    await database.db.delete(cveEnrichments);

    const bulk = await source('bulk');
    output = () => ({ ...empty(), bulk: bulkOf(list) });
    const bulkRun = await run(bulk.id);

    expect(bulkRun.status).to.equal('succeeded');
    expect({ new: bulkRun.newCount, updated: bulkRun.updatedCount, unchanged: bulkRun.unchangedCount, failed: bulkRun.failedCount }).to.deep.equal({ new: 10, updated: 0, unchanged: 0, failed: 0 });
    expect(bulkRun.counts).to.deep.equal(hereRun.counts);
    expect(bulkRun.counts).to.include({ records: 10, noun: 'CVE records' });
    const stored = await storedItems(database, bulk.id);
    expect(stored).to.have.length(10);
    expect(stored).to.deep.equal(await storedItems(database, here.id));
    expect(await storedEnrichments(database)).to.deep.equal(hereEnrichments);
    // Tab and backslash survive COPY's text format.
    expect(JSON.parse((stored[0] as { content: string }).content).summary.en).to.contain('\twith a tab and a backslash \\ (');
    // The names that come with a CPE teach the alias table, as parsed items do.
    const [aliases] = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from product_aliases where cpe_vendor = 'example'`);
    expect(aliases!.count).to.be.greaterThan(0);
  });

  it('on the next run stores what changed, counts a record repeated in a later chunk once, and keeps its last draft', async () => {
    const bulk = await source('bulk');
    output = () => ({ ...empty(), bulk: bulkOf(records(0, 6)) });
    await run(bulk.id);
    // Record 1 changed, record 4 repeated three chunks later with a new title, record 6 new.
    const next = [...records(0, 6)];
    next[1] = cve5(1, 'Neuer Titel');
    next.push(cve5(6), cve5(7), cve5(8), cve5(4, 'Letzter Entwurf'));
    output = () => ({ ...empty(), bulk: bulkOf(next) });
    const second = await run(bulk.id);
    // Records count by their enrichments (the titles are not in them); the items beside.
    expect({ new: second.newCount, updated: second.updatedCount, unchanged: second.unchangedCount }).to.deep.equal({ new: 3, updated: 0, unchanged: 7 });
    expect(second.counts).to.include({ records: 10 });
    expect(second.counts.items).to.deep.equal({ new: 3, updated: 2, unchanged: 4 });
    const titles = await queryRows<{ external_id: string; title_en: string }>(database.db, sql`select external_id, title_en from feed_items where source_id = ${bulk.id} and external_id in ('CVE-2026-30001', 'CVE-2026-30004')order by external_id`);
    expect(titles.map((row) => row.title_en)).to.deep.equal(['CVE-2026-30001: Neuer Titel', 'CVE-2026-30004: Letzter Entwurf']);

    output = () => ({ ...empty(), bulk: bulkOf(next) });
    const third = await run(bulk.id);
    expect({ new: third.newCount, updated: third.updatedCount, unchanged: third.unchangedCount }).to.deep.equal({ new: 0, updated: 0, unchanged: 10 });
  });

  it('reports a broken record in an array as a problem and stores the rest (on this thread)', async () => {
    const bulk = await source('bulk');
    const broken = { ...cve5(2), cveMetadata: { cveId: 'CVE-2026-30002', state: 'PUBLISHED' }, containers: { cna: { title: 42 } } };
    output = () => ({ ...empty(), bulk: bulkOf([cve5(1), broken, cve5(3)]) });
    const result = await run(bulk.id, { bulk: { workerMinBytes: Number.POSITIVE_INFINITY } });
    expect(result.status).to.equal('partial');
    expect({ new: result.newCount, failed: result.failedCount }).to.deep.equal({ new: 2, failed: 1 });
    expect(result.problems).to.have.length(1);
    expect(result.problems[0]!.ref).to.equal('records.json: CVE-2026-30002');
    expect((await storedItems(database, bulk.id)).map((row) => (row as { external_id: string }).external_id)).to.deep.equal(['CVE-2026-30001', 'CVE-2026-30003']);
  });

  it('fails the run and stores nothing when no document parses; names a broken one among good ones', async () => {
    const bulk = await source('bulk');
    output = () => ({ ...empty(), bulk: { format: 'cve5', documents: [{ ref: 'kaputt.json', body: '{"dataType": "CVE_RECORD", …' }] } });
    const failed = await run(bulk.id);
    expect(failed.status).to.equal('failed');
    expect(failed.error).to.equal('bad_document: kaputt.json is not valid JSON');
    expect(await storedItems(database, bulk.id)).to.deep.equal([]);

    output = () => ({ ...empty(), bulk: { format: 'cve5', documents: [{ ref: 'kaputt.json', body: 'nicht JSON' }, { ref: 'gut.json', body: Buffer.from(JSON.stringify(cve5(9))) }] } });
    const partial = await run(bulk.id);
    expect(partial.status).to.equal('partial');
    expect(partial.problems).to.deep.equal([{ ref: 'kaputt.json', message: 'kaputt.json is not valid JSON' }]);
    expect(await storedItems(database, bulk.id)).to.have.length(1);
  });

  it('stops a worker still parsing when the run ends early; its reader and summary learn it', async () => {
    const bulk = parseBulk({ format: 'cve5', documents: [{ ref: 'records.json', body: JSON.stringify(records(0, 2_000)) }], sourceId: '7d6f1c2e-8a4b-4c3d-9e5f-1a2b3c4d5e6f', defaultTlp: 'clear', nowIso: new Date().toISOString(), chunkItems: 50 }, 0);
    const reader = (bulk.chunks as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    expect((await reader.next()).done).to.equal(false);
    // It renders a few chunks ahead, not all forty, while nothing is written.
    await bulk.cancel();
    let failure: unknown;
    let read = 1;
    try {
      while (!(await reader.next()).done) read += 1;
    } catch (error) {
      failure = error;
    }
    expect(read).to.be.lessThan(10);
    expect(String(failure)).to.match(/the bulk parsing worker stopped \(exit code 1\)/);
    let summaryFailure: unknown;
    await bulk.summary.catch((error: unknown) => (summaryFailure = error));
    expect(summaryFailure).to.equal(failure);
  });

  it('upserts a chunk whose new item a racing writer stored between lookup and COPY', async () => {
    const row: FeedSourceRow = await source('bulk');
    const now = new Date('2026-12-07T12:00:00.000Z');
    const result = await database.db.transaction(async (tx) => {
      const racy = racing(tx, (other) => other.insert(feedItems).values({ sourceId: row.id, externalId: 'CVE-2026-30002', kind: 'vulnerability', titleEn: 'stored meanwhile', tlp: 'clear', content: { summary: {}, remediation: {}, cvss: [], references: [] }, contentHash: 'other', firstSeenAt: now, updatedAt: now }));
      const bulk = parseBulk({ format: 'cve5', documents: [{ ref: 'records.json', body: JSON.stringify(records(1, 4)) }], sourceId: row.id, defaultTlp: 'clear', nowIso: now.toISOString() }, Number.POSITIVE_INFINITY);
      return ingestRunOutput(racy, row, { items: [], stixObjects: [], enrichments: [], cursor: null, bulk }, now);
    });
    expect(result.problems).to.deep.equal([]);
    expect(result.createdIds).to.have.length(2);
    const stored = await storedItems(database, row.id);
    expect(stored.map((item) => (item as { title_en: string }).title_en)).to.deep.equal(['CVE-2026-30001: Überlauf in Produkt 1', 'CVE-2026-30002: Überlauf in Produkt 2', 'CVE-2026-30003: Überlauf in Produkt 3']);
  });
});
