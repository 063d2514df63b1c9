// Fault: a feed source that flaps and returns garbage. The production CISA KEV adapter and the real
// platform fetcher (feeds/http.ts) run against a real HTTP server on 127.0.0.1 that answers, run
// after run: a good catalog, 500s, truncated JSON, an HTML error page with 200, an oversized body, a
// stalled body, a catalog with a broken entry, and finally a good, newer catalog.
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { asc, eq } from 'drizzle-orm';
import { createTestDatabase } from '../support/database.js';
import { startFixtureServer, type FixtureServer } from '../support/feed-sources.js';
import { kevCatalog, kevEntry, type KevEntry } from '../support/feed-fixtures.js';
import { platformFeedHttp } from '../../server/feeds/http-factory.js';
import { reapAbandonedRuns, runFeedSource, type FeedRunDeps } from '../../server/feeds/runner.js';
import { cveEnrichments, feedItems, feedRuns, feedSources, type FeedRunRow } from '../../server/feeds/feeds.table.js';
import { createLogger } from '../../server/platform/logger.js';
import type { DatabaseHandle } from '../../server/platform/db/client.js';

type Mode = 'good' | 'http500' | 'truncated' | 'html' | 'html-as-json' | 'oversized' | 'stall' | 'broken-entry';

const MAX_BYTES = 64 * 1024;
const TIMEOUT_MS = 400;

