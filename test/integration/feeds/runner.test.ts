import { expect } from 'chai';
import { count, eq } from 'drizzle-orm';
import { createTestDatabase } from '../../support/database.js';
import { platformFeedHttp } from '../../../server/feeds/http-factory.js';
import { bsiCsaf, fixtureAdapter, kevCatalog, kevEntry, startFeedFixtureServer, stixBundle, TLP1_AMBER, type FixtureServer } from '../../support/feed-fixtures.js';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { createLogger } from '../../../server/platform/logger.js';
import { runFeedSource, type FeedRunDeps } from '../../../server/feeds/runner.js';
import { cveEnrichments, feedItems, feedRuns, feedSources } from '../../../server/feeds/feeds.table.js';
import { stixObjects } from '../../../server/stix-objects/stix-objects.table.js';
import { events } from '../../../server/platform/outbox/events.table.js';
import { listInboxCards } from '../../../server/feeds/inbox.js';
import { systemPrincipal } from '../../../server/auth/principal.js';
import { TLP2_MARKING_IDS } from '../../../server/stix/tlp.js';

describe('feed runner and ingestion', function () {
  let database: DatabaseHandle;
  let fixtures: FixtureServer;
  let deps: FeedRunDeps;
  let sourceId: string;
  // The real platform fetcher; the fixture source is allow-listed for private addresses (127.0.0.1).
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 20 });

  before(async () => {
    database = await createTestDatabase();
    fixtures = await startFeedFixtureServer();
    deps = { database, config: { feedCredentials: {} }, logger: createLogger('silent', false), httpFor: http, adapters: { 'cisa-kev': fixtureAdapter } };
  });
  after(async () => {
    await fixtures.close();
    await http.close();
    await database.close();
  });
  beforeEach(async () => {
    await database.db.delete(feedSources);
    await database.db.delete(stixObjects);
    await database.db.delete(cveEnrichments);
    fixtures.state.kev = kevCatalog([kevEntry(1), kevEntry(2), kevEntry(3)]);
    fixtures.state.csaf = [bsiCsaf({ cves: ['CVE-2026-10002', 'CVE-2026-10004'] })];
    fixtures.state.bundle = stixBundle();
    fixtures.state.failWith = null;
    fixtures.state.delayMs = 0;
    const [source] = await database.db
      .insert(feedSources)
      .values({ key: 'fixture', type: 'cisa-kev', name: 'Fixture KEV', url: fixtures.url, schedule: '* * * * *', allowPrivateNetwork: true, defaultTlp: 'green' })
      .returning();
    sourceId = source!.id;
  });

  const run = async () => {
    const outcome = await runFeedSource(deps, sourceId, 'manual');
    if (!outcome.acquired) throw new Error('lock not acquired');
    return outcome.run;
  };

  it('fills the inbox from an empty database: items, enrichments, STIX objects, cursor, events', async () => {
    const result = await run();
    // 3 KEV items + 1 CSAF item, 3 KEV enrichments, 2 valid STIX objects; 1 invalid object rejected.
    expect(result.status).to.equal('partial');
    expect(result).to.include({ newCount: 4 + 3 + 2, updatedCount: 0, failedCount: 1 });
    expect(result.problems).to.have.length(1);
    expect(result.problems[0]!.ref).to.equal('indicator--2f7c7f9d-4b2a-4c6a-9a7b-7d2e3c4f5a61');

    const items = await database.db.select().from(feedItems);
    expect(items.map((item) => item.externalId).sort()).to.deep.equal(['CVE-2026-10001', 'CVE-2026-10002', 'CVE-2026-10003', 'WID-SEC-W-2026-1234']);
    const bsi = items.find((item) => item.externalId === 'WID-SEC-W-2026-1234')!;
    expect(bsi.titleDe).to.match(/Mehrere Schwachstellen/);
    expect(bsi.cvssScore).to.equal(9.8);
    expect(bsi.state).to.equal('new');

    const [kev] = await database.db.select().from(cveEnrichments).where(eq(cveEnrichments.cve, 'CVE-2026-10003'));
    expect(kev!.kev).to.include({ knownRansomwareCampaignUse: true, dueDate: '2026-11-22' });

    const objects = await database.db.select().from(stixObjects);
    const marked = objects.find((object) => object.stixId.startsWith('indicator--8e2e'))!;
    expect(marked.tlp).to.equal('amber');
    expect(marked.body.object_marking_refs).to.deep.equal([TLP2_MARKING_IDS.amber]);
    expect(JSON.stringify(marked.body)).not.to.contain(TLP1_AMBER);
    expect(objects.find((object) => object.stixId.startsWith('indicator--1e6b'))!.tlp).to.equal('green');

    const [source] = await database.db.select().from(feedSources).where(eq(feedSources.id, sourceId));
    expect(source!.cursor).to.have.property('kevEtag').that.is.a('string');

    const types = (await database.db.select({ type: events.type, subjectKind: events.subjectKind }).from(events)).map((event) => event.type);
    expect(types).to.include.members(['feed.item.created', 'feed.run.completed']);

    // CVE-2026-10002 is in KEV and in the BSI advisory: one card shows both sources.
    const page = await listInboxCards(database.db, systemPrincipal('test'), {}, 50, undefined);
    const card = page.items.find((candidate) => candidate.cves.includes('CVE-2026-10002'))!;
    const shown = [...card.items, ...card.related].map((item) => item.externalId).sort();
    expect(shown).to.deep.equal(['CVE-2026-10002', 'WID-SEC-W-2026-1234']);
    expect(card.enrichments.find((enrichment) => enrichment.cve === 'CVE-2026-10002')?.kev).to.not.equal(null);
  });

  it('writes nothing new on a second run without upstream change (304 and same hashes)', async () => {
    await run();
    const before = await database.db.select({ id: feedItems.id, updatedAt: feedItems.updatedAt }).from(feedItems);
    const [{ value: eventsBefore } = { value: 0 }] = await database.db.select({ value: count() }).from(events);
    const second = await run();
    expect(second).to.include({ newCount: 0, updatedCount: 0, failedCount: 1 });
    // KEV answered 304 (one document unchanged), the CSAF item and both STIX objects came back identical.
    expect(second.unchangedCount).to.equal(1 + 1 + 2);
    expect(fixtures.state.requests.filter((path) => path === '/kev.json').length).to.be.greaterThan(1);
    const after = await database.db.select({ id: feedItems.id, updatedAt: feedItems.updatedAt }).from(feedItems);
    expect(after).to.deep.equal(before);
    const newEvents = await database.db.select({ type: events.type }).from(events).offset(eventsBefore);
    expect(newEvents.map((event) => event.type)).to.deep.equal(['feed.run.completed']);
  });

  it('tracks an upstream revision as an update, reopening a seen item and flagging a promoted one', async () => {
    await run();
    await database.db.update(feedItems).set({ state: 'seen' }).where(eq(feedItems.externalId, 'CVE-2026-10001'));
    await database.db.update(feedItems).set({ state: 'promoted' }).where(eq(feedItems.externalId, 'WID-SEC-W-2026-1234'));
    fixtures.state.kev = kevCatalog([kevEntry(1, { dueDate: '2026-12-01', shortDescription: 'Now exploited in the wild.' }), kevEntry(2), kevEntry(3)]);
    fixtures.state.csaf = [bsiCsaf({ version: '2', cves: ['CVE-2026-10002', 'CVE-2026-10004', 'CVE-2026-10005'] })];
    const result = await run();
    // the KEV item and its enrichment (due date) changed, and the CSAF revision.
    expect(result).to.include({ newCount: 0, updatedCount: 3 });
    const rows = await database.db.select().from(feedItems);
    expect(rows.find((row) => row.externalId === 'CVE-2026-10001')!.state).to.equal('new');
    const bsi = rows.find((row) => row.externalId === 'WID-SEC-W-2026-1234')!;
    expect(bsi.state).to.equal('promoted');
    expect(bsi.revision).to.equal('2');
    expect(bsi.upstreamUpdatedAt).to.be.instanceOf(Date);
    expect(bsi.cves).to.include('CVE-2026-10005');
  });

  it('a failed run keeps everything stored and records the error', async () => {
    await run();
    const itemsBefore = await database.db.select().from(feedItems);
    const [sourceBefore] = await database.db.select().from(feedSources).where(eq(feedSources.id, sourceId));
    fixtures.state.failWith = 500;
    fixtures.state.kev = kevCatalog([kevEntry(9)]);
    const failed = await run();
    expect(failed.status).to.equal('failed');
    expect(failed.error).to.match(/500/);
    expect(await database.db.select().from(feedItems)).to.deep.equal(itemsBefore);
    const [sourceAfter] = await database.db.select().from(feedSources).where(eq(feedSources.id, sourceId));
    expect(sourceAfter!.cursor).to.deep.equal(sourceBefore!.cursor);
  });

  it('refuses a source on a private address that is not allow-listed (SSRF guard), keeping stored data', async () => {
    await run();
    await database.db.update(feedSources).set({ allowPrivateNetwork: false }).where(eq(feedSources.id, sourceId));
    const blocked = await run();
    expect(blocked.status).to.equal('failed');
    expect(blocked.error).to.match(/^blocked:/);
    expect(await database.db.select().from(feedItems)).to.have.length(4);
  });

  it('records a run of a type without a registered adapter as failed', async () => {
    const outcome = await runFeedSource({ ...deps, adapters: {} }, sourceId, 'schedule');
    expect(outcome.acquired).to.equal(true);
    if (outcome.acquired) expect(outcome.run).to.include({ status: 'failed', trigger: 'schedule' }).and.to.have.property('error').that.matches(/no adapter/);
  });

  it('runs a source once when two runs start together (advisory lock)', async () => {
    fixtures.state.delayMs = 300;
    const outcomes = await Promise.all([runFeedSource(deps, sourceId, 'manual'), runFeedSource(deps, sourceId, 'schedule')]);
    expect(outcomes.filter((outcome) => outcome.acquired)).to.have.length(1);
    expect(outcomes.filter((outcome) => !outcome.acquired)).to.have.length(1);
    const runs = await database.db.select().from(feedRuns).where(eq(feedRuns.sourceId, sourceId));
    expect(runs).to.have.length(1);
    expect(await database.db.select().from(feedItems)).to.have.length(4);
  });
});
