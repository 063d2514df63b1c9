// Fault: kill -9 of the instance that is handling publish requests. (The realtime suite,
// test/integration/realtime/instances.test.ts, kills the instance live clients are connected to while
// publishes go through the other one; here the publishing instance itself dies with requests in
// flight.) Needs a PostgreSQL server for two processes: `npm run test:pg`.
import { expect } from 'chai';
import { and, eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { createTestDatabase, TEST_DRIVER } from '../support/database.js';
import { DEMO_PASSWORD } from '../support/config.js';
import { loginAs } from '../support/session.js';
import { advisoryBody } from '../support/advisories.js';
import { connectLive, seqs, sessionCookie, type LiveClient } from '../support/live.js';
import { startInstanceProcess, type InstanceProcess } from '../support/instances.js';
import { advisories } from '../../server/advisories/advisories.table.js';
import { events } from '../../server/platform/outbox/events.table.js';
import type { DatabaseHandle } from '../../server/platform/db/client.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
const COUNT = 16;
// The audit chain's transaction lock (server/audit/record-audit.ts), taken by every publish after it
// wrote the advisory and its revision: holding it lines the publishes up mid-transaction.
const AUDIT_CHAIN_LOCK_KEY = 72_616_002;

describe('Fault: kill -9 of the instance handling publishes: every acknowledged publish is stored and delivered once', function () {
  this.timeout(120_000);
  let database: DatabaseHandle & { url?: string };
  let a: InstanceProcess;
  let b: InstanceProcess;
  let viaA: Session;
  let viaB: Session;
  let live: LiveClient;
  const ids: string[] = [];
  const acknowledged = new Set<string>();
  const unanswered = new Set<string>();

  before(async function () {
    if (TEST_DRIVER !== 'pg') this.skip(); // separate processes need a PostgreSQL server: run with `npm run test:pg`
    database = await createTestDatabase();
    a = await startInstanceProcess(database.url!, { SERVER_ROLES: 'web' });
    b = await startInstanceProcess(database.url!); // after A, so the demo community is seeded once
    viaA = await loginAs(a.url, 'cert-admin@lagebild.test');
    viaB = await loginAs(b.url, 'cert-admin@lagebild.test');
    live = connectLive(b.url, { cookie: await sessionCookie(b.url, 'it@erfurt.lagebild.test', DEMO_PASSWORD) });
    await live.nextReady();
    for (let i = 0; i < COUNT; i += 1) {
      const created = await viaA.agent.post('/api/v1/advisories').set('x-csrf-token', viaA.csrfToken).send(advisoryBody({ title: { de: `Kill-Test ${i}` }, tlp: 'GREEN' }));
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      ids.push(created.body.id as string);
    }
  });
  after(async () => {
    live?.close();
    await a?.stop();
    await b?.stop();
    await database?.close();
  });

  async function publishedEvents(): Promise<Map<string, number>> {
    const rows = await database.db
      .select({ id: sql<string>`${events.payload}->>'id'`, n: sql<number>`count(*)::int` })
      .from(events)
      .where(and(eq(events.type, 'advisory.published'), inArray(sql`${events.payload}->>'id'`, ids)))
      .groupBy(sql`${events.payload}->>'id'`);
    return new Map(rows.map((row) => [row.id, row.n]));
  }

  it('stores every publish the killed instance acknowledged with 200, and each of the others fully or not at all', async () => {
    let firstAnswer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('select pg_advisory_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    const requests = ids.map((id) =>
      viaA.agent
        .post(`/api/v1/advisories/${id}/publish`)
        .set('x-csrf-token', viaA.csrfToken)
        .send()
        .then(
          (response) => {
            firstAnswer();
            if (response.status === 200) acknowledged.add(id);
            else unanswered.add(id);
          },
          () => unanswered.add(id),
        ),
    );
    try {
      // Several publishes wait inside their transactions; released, they commit one by one, and
      // the kill lands after the first answer, with the others in flight.
      for (let waiting = 0; waiting < 4; ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const result = await blocker.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event = 'advisory'");
        waiting = (result.rows[0] as { n: number }).n;
      }
      await blocker.query('select pg_advisory_unlock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    } finally {
      await blocker.end();
    }
    await answered;
    a.child.kill('SIGKILL');
    await Promise.all(requests);
    expect(acknowledged.size, 'some publishes were acknowledged before the kill').to.be.greaterThan(0);
    expect(unanswered.size, 'some publishes were in flight at the kill').to.be.greaterThan(0);

    const rows = await database.db.select({ id: advisories.id, status: advisories.status, version: advisories.version }).from(advisories).where(inArray(advisories.id, ids));
    const counts = await publishedEvents();
    for (const row of rows) {
      if (acknowledged.has(row.id)) expect(row.status, `acknowledged ${row.id}`).to.equal('published');
      // All or nothing: a publication is stored exactly with its one event, or a draft has none.
      expect(counts.get(row.id) ?? 0, `events of ${row.id} (${row.status})`).to.equal(row.status === 'published' ? 1 : 0);
      expect(row.version).to.equal(row.status === 'published' ? 1 : 0);
    }
  });

  it('lets the client retry the unanswered ones on the other instance: published once, or 409 if the lost answer had committed', async () => {
    for (const id of unanswered) {
      const retried = await viaB.agent.post(`/api/v1/advisories/${id}/publish`).set('x-csrf-token', viaB.csrfToken).send();
      expect([200, 409], JSON.stringify(retried.body)).to.include(retried.status);
      if (retried.status === 409) expect(retried.body.code).to.equal('INVALID_STATE');
    }
    const counts = await publishedEvents();
    expect(ids.map((id) => counts.get(id) ?? 0), 'exactly one advisory.published event per advisory').to.deep.equal(ids.map(() => 1));
  });

  it('delivers each publication exactly once to a live client of the surviving instance', async () => {
    await Promise.all(ids.map((id) => live.waitFor((event) => event.type === 'advisory.published' && event.payload.id === id)));
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a duplicate to show up
    const received = live.received.filter((event) => event.type === 'advisory.published' && ids.includes(event.payload.id)).map((event) => event.payload.id as string);
    expect([...received].sort(), 'each once').to.deep.equal([...ids].sort());
    const order = seqs(live);
    expect(order, 'strictly increasing seq').to.deep.equal([...new Set(order)].sort((x, y) => x - y));
  });
});