describe('Fault: a feed source that flaps and returns garbage', function () {
  let database: DatabaseHandle;
  let server: FixtureServer;
  let deps: FeedRunDeps;
  let sourceId = '';
  let mode: Mode = 'good';
  let entries: KevEntry[] = [kevEntry(1), kevEntry(2), kevEntry(3)];
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 5, retries: 1, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES });

  const body = () => JSON.stringify(kevCatalog(entries));
  const etag = () => `"${createHash('sha256').update(body()).digest('hex').slice(0, 16)}"`;

  before(async () => {
    database = await createTestDatabase();
    server = await startFixtureServer((req, res) => {
      switch (mode) {
        case 'good':
          if (req.headers['if-none-match'] === etag()) {
            res.writeHead(304).end();
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json', etag: etag() }).end(body());
          return;
        case 'http500':
          res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream exploded');
          return;
        case 'truncated':
          res.writeHead(200, { 'content-type': 'application/json' }).end(body().slice(0, Math.floor(body().length / 2)));
          return;
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Wartung</title><h1>Wartungsarbeiten</h1>');
          return;
        case 'html-as-json':
          res.writeHead(200, { 'content-type': 'application/json' }).end('<!doctype html><title>502 Bad Gateway</title>');
          return;
        case 'oversized': {
          // Chunked, no Content-Length: the cap must be enforced while reading.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"title":"CISA","vulnerabilities":[');
          const filler = `${JSON.stringify(kevEntry(9))},`;
          for (let written = 0; written < MAX_BYTES * 2; written += filler.length) res.write(filler);
          res.end(`${JSON.stringify(kevEntry(9))}]}`);
          return;
        }
        case 'stall':
          // Headers and half a body, then silence beyond the fetcher's timeout.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write(body().slice(0, 100));
          setTimeout(() => res.destroyed || res.end(body().slice(100)), TIMEOUT_MS * 10).unref();
          return;
        case 'broken-entry': {
          const catalog = kevCatalog(entries);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...catalog, vulnerabilities: [...catalog.vulnerabilities, { cveID: 'not-a-cve', product: 42 }] }));
          return;
        }
      }
    });
    deps = { database, config: { feedCredentials: {} }, logger: createLogger('silent', false), httpFor: http };
    const [source] = await database.db
      .insert(feedSources)
      .values({ key: 'kev-flapping', type: 'cisa-kev', name: 'KEV (flapping)', url: `${server.base}/kev.json`, schedule: '0 * * * *', allowPrivateNetwork: true, defaultTlp: 'clear', options: { initialItemDays: 10_000 } })
      .returning();
    sourceId = source!.id;
  });
  after(async () => {
    await server?.close();
    await http.close();
    await database?.close();
  });

  async function run(next: Mode): Promise<FeedRunRow> {
    mode = next;
    const outcome = await runFeedSource(deps, sourceId, 'manual');
    if (!outcome.acquired) throw new Error('lock not acquired');
    return outcome.run;
  }

  /** Everything the source has stored: items (whole rows), enrichments, cursor. */
  async function stored() {
    const items = await database.db.select().from(feedItems).where(eq(feedItems.sourceId, sourceId)).orderBy(asc(feedItems.externalId));
    const enrichments = await database.db.select().from(cveEnrichments).orderBy(asc(cveEnrichments.cve));
    const [source] = await database.db.select({ cursor: feedSources.cursor }).from(feedSources).where(eq(feedSources.id, sourceId));
    return { items, enrichments, cursor: source!.cursor };
  }

  let baseline: Awaited<ReturnType<typeof stored>>;

  it('ingests the first good catalog', async () => {
    const first = await run('good');
    expect(first.status, first.error ?? '').to.equal('succeeded');
    expect(first.newCount).to.be.greaterThan(0);
    baseline = await stored();
    expect(baseline.items.map((item) => item.externalId)).to.deep.equal(['CVE-2026-10001', 'CVE-2026-10002', 'CVE-2026-10003']);
  });

  const garbage: { mode: Mode; reason: RegExp }[] = [
    { mode: 'http500', reason: /http_error: HTTP 500/ },
    { mode: 'truncated', reason: /bad_document/ },
    { mode: 'html', reason: /bad_content_type: Unexpected content type text\/html/ },
    { mode: 'html-as-json', reason: /bad_document/ },
    { mode: 'oversized', reason: /too_large: .*exceeds 65536 bytes/ },
    { mode: 'stall', reason: /timeout/i },
  ];
  for (const { mode: bad, reason } of garbage) {
    it(`records a ${bad} answer as a failed run with the reason, and changes nothing stored`, async () => {
      entries = [kevEntry(1), kevEntry(2), kevEntry(3), kevEntry(4)]; // what a good answer would add
      const failed = await run(bad);
      expect(failed.status).to.equal('failed');
      expect(failed.error).to.match(reason);
      expect(failed.finishedAt).to.be.instanceOf(Date);
      expect(await stored(), 'items, enrichments and cursor as before').to.deep.equal(baseline);
    });
  }

  it('records a catalog with one broken entry as partial, naming the entry, and ingests the rest', async () => {
    entries = [kevEntry(1), kevEntry(2), kevEntry(3)];
    const partial = await run('broken-entry');
    expect(partial.status).to.equal('partial');
    expect(partial.failedCount).to.equal(1);
    expect(partial.problems.map((problem) => problem.ref)).to.deep.equal(['not-a-cve']);
    expect(partial.problems[0]!.message).to.match(/KEV entry is invalid/);
    const now = await stored();
    expect(now.items, 'the good entries are untouched').to.deep.equal(baseline.items);
  });

  it('ingests a later good answer normally: the new entry arrives once, nothing older changes', async () => {
    entries = [kevEntry(1), kevEntry(2), kevEntry(3), kevEntry(4)];
    const good = await run('good');
    expect(good.status, good.error ?? '').to.equal('succeeded');
    expect(good.newCount).to.be.greaterThan(0);
    const now = await stored();
    expect(now.items.map((item) => item.externalId)).to.deep.equal(['CVE-2026-10001', 'CVE-2026-10002', 'CVE-2026-10003', 'CVE-2026-10004']);
    expect(now.items.slice(0, 3)).to.deep.equal(baseline.items);
    const again = await run('good');
    expect(again.status).to.equal('succeeded');
    expect(again.newCount).to.equal(0);
    const history = await database.db.select({ status: feedRuns.status }).from(feedRuns).where(eq(feedRuns.sourceId, sourceId)).orderBy(asc(feedRuns.startedAt));
    expect(history.map((row) => row.status)).to.deep.equal(['succeeded', ...garbage.map(() => 'failed'), 'partial', 'succeeded', 'succeeded']);
  });

  it('marks a run left `running` by a dead instance as failed (abandoned) at the next run, which resumes from the stored cursor', async () => {
    const cursorBefore = (await stored()).cursor;
    const [stuck] = await database.db.insert(feedRuns).values({ sourceId, trigger: 'schedule', instance: 'lagebild-2:4711', startedAt: new Date(Date.now() - 60_000) }).returning();
    server.requests.length = 0;
    const next = await run('good');
    expect(next.status).to.equal('succeeded');
    const [marked] = await database.db.select().from(feedRuns).where(eq(feedRuns.id, stuck!.id));
    expect(marked!.status).to.equal('failed');
    expect(marked!.error).to.match(/^abandoned: instance lagebild-2:4711 stopped during the run/);
    expect(marked!.finishedAt).to.be.instanceOf(Date);
    // Resumed from the stored cursor: a conditional GET with the stored ETag, answered 304.
    expect(server.requests.at(-1)!.headers['if-none-match']).to.equal((cursorBefore as { etag: string }).etag);
    expect(next.unchangedCount).to.equal(4);
    const stillRunning = await database.db.select().from(feedRuns).where(eq(feedRuns.status, 'running'));
    expect(stillRunning).to.deep.equal([]);
  });

  it('reaps abandoned runs at start, except of a source whose lock is held by a live run', async () => {
    const [stuck] = await database.db.insert(feedRuns).values({ sourceId, trigger: 'schedule', instance: 'lagebild-3:99', startedAt: new Date(Date.now() - 60_000) }).returning();
    // While a live run holds the source's lock, its `running` row is not touched.
    const held = await database.tryWithLock(`feed:${sourceId}`, () => reapAbandonedRuns(database, createLogger('silent', false)));
    expect(held).to.deep.equal({ acquired: true, value: 0 });
    expect((await database.db.select().from(feedRuns).where(eq(feedRuns.id, stuck!.id)))[0]!.status).to.equal('running');
    expect(await reapAbandonedRuns(database, createLogger('silent', false))).to.equal(1);
    const [marked] = await database.db.select().from(feedRuns).where(eq(feedRuns.id, stuck!.id));
    expect(marked!.status).to.equal('failed');
    expect(marked!.error).to.match(/^abandoned: instance lagebild-3:99/);
  });
});
