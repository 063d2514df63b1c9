// `npm run bench -- fanout`: publish → receive latency of live delivery to N connected clients, beside
// a bare Socket.IO broadcast of the same payload to the same sockets (no database, no policy) measured
// in the same run. Clients run in a separate process started through `sh -c 'ulimit -n 65536; …'`
// (each socket is a file descriptor; root may raise the limit, others get what the hard limit allows).
//
// Knobs: FANOUT_CLIENTS (default "1000,5000,10000"), FANOUT_EVENTS (default 20). Two instances run
// when DATABASE_URL is set (one in this process, one child process, clients split between them).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { desc } from 'drizzle-orm';
import { events } from '../server/platform/db/schema.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { loginAs } from '../test/support/session.js';
import { sessionCookie } from '../test/support/live.js';
import { DEMO_PASSWORD } from '../test/support/config.js';
import { advisoryBody } from '../test/support/advisories.js';
import { startInstanceProcess, type InstanceProcess } from '../test/support/instances.js';

const CLIENTS = (process.env.FANOUT_CLIENTS ?? '1000,5000,10000').split(',').map(Number);
const EVENTS = Number(process.env.FANOUT_EVENTS ?? 20);
const now = () => performance.timeOrigin + performance.now();

type ClientProcess = { child: ChildProcess; next(predicate: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> };

function startClients(urls: string[], count: number, cookie: string): ClientProcess {
  const command = `ulimit -n 65536 2>/dev/null; exec "${process.execPath}" --import tsx bench/fanout-clients.ts "${urls.join(',')}" ${count} "${cookie}"`;
  const child = spawn('sh', ['-c', command], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: { predicate: (message: Record<string, unknown>) => boolean; resolve: (message: Record<string, unknown>) => void }[] = [];
  const backlog: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as Record<string, unknown>;
    const waiter = waiting.find((candidate) => candidate.predicate(message));
    if (waiter) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(message);
    } else backlog.push(message);
  });
  return {
    child,
    next(predicate) {
      const found = backlog.find(predicate);
      if (found) {
        backlog.splice(backlog.indexOf(found), 1);
        return Promise.resolve(found);
      }
      return new Promise((resolve) => waiting.push({ predicate, resolve }));
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

type Figures = { p50: number; p95: number; p99: number; perSecond: number };

function figures(sent: Map<string, number>, report: Record<string, number[]>): Figures {
  const latencies: number[] = [];
  let busy = 0;
  let deliveries = 0;
  for (const [id, t0] of sent) {
    const times = report[id] ?? [];
    for (const at of times) latencies.push(at - t0);
    deliveries += times.length;
    busy += Math.max(...times) - t0;
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), perSecond: (deliveries / busy) * 1000 };
}

const format = (f: Figures) => `p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, ${Math.round(f.perSecond)} deliveries/s`;

async function runOnce(count: number, instances: 1 | 2): Promise<void> {
  const server: TestServer = await startTestServer();
  let second: InstanceProcess | undefined;
  try {
    const url = (server.database as { url?: string }).url;
    if (instances === 2) second = await startInstanceProcess(url!);
    const admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    const drafts: string[] = [];
    for (let i = 0; i < EVENTS; i += 1) {
      const created = await admin.agent.post('/api/v1/advisories').set('x-csrf-token', admin.csrfToken).send(advisoryBody({ title: { de: `Fan-out ${i}` }, tlp: 'GREEN' }));
      drafts.push(created.body.id as string);
    }
    const cookie = await sessionCookie(server.url, 'it@erfurt.lagebild.test', DEMO_PASSWORD);
    const clients = startClients(second ? [server.url, second.url] : [server.url], count, cookie);
    await clients.next((message) => 'ready' in message);

    // When this instance's dispatcher picks the event up (before the broadcaster runs): dispatch→receive.
    const dispatched = new Map<string, number>();
    server.realtime.dispatcher.subscribe((row) => void dispatched.set(String(row.payload.id), now()), { first: true });
    const sent = new Map<string, number>();
    const publishMs: number[] = [];
    for (const id of drafts) {
      const t0 = now();
      const published = await admin.agent.post(`/api/v1/advisories/${id}/publish`).set('x-csrf-token', admin.csrfToken).send();
      if (published.status !== 200) throw new Error(`publish failed: ${published.status}`);
      publishMs.push(now() - t0);
      sent.set(id, t0);
      await clients.next((message) => message.complete === id);
    }
    // Baseline: the same payload, broadcast bare to the same sockets of this process's instance.
    const [row] = await server.database.db.select().from(events).orderBy(desc(events.seq)).limit(1);
    const baseline = new Map<string, number>();
    const localShare = second ? Math.ceil(count / 2) : count;
    for (let i = 0; i < EVENTS; i += 1) {
      const id = randomUUID();
      clients.child.stdin!.write(`expect ${id} ${localShare}\n`);
      await clients.next((message) => message.expecting === id);
      const t0 = now();
      server.realtime.io.emit('event', { seq: 0, type: 'advisory.published', payload: { ...(row!.payload), id } as never });
      baseline.set(id, t0);
      await clients.next((message) => message.complete === id);
    }
    clients.child.stdin!.write('report\n');
    const report = (await clients.next((message) => 'report' in message)).report as Record<string, number[]>;
    const ours = figures(sent, report);
    const fanOut = figures(dispatched, report);
    const bare = figures(baseline, report);
    process.stdout.write(
      [
        `${count} clients, ${instances} instance(s), ${EVENTS} advisories (${server.database.driver}):`,
        `  Lagebild publish→receive: ${format(ours)}`,
        `  (the publish request itself, p50 ${percentile([...publishMs].sort((a, b) => a - b), 50).toFixed(1)} ms)`,
        `  Lagebild dispatch→receive: ${format(fanOut)}`,
        `  bare io.emit baseline${second ? " (this instance's half)" : ''}: ${format(bare)}`,
        `  ratio publish→receive ÷ baseline: p99 ${(ours.p99 / bare.p99).toFixed(2)}×, p50 ${(ours.p50 / bare.p50).toFixed(2)}×`,
        `  ratio dispatch→receive ÷ baseline: p99 ${(fanOut.p99 / bare.p99).toFixed(2)}×, p50 ${(fanOut.p50 / bare.p50).toFixed(2)}×`,
      ].join('\n') + '\n',
    );
  } finally {
    await second?.stop();
    await server.close();
  }
}

/** Runs every configured client count on one instance, and on two when DATABASE_URL is set. */
export async function runFanoutBenchmark(): Promise<void> {
  for (const count of CLIENTS) await runOnce(count, 1);
  if (process.env.DATABASE_URL) for (const count of CLIENTS) await runOnce(count, 2);
  else process.stdout.write('2 instances: skipped (set DATABASE_URL to a PostgreSQL server)\n');
}
