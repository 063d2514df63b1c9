import autocannon from 'autocannon';
import { asc } from 'drizzle-orm';
import { organizations } from '../server/platform/db/schema.js';
import { startTestServer } from '../test/support/server.js';
import { loginAs } from '../test/support/session.js';

const DURATION_SECONDS = 8;
const CONNECTIONS = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Authenticated `GET /api/v1/organizations?limit=50` through the whole stack (session lookup, principal,
 * validation, query, JSON) against the same query issued directly through Drizzle as the baseline.
 */
export async function runApiBenchmark(): Promise<void> {
  const server = await startTestServer();
  try {
    const session = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const cookie = (await session.agent.get('/api/v1/me')).request.cookies;
    const result = await autocannon({
      url: `${server.url}/api/v1/organizations?limit=50`,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      headers: { cookie },
    });
    if (result.non2xx > 0) throw new Error(`${result.non2xx} non-2xx answers`);

    const latencies: number[] = [];
    const until = Date.now() + DURATION_SECONDS * 1000;
    while (Date.now() < until) {
      const started = process.hrtime.bigint();
      await server.database.db.select().from(organizations).orderBy(asc(organizations.name)).limit(51);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    latencies.sort((a, b) => a - b);
    const baselineRps = latencies.length / DURATION_SECONDS;
    process.stdout.write(
      [
        `database: ${server.database.driver}, ${CONNECTIONS} connections, ${DURATION_SECONDS} s`,
        `API     GET /api/v1/organizations: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
        `baseline same query via Drizzle (1 at a time): ${baselineRps.toFixed(0)} q/s, p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
        `ratio API req/s ÷ baseline q/s: ${(result.requests.average / baselineRps).toFixed(2)}`,
      ].join('\n') + '\n',
    );
  } finally {
    await server.close();
  }
}
