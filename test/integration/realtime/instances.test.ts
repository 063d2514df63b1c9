import { expect } from 'chai';
import { createTestDatabase, TEST_DRIVER } from '../../support/database.js';
import { mayRestartPostgres, restartPostgres } from '../../support/postgres-restart.js';
import { DEMO_PASSWORD } from '../../support/config.js';
import { loginAs } from '../../support/session.js';
import { advisoryBody, organizationIds } from '../../support/advisories.js';
import { connectLive, seqs, sessionCookie, type LiveClient } from '../../support/live.js';
import { startBalancer, startInstanceProcess, type InstanceProcess } from '../../support/instances.js';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
type Persona = 'cert' | 'gotha' | 'erfurt' | 'anonymous';
const EMAILS: Record<Exclude<Persona, 'anonymous'>, string> = { cert: 'analyst@lagebild.test', gotha: 'isb@lk-gotha.lagebild.test', erfurt: 'it@erfurt.lagebild.test' };
// What each persona may see of the published mix (AMBER goes to Landkreis Gotha).
const ENTITLED: Record<string, Persona[]> = {
  CLEAR: ['cert', 'gotha', 'erfurt', 'anonymous'],
  GREEN: ['cert', 'gotha', 'erfurt'],
  AMBER: ['cert', 'gotha'],
};
const MIX = ['GREEN', 'AMBER', 'CLEAR', 'AMBER', 'GREEN'];

describe('Several instances on one PostgreSQL server: exactly once, in order, through kill -9 and a database restart', function () {
  // Server processes (tsx start, migrations, argon2-hashed demo accounts) and a PostgreSQL restart take
  // minutes on a loaded CI machine; every wait below is for a condition, this is only the budget.
  this.timeout(300_000);
  let database: DatabaseHandle & { url?: string };
  let a: InstanceProcess;
  let b: InstanceProcess;
  let admin: Session;
  let gotha = '';
  const cookies = new Map<Persona, string | undefined>();
  const clients: { persona: Persona; client: LiveClient }[] = [];
  const published: { id: string; tlp: string }[] = [];

  before(async function () {
    if (TEST_DRIVER !== 'pg') this.skip(); // separate processes need a PostgreSQL server: run with `npm run test:pg`
    database = await createTestDatabase();
    a = await startInstanceProcess(database.url!);
    b = await startInstanceProcess(database.url!); // after A, so the demo community is seeded once
    admin = await loginAs(b.url, 'cert-admin@lagebild.test');
    gotha = (await organizationIds(admin.agent)).get('Landkreis Gotha')!;
    cookies.set('anonymous', undefined);
    for (const [persona, email] of Object.entries(EMAILS) as [Persona, string][]) cookies.set(persona, await sessionCookie(a.url, email, DEMO_PASSWORD));
  });
  afterEach(() => {
    for (const { client } of clients.splice(0)) client.close();
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await database?.close();
  });

  async function connectAll(url: string): Promise<void> {
    for (const persona of cookies.keys()) {
      const cookie = cookies.get(persona);
      for (let i = 0; i < 2; i += 1) {
        const client = connectLive(url, cookie ? { cookie } : {});
        await client.nextReady();
        clients.push({ persona, client });
      }
    }
  }

  async function publish(tlp: string, via: Session = admin): Promise<void> {
    const audience = { organizations: tlp === 'AMBER' ? [gotha] : [], sharingGroups: [], users: [] };
    for (;;) {
      // Only the database restart makes this fail; each attempt is all-or-nothing (one transaction).
      const created = await via.agent.post('/api/v1/advisories').set('x-csrf-token', via.csrfToken).send(advisoryBody({ title: { de: `Instanzen ${published.length}` }, tlp, audience }));
      if (created.status !== 201) continue;
      const done = await via.agent.post(`/api/v1/advisories/${created.body.id}/publish`).set('x-csrf-token', via.csrfToken).send();
      if (done.status !== 200) continue;
      published.push({ id: created.body.id as string, tlp });
      return;
    }
  }

  /** Publishes a CLEAR marker, waits until every client has it, then checks each full sequence. */
  async function expectExactlyOnceInOrder(from: number): Promise<void> {
    await publish('CLEAR');
    const marker = published.at(-1)!.id;
    await Promise.all(clients.map(({ client }) => client.waitFor((event) => event.payload.id === marker)));
    const ours = published.slice(from);
    for (const { persona, client } of clients) {
      const expected = ours.filter((item) => ENTITLED[item.tlp]!.includes(persona)).map((item) => item.id);
      const received = client.received.map((event) => event.payload.id).filter((id) => ours.some((item) => item.id === id));
      expect(received, `${persona}: every entitled event once, in publication order`).to.deep.equal(expected);
      const order = seqs(client);
      expect(order, `${persona}: strictly increasing seq, no duplicates`).to.deep.equal([...new Set(order)].sort((x, y) => x - y));
    }
  }

  it('delivers each event exactly once and in order to entitled clients of both instances, and nothing to others', async () => {
    const from = published.length;
    await connectAll(a.url);
    await connectAll(b.url);
    for (const tlp of MIX) await publish(tlp);
    await expectExactlyOnceInOrder(from);
  });

  it('survives kill -9 of an instance while events are published: clients resume on the other one', async () => {
    const balancer = await startBalancer([a.url, b.url]);
    try {
      const from = published.length;
      await connectAll(balancer.url); // round robin: half of them on A
      const publishing = (async () => {
        for (let i = 0; i < 12; i += 1) await publish(MIX[i % MIX.length]!);
      })();
      await new Promise((resolvePromise) => setImmediate(resolvePromise));
      a.child.kill('SIGKILL');
      await publishing;
      await expectExactlyOnceInOrder(from);
      expect(clients.filter(({ client }) => client.disconnects > 0).length, 'clients that were on the killed instance').to.equal(clients.length / 2);
    } finally {
      await balancer.close();
    }
  });

  it('survives a PostgreSQL server restart: dispatchers listen again and catch up by seq', async function () {
    const reason = mayRestartPostgres();
    if (reason) this.skip(); // `reason` says why (not our server to restart)
    a = await startInstanceProcess(database.url!); // the one killed above comes back
    const from = published.length;
    await connectAll(a.url);
    await connectAll(b.url);
    for (const tlp of MIX.slice(0, 2)) await publish(tlp);
    restartPostgres();
    for (const tlp of MIX) await publish(tlp);
    await expectExactlyOnceInOrder(from);
  });
});
