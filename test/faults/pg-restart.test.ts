// Fault: the PostgreSQL server restarts while a publish and a feed run are inside their
// transactions. A separate session holds the audit chain lock and the run's feed_runs row, so both
// transactions have written part of their work and wait; then the cluster restarts (fast shutdown
// terminates every session). Only where this run owns the server (see support/postgres-restart.ts;
// LAGEBILD_TEST_NO_PG_RESTART=1 turns it off, like the realtime restart test).
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { and, asc, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { TEST_DATABASE_URL, TEST_DRIVER } from '../support/database.js';
import { mayRestartPostgres, restartPostgres } from '../support/postgres-restart.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';
import { advisoryBody } from '../support/advisories.js';
import { startFixtureServer, type FixtureServer } from '../support/feed-sources.js';
import { kevCatalog, kevEntry, type KevEntry } from '../support/feed-fixtures.js';
import { platformFeedHttp } from '../../server/feeds/http-factory.js';
import { runFeedSource, type FeedRunDeps, type FeedRunOutcome } from '../../server/feeds/runner.js';
import { cveEnrichments, feedItems, feedRuns, feedSources } from '../../server/feeds/feeds.table.js';
import { advisories, advisoryRevisions } from '../../server/advisories/advisories.table.js';
import { auditLog } from '../../server/audit/audit.table.js';
import { events } from '../../server/platform/outbox/events.table.js';
import { createLogger } from '../../server/platform/logger.js';
import { until as waitUntil } from '../support/until.js';

// The audit chain's transaction lock (server/audit/record-audit.ts): a publish takes it after
// writing the advisory and its revision.
const AUDIT_CHAIN_LOCK_KEY = 72_616_002;

const until = <T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000) => waitUntil(what, probe, timeoutMs);

