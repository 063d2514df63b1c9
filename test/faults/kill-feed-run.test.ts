// Fault: kill -9 of the instance running a feed source, in the middle of the run's transaction.
// A child Lagebild process (SERVER_ROLES=web) runs a CISA KEV source (production adapter, platform
// fetcher) against a real HTTP server on 127.0.0.1. The test holds the run's own feed_runs row
// locked (SELECT … FOR UPDATE), so the child's ingest transaction — items, enrichments, cursor
// already written — waits at its last statement; then the child is killed. Needs a PostgreSQL
// server (separate processes): `npm run test:pg`.
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { and, asc, eq, ne } from 'drizzle-orm';
import pg from 'pg';
import { createTestDatabase, TEST_DRIVER } from '../support/database.js';
import { startFixtureServer, type FixtureServer } from '../support/feed-sources.js';
import { kevCatalog, kevEntry, type KevEntry } from '../support/feed-fixtures.js';
import { startInstanceProcess, type InstanceProcess } from '../support/instances.js';
import { loginAs } from '../support/session.js';
import { platformFeedHttp } from '../../server/feeds/http-factory.js';
import { runFeedSource, type FeedRunDeps } from '../../server/feeds/runner.js';
import { cveEnrichments, feedItems, feedRuns, feedSources } from '../../server/feeds/feeds.table.js';
import { createLogger } from '../../server/platform/logger.js';
import type { DatabaseHandle } from '../../server/platform/db/client.js';
import { until } from '../support/until.js';

