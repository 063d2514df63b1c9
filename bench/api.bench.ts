import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { and, desc, eq, sql } from 'drizzle-orm';
import { loadUserPrincipal } from '../server/auth/principal.js';
import { findAdvisoryVisibleTo, listAdvisoriesVisibleTo, searchAdvisoriesVisibleTo } from '../server/advisories/advisories.repo.js';
import { AdvisoryListQuerySchema } from '../server/advisories/advisories.schemas.js';
import { openDatabase, queryRows, type Database } from '../server/platform/db/client.js';
import { users } from '../server/platform/db/schema.js';
import { createLogger } from '../server/platform/logger.js';
import { startLagebild } from '../server/server.js';
import { DEMO_PASSWORD, testConfig } from '../test/support/config.js';
import { loginAs } from '../test/support/session.js';
import { runConstantRate } from './constant-rate.js';
import { ensureLoadData } from './data/generate.js';

const DURATION_SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
/** The target rate: search p99 ≤ 50 ms at 200 req/s on this 2-core machine. */
const RATE = Number(process.env.BENCH_API_RATE ?? 200);
const CONNECTIONS = 10;
// Before measuring, the same load for a few seconds: the pool opens its connections and each new
// PostgreSQL backend fills its catalog caches; a backlog from that cold start would take seconds to drain.
const WARMUP_SECONDS = Number(process.env.BENCH_API_WARMUP_SECONDS ?? 5);
const CAPACITY_SECONDS = Number(process.env.BENCH_API_CAPACITY_SECONDS ?? 5);

const SEARCH_TERMS = ['Citrix', 'NetScaler Gateway', 'Codeausführung', 'FortiOS', 'Exchange Server', 'Rechteausweitung', 'SIMATIC', 'privilege escalation', 'MOVEit', 'Authentifizierung umgehen', 'PAN-OS', 'Confluence'];