describe('Fault: PostgreSQL server restart with a publish and a feed run mid-transaction', function () {
  this.timeout(180_000);
  let server: TestServer;
  let fixtures: FixtureServer;
  let deps: FeedRunDeps;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  let sourceId = '';
  let advisoryId = '';
  let entries: KevEntry[] = [kevEntry(1), kevEntry(2)];
  let hold: Promise<void> = Promise.resolve();
  let release: () => void = () => undefined;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 5 });
  const body = () => JSON.stringify(kevCatalog(entries));
  const etag = () => `"${createHash('sha256').update(body()).digest('hex').slice(0, 16)}"`;

  before(async function () {
    if (TEST_DRIVER !== 'pg' || mayRestartPostgres() !== null) this.skip(); // mayRestartPostgres() says why: not our server to restart
    server = await startTestServer();
    fixtures = await startFixtureServer((req, res) => {
      void hold.then(() => {
        if (req.headers['if-none-match'] === etag()) res.writeHead(304).end();
        else res.writeHead(200, { 'content-type': 'application/json', etag: etag() }).end(body());
      });
    });
    deps = { database: server.database, config: { feedCredentials: {} }, logger: createLogger('silent', false), httpFor: http };
    const [source] = await server.database.db
      .insert(feedSources)
      .values({ key: 'kev-restart', type: 'cisa-kev', name: 'KEV (restart)', url: `${fixtures.base}/kev.json`, schedule: '0 * * * *', allowPrivateNetwork: true, defaultTlp: 'clear', options: { initialItemDays: 10_000 } })
      .returning();
    sourceId = source!.id;
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    const created = await admin.agent.post('/api/v1/advisories').set('x-csrf-token', admin.csrfToken).send(advisoryBody({ title: { de: 'Neustart-Test' }, tlp: 'CLEAR' }));
    expect(created.status).to.equal(201);
    advisoryId = created.body.id as string;
  });
  after(async () => {
    release();
    await fixtures?.close();
    await http.close();
    await server?.close(); // hung here (pool.end) while a transaction's connection leaked at the restart
  });

  async function feedState() {
    const items = await server.database.db.select().from(feedItems).where(eq(feedItems.sourceId, sourceId)).orderBy(asc(feedItems.externalId));
    const enrichments = await server.database.db.select().from(cveEnrichments).orderBy(asc(cveEnrichments.cve));
    const [source] = await server.database.db.select({ cursor: feedSources.cursor }).from(feedSources).where(eq(feedSources.id, sourceId));
    return { items, enrichments, cursor: source!.cursor };
  }
  const publishedEvents = async () => (await server.database.db.select({ id: events.seq }).from(events).where(and(eq(events.type, 'advisory.published'), sql`${events.payload}->>'id' = ${advisoryId}`))).length;

  let publishAnswer: { status: number; body: Record<string, unknown>; retryAfter: string | undefined } | undefined;
  let runOutcome: FeedRunOutcome | undefined;
  let baseline: Awaited<ReturnType<typeof feedState>>;

  it('fails both in-flight transactions as a whole: the publish answers 503 to retry, the feed run is recorded failed', async () => {
    const first = await runFeedSource(deps, sourceId, 'schedule');
    expect(first.acquired && first.run.status).to.equal('succeeded');
    baseline = await feedState();
    entries = [kevEntry(1), kevEntry(2), kevEntry(3)];

    const [current] = await server.database.db.select({ name: sql<string>`current_database()` }).from(feedSources).limit(1);
    const url = new URL(TEST_DATABASE_URL!);
    url.pathname = `/${current!.name}`;
    const blocker = new pg.Client({ connectionString: url.toString() });
    blocker.on('error', () => undefined); // the restart terminates this session too
    await blocker.connect();
    await blocker.query('select pg_advisory_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    const publishing = admin.agent
      .post(`/api/v1/advisories/${advisoryId}/publish`)
      .set('x-csrf-token', admin.csrfToken)
      .send()
      .then((response) => ({ status: response.status, body: response.body as Record<string, unknown>, retryAfter: response.headers['retry-after'] }));
    hold = new Promise((resolve) => (release = resolve));
    const running = runFeedSource(deps, sourceId, 'schedule');
    const row = await until('the feed run row', async () => (await server.database.db.select().from(feedRuns).where(and(eq(feedRuns.sourceId, sourceId), eq(feedRuns.status, 'running'))))[0]);
    await blocker.query('begin');
    await blocker.query('select id from feed_runs where id = $1 for update', [row.id]);
    release();
    // Both transactions wait on us with part of their work written.
    const writing = await until('both transactions to wait mid-way', async () => {
      const result = await blocker.query(
        `select array_agg(distinct c.relname::text) as tables
           from pg_stat_activity a
           join pg_locks l on l.pid = a.pid and l.mode = 'RowExclusiveLock' and l.granted
           join pg_class c on c.oid = l.relation and c.relkind = 'r'
          where a.datname = current_database() and a.wait_event_type = 'Lock' and pg_backend_pid() = any(pg_blocking_pids(a.pid))`,
      );
      const tables = (result.rows[0] as { tables: string[] | null }).tables ?? [];
      return tables.includes('advisories') && tables.includes('feed_items') ? tables : undefined;
    });
    expect(writing).to.include.members(['advisories', 'advisory_revisions', 'feed_items', 'cve_enrichments', 'feed_sources']);

    restartPostgres();
    await blocker.end().catch(() => undefined);

    publishAnswer = await publishing;
    runOutcome = await running;
    expect(publishAnswer.status, JSON.stringify(publishAnswer.body)).to.equal(503);
    expect(publishAnswer.body).to.include({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    expect(publishAnswer.retryAfter).to.match(/^\d+$/);
    expect(runOutcome.acquired).to.equal(true);
    if (!runOutcome.acquired) return;
    expect(runOutcome.run.status).to.equal('failed');
    expect(runOutcome.run.error).to.match(/terminat|Connection/i);
    const [recorded] = await server.database.db.select().from(feedRuns).where(eq(feedRuns.id, row.id));
    expect(recorded!.status, 'the failure is recorded in feed_runs').to.equal('failed');
    expect(recorded!.error).to.equal(runOutcome.run.error);
  });

  it('kept nothing of either: the advisory is still a draft without revision, event or audit entry, the feed data as before', async () => {
    const [row] = await server.database.db.select({ status: advisories.status, version: advisories.version }).from(advisories).where(eq(advisories.id, advisoryId));
    expect(row).to.deep.equal({ status: 'draft', version: 0 });
    expect(await server.database.db.select().from(advisoryRevisions).where(eq(advisoryRevisions.advisoryId, advisoryId))).to.deep.equal([]);
    expect(await publishedEvents()).to.equal(0);
    expect(await server.database.db.select().from(auditLog).where(and(eq(auditLog.objectId, advisoryId), eq(auditLog.action, 'advisory.published')))).to.deep.equal([]);
    expect(await feedState()).to.deep.equal(baseline);
  });

  it('works normally after the restart: the retried publish succeeds once, the next feed run ingests', async () => {
    const retried = await admin.agent.post(`/api/v1/advisories/${advisoryId}/publish`).set('x-csrf-token', admin.csrfToken).send();
    expect(retried.status, JSON.stringify(retried.body)).to.equal(200);
    expect(await publishedEvents()).to.equal(1);
    const next = await runFeedSource(deps, sourceId, 'schedule');
    expect(next.acquired && next.run.status).to.equal('succeeded');
    expect((await feedState()).items.map((item) => item.externalId)).to.deep.equal(['CVE-2026-10001', 'CVE-2026-10002', 'CVE-2026-10003']);
    const list = await admin.agent.get('/api/v1/advisories');
    expect(list.status).to.equal(200);
  });
});