describe('Fault: kill -9 of an instance in the middle of a feed run (all-or-nothing, abandoned run recognised, resume from cursor)', function () {
  this.timeout(120_000); // a child process start and a loaded two-core machine
  let database: DatabaseHandle & { url?: string };
  let server: FixtureServer;
  let child: InstanceProcess | undefined;
  let deps: FeedRunDeps;
  let sourceId = '';
  let entries: KevEntry[] = [kevEntry(1), kevEntry(2)];
  let hold: Promise<void> = Promise.resolve();
  let release: () => void = () => undefined;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 5 });
  const body = () => JSON.stringify(kevCatalog(entries));
  const etag = () => `"${createHash('sha256').update(body()).digest('hex').slice(0, 16)}"`;

  before(async function () {
    if (TEST_DRIVER !== 'pg') this.skip(); // a second process needs a PostgreSQL server: run with `npm run test:pg`
    database = await createTestDatabase();
    server = await startFixtureServer((req, res) => {
      void hold.then(() => {
        if (req.headers['if-none-match'] === etag()) res.writeHead(304).end();
        else res.writeHead(200, { 'content-type': 'application/json', etag: etag() }).end(body());
      });
    });
    deps = { database, config: { feedCredentials: {} }, logger: createLogger('silent', false), httpFor: http };
    const [source] = await database.db
      .insert(feedSources)
      .values({ key: 'kev-kill', type: 'cisa-kev', name: 'KEV (kill -9)', url: `${server.base}/kev.json`, schedule: '0 * * * *', allowPrivateNetwork: true, defaultTlp: 'clear', options: { initialItemDays: 10_000 } })
      .returning();
    sourceId = source!.id;
  });
  after(async () => {
    release();
    await child?.stop();
    await server?.close();
    await http.close();
    await database?.close();
  });

  async function stored() {
    const items = await database.db.select().from(feedItems).where(eq(feedItems.sourceId, sourceId)).orderBy(asc(feedItems.externalId));
    const enrichments = await database.db.select().from(cveEnrichments).orderBy(asc(cveEnrichments.cve));
    const [source] = await database.db.select({ cursor: feedSources.cursor }).from(feedSources).where(eq(feedSources.id, sourceId));
    return { items, enrichments, cursor: source!.cursor as { etag?: string } | null };
  }

  it('commits nothing of a run whose instance is killed inside the ingest transaction, and leaves its row `running`', async () => {
    const first = await runFeedSource(deps, sourceId, 'schedule');
    expect(first.acquired && first.run.status).to.equal('succeeded');
    const baseline = await stored();
    expect(baseline.items.map((item) => item.externalId)).to.deep.equal(['CVE-2026-10001', 'CVE-2026-10002']);

    entries = [kevEntry(1, { dueDate: '2026-12-24' }), kevEntry(2), kevEntry(3), kevEntry(4)];
    hold = new Promise((resolve) => (release = resolve));
    child = await startInstanceProcess(database.url!, { SERVER_ROLES: 'web' });
    const admin = await loginAs(child.url, 'cert-admin@lagebild.test');
    const requestsBefore = server.requests.length;
    const runNow = admin.agent.post(`/api/v1/feeds/${sourceId}/run`).set('x-csrf-token', admin.csrfToken).send().then(
      (response) => ({ status: response.status }),
      (error: Error) => ({ error }),
    );
    await until('the child to fetch the catalog', () => Promise.resolve(server.requests.length > requestsBefore));
    const running = await until('the child run row', async () => (await database.db.select().from(feedRuns).where(and(eq(feedRuns.sourceId, sourceId), eq(feedRuns.status, 'running'))))[0]);

    // Hold the run's row: the child's transaction writes items, enrichments and cursor, then waits
    // at its final UPDATE of this row.
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('select id from feed_runs where id = $1 for update', [running.id]);
      release();
      // The child's transaction waits on us, having written items, enrichments and the cursor already
      // (it holds row-exclusive locks on those tables): the kill lands mid-transaction.
      const written = await until(
        'the child transaction to wait on the run row',
        async () => {
          const result = await blocker.query(
            `select array_agg(distinct c.relname::text order by c.relname::text) as tables
               from pg_stat_activity a
               join pg_locks l on l.pid = a.pid and l.mode = 'RowExclusiveLock' and l.granted
               join pg_class c on c.oid = l.relation and c.relkind = 'r'
              where a.datname = current_database() and a.wait_event_type = 'Lock' and pg_backend_pid() = any(pg_blocking_pids(a.pid))`,
          );
          const tables = (result.rows[0] as { tables: string[] | null }).tables;
          return tables?.includes('feed_items') ? tables : undefined;
        },
        60_000,
      );
      expect(written).to.include.members(['feed_items', 'cve_enrichments', 'feed_sources', 'events']);
      const exited = new Promise((resolve) => child!.child.once('exit', resolve));
      child.child.kill('SIGKILL');
      await exited;
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
    const answer = await runNow;
    expect(answer, 'the killed instance never acknowledged the run').to.have.property('error');

    // The server notices the dead client and rolls its transaction back.
    await until('the child backend to go away', async () => {
      const probe = new pg.Client({ connectionString: database.url });
      await probe.connect();
      try {
        const result = await probe.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'");
        return (result.rows[0] as { n: number }).n === 0;
      } finally {
        await probe.end();
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await stored(), 'items, enrichments, cursor exactly as before the killed run').to.deep.equal(baseline);
    const [stuck] = await database.db.select().from(feedRuns).where(eq(feedRuns.id, running.id));
    expect(stuck!.status, 'nobody finished the killed run').to.equal('running');
    expect(stuck!.instance).to.not.equal(first.acquired ? first.run.instance : '');
  });

  it('marks the killed run failed as abandoned at the next run, which resumes from the stored cursor and completes', async () => {
    const [stuck] = await database.db.select().from(feedRuns).where(and(eq(feedRuns.sourceId, sourceId), eq(feedRuns.status, 'running')));
    const cursor = (await stored()).cursor!;
    const requestsBefore = server.requests.length;
    const next = await runFeedSource(deps, sourceId, 'schedule');
    expect(next.acquired).to.equal(true);
    if (!next.acquired) return;
    expect(next.run.status, next.run.error ?? '').to.equal('succeeded');
    const request = server.requests.slice(requestsBefore)[0]!;
    expect(request.headers['if-none-match'], 'conditional GET from the stored (pre-kill) cursor').to.equal(cursor.etag);
    const [marked] = await database.db.select().from(feedRuns).where(eq(feedRuns.id, stuck!.id));
    expect(marked!.status).to.equal('failed');
    expect(marked!.error).to.match(/^abandoned: instance \S+ stopped during the run/);
    const now = await stored();
    expect(now.items.map((item) => item.externalId), 'the run completed: every entry once').to.deep.equal(['CVE-2026-10001', 'CVE-2026-10002', 'CVE-2026-10003', 'CVE-2026-10004']);
    expect(now.cursor!.etag).to.equal(etag());
    const others = await database.db.select().from(feedRuns).where(and(eq(feedRuns.sourceId, sourceId), ne(feedRuns.status, 'succeeded'), ne(feedRuns.status, 'failed')));
    expect(others, 'no run left running').to.deep.equal([]);
  });
});