type Endpoint = {
  name: string;
  paths: string[];
  /** The same query as the endpoint, issued directly through Drizzle (no HTTP, no session, no JSON). */
  baseline: (index: number) => Promise<unknown>;
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `query` at RATE per second for the duration (one at a time, as fast as allowed) and returns latencies. */
async function paced(query: (index: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  const interval = 1000 / RATE;
  const start = performance.now();
  for (let i = 0; performance.now() - start < DURATION_SECONDS * 1000; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const began = performance.now();
    await query(i);
    latencies.push(performance.now() - began);
  }
  return latencies.sort((a, b) => a - b);
}

async function endpoints(db: Database, userId: string): Promise<Endpoint[]> {
  const principal = await loadUserPrincipal(db, userId);
  if (!principal) throw new Error('bench user missing');
  const visibleIds = (await listAdvisoriesVisibleTo(db, principal, AdvisoryListQuerySchema.parse({ limit: 500 }))).map((row) => row.id);
  const listQuery = AdvisoryListQuerySchema.parse({ limit: 50 });
  const vendorQuery = AdvisoryListQuerySchema.parse({ limit: 50, vendor: 'citrix' });
  return [
    { name: 'list     GET /api/v1/advisories?limit=50', paths: ['/api/v1/advisories?limit=50'], baseline: () => listAdvisoriesVisibleTo(db, principal, listQuery) },
    { name: 'filter   GET /api/v1/advisories?vendor=citrix', paths: ['/api/v1/advisories?limit=50&vendor=citrix'], baseline: () => listAdvisoriesVisibleTo(db, principal, vendorQuery) },
    {
      name: 'search   GET /api/v1/search?q=…',
      paths: SEARCH_TERMS.map((term) => `/api/v1/search?q=${encodeURIComponent(term)}`),
      baseline: (i) => searchAdvisoriesVisibleTo(db, principal, SEARCH_TERMS[i % SEARCH_TERMS.length]!, 21, 0),
    },
    { name: 'detail   GET /api/v1/advisories/:id', paths: visibleIds.slice(0, 200).map((id) => `/api/v1/advisories/${id}`), baseline: (i) => findAdvisoryVisibleTo(db, principal, visibleIds[i % 200]!) },
  ];
}

/**
 * API latency on the load-test database (100,000 advisories, 1,000,000 STIX objects; built once by
 * bench/data/generate.ts on the PostgreSQL server of DATABASE_URL): a steady, evenly spaced rate
 * (bench/constant-rate-client.ts, its own process) against list, filtered list, search and detail as `it@erfurt` (a municipal admin: AMBER
 * audience and sharing-group rules apply), beside the same repository queries issued directly
 * against PostgreSQL at the same rate in the same run, and the endpoint's unpaced capacity (autocannon).
 */
export async function runApiBenchmark(): Promise<void> {
  const url = await ensureLoadData(undefined, (line) => process.stdout.write(`${line}\n`));
  const database = openDatabase({ driver: 'pg', url, poolSize: 10 });
  // All load comes from one address here; the per-IP API rate limit (a defence against one abusive
  // client) would answer 429, so the bench lifts it and says so.
  const settingsFile = join(mkdtempSync(join(tmpdir(), 'lagebild-bench-')), 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ http: { rateLimitPerMinute: 10_000_000 } }));
  const config = testConfig({ LAGEBILD_DEMO_PASSWORD: DEMO_PASSWORD, DATABASE_URL: url, LAGEBILD_SETTINGS: settingsFile });
  const running = await startLagebild({ config: { ...config, port: 0 }, logger: createLogger('silent', false), database, serveClient: false });
  try {
    const counts = await queryRows<{ advisories: number; objects: number }>(database.db, sql`select (select count(*) from advisories)::int as advisories, (select count(*) from stix_objects)::int as objects`);
    const session = await loginAs(running.url, 'it@erfurt.lagebild.test');
    const cookie = (await session.agent.get('/api/v1/me')).request.cookies;
    const [user] = await database.db.select({ id: users.id }).from(users).where(and(eq(users.email, 'it@erfurt.lagebild.test'))).orderBy(desc(users.createdAt)).limit(1);
    const lines = [
      `database: PostgreSQL ${url.replace(/\/\/[^@]*@/, '//')}, ${counts[0]?.advisories ?? 0} advisories, ${counts[0]?.objects ?? 0} STIX objects`,
      `load: ${RATE} req/s evenly spaced (open loop, latency from each request's due time; ${WARMUP_SECONDS} s warm-up at that rate not counted), ${CONNECTIONS} keep-alive connections, ${DURATION_SECONDS} s per endpoint (per-IP rate limit lifted); autocannon bursts: its overallRate ${RATE} (each second's requests sent back to back), ${DURATION_SECONDS} s; capacity: the same connections unpaced for ${CAPACITY_SECONDS} s; baseline: same repository query, ${RATE}/s, one at a time`,
      '',
      '| endpoint | API req/s | API p50 | API p99 | autocannon bursts p50 / p99 | capacity req/s | baseline p50 | baseline p99 | ratio p99 |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ];
    for (const endpoint of await endpoints(database.db, user!.id)) {
      // The target: a steady RATE per second, evenly spaced, latency counted from each request's due time.
      const steady = await runConstantRate({ url: running.url, paths: endpoint.paths, headers: { cookie }, rate: RATE, durationSeconds: DURATION_SECONDS, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS });
      if (steady.non2xx > 0 || steady.errors > 0) throw new Error(`${endpoint.name}: ${steady.non2xx} non-2xx answers, ${steady.errors} errors`);
      const cannon = (options: { overallRate?: number; duration: number }) =>
        autocannon({
          url: running.url,
          connections: CONNECTIONS,
          // Load generation in a worker thread, off the event loop of the server under test.
          workers: 1,
          headers: { cookie },
          // Each connection cycles through the paths (plain data: the worker thread gets a copy).
          requests: endpoint.paths.map((path) => ({ method: 'GET' as const, path })),
          ...options,
        });
      // autocannon's own rate mode, for comparison: every connection sends its share of each second
      // back to back at the start of the second, so this is a burst of RATE requests once a second.
      const bursts = await cannon({ overallRate: RATE, duration: DURATION_SECONDS });
      // Headroom: what the same connections get through when nothing paces them (closed loop).
      const capacity = await cannon({ duration: CAPACITY_SECONDS });
      for (const [what, result] of [['bursts', bursts], ['capacity', capacity]] as const) {
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`${endpoint.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors (${what})`);
      }
      const baseline = await paced(endpoint.baseline);
      const p99 = percentile(steady.latencies, 99);
      const row = `| ${endpoint.name} | ${steady.achievedRate.toFixed(0)} | ${percentile(steady.latencies, 50).toFixed(1)} ms | ${p99.toFixed(1)} ms | ${bursts.latency.p50} / ${bursts.latency.p99} ms | ${capacity.requests.average.toFixed(0)} | ${percentile(baseline, 50).toFixed(1)} ms | ${percentile(baseline, 99).toFixed(1)} ms | ${(p99 / Math.max(0.1, percentile(baseline, 99))).toFixed(1)}× |`;
      lines.push(row);
      process.stdout.write(`${row}\n`);
    }
    process.stdout.write(`\n${lines.join('\n')}\n`);
  } finally {
    await running.close();
    await database.close();
  }
}
