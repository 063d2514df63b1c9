import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { canViewIncident } from '../../server/access/policy.js';
import { incidentVisibleTo } from '../../server/access/visible-to.js';
import { loadUserPrincipal, systemPrincipal, ANONYMOUS } from '../../server/auth/principal.js';
import { incidents } from '../../server/incidents/incidents.table.js';
import { users } from '../../server/users/users.table.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';
import { reportedIncident } from '../support/incidents.js';
import { advisoryBody, publishedAdvisory } from '../support/advisories.js';
import { DEMO_PASSWORD } from '../support/config.js';
import { connectLive, sessionCookie, type LiveClient } from '../support/live.js';

// Reporter isolation: the incident channel of the policy matrix. SWNT reports; its members and the
// CERT see it; every other organization (also a parent or sibling) gets 404 on every path.
const EXPECTED: Record<string, boolean> = {
  'soc@swnt.lagebild.test': true,
  'analyst@lagebild.test': true,
  'cert-admin@lagebild.test': true,
  'it@erfurt.lagebild.test': false,
  'it@jena.lagebild.test': false,
  'isb@lk-gotha.lagebild.test': false,
  'it@waltershausen.lagebild.test': false,
};

describe('incident channel of the access matrix (policy, SQL, routes)', () => {
  let server: TestServer;
  let swntIncident: string;
  let waltershausenIncident: string;
  let swntStage: { id: string; submitted: { utc: string } };

  before(async () => {
    server = await startTestServer();
    const soc = await loginAs(server.url, 'soc@swnt.lagebild.test');
    swntIncident = await reportedIncident(soc, '2026-05-12T08:00:00Z');
    swntStage = (await soc.agent.get(`/api/v1/incidents/${swntIncident}`)).body.stages[0] as typeof swntStage;
    waltershausenIncident = await reportedIncident(await loginAs(server.url, 'it@waltershausen.lagebild.test'), '2026-05-12T08:00:00Z', { sector: undefined, entityType: 'none' });
  });
  after(async () => server.close());

  for (const [email, visible] of Object.entries(EXPECTED)) {
    it(`${visible ? 'shows' : 'hides (404)'} the SWNT incident to ${email} in policy, SQL and every route`, async () => {
      const db = server.database.db;
      const [user] = await db.select().from(users).where(eq(users.email, email));
      const principal = (await loadUserPrincipal(db, user!.id))!;
      const [row] = await db.select().from(incidents).where(eq(incidents.id, swntIncident));
      expect(canViewIncident(principal, row!), 'policy').to.equal(visible);
      const sqlRows = await db.select({ id: incidents.id }).from(incidents).where(and(eq(incidents.id, swntIncident), incidentVisibleTo(principal, incidents.reportingOrganizationId)));
      expect(sqlRows.length === 1, 'sql').to.equal(visible);
      const { agent, csrfToken } = await loginAs(server.url, email);
      for (const path of ['', '/messages', '/indicators', '/stix', '/timeline']) {
        const response = await agent.get(`/api/v1/incidents/${swntIncident}${path}`);
        expect(response.status, path).to.equal(visible ? 200 : 404);
      }
      // CERT-internal notes and checklist: the CERT only; the reporting organization is refused like a stranger.
      const isCert = email === 'analyst@lagebild.test' || email === 'cert-admin@lagebild.test';
      for (const path of ['/notes', '/tasks']) {
        const response = await agent.get(`/api/v1/incidents/${swntIncident}${path}`);
        // Non-CERT callers are refused by the route's capability before the incident is looked up: 403 for everyone, existence not revealed.
        expect(response.status, path).to.equal(isCert ? 200 : 403);
      }
      const stagePath = `/api/v1/incidents/${swntIncident}/stages/${swntStage.id}`;
      expect((await agent.get(`${stagePath}/export`)).status, 'stage export').to.equal(visible ? 200 : 404);
      const ack = await agent.put(`${stagePath}/bsi-acknowledgement`).set('x-csrf-token', csrfToken).send({ bsiReference: 'BSI-CHANNEL-1', acknowledgedAt: new Date(Date.parse(swntStage.submitted.utc) + 1000).toISOString() });
      expect(ack.status, 'BSI acknowledgement').to.equal(visible ? 200 : 404);
      const list = await agent.get('/api/v1/incidents').query({ limit: 500 });
      expect((list.body.items as { id: string }[]).some((item) => item.id === swntIncident), 'list').to.equal(visible);
    });
  }

  it('keeps a Gemeinde incident from its Landkreis, shows it to the CERT, and to no one anonymous', async () => {
    const gotha = await loginAs(server.url, 'isb@lk-gotha.lagebild.test');
    expect((await gotha.agent.get(`/api/v1/incidents/${waltershausenIncident}`)).status).to.equal(404);
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const queue = await analyst.agent.get('/api/v1/incidents').query({ queue: 'cert' });
    expect((queue.body.items as { id: string }[]).map((item) => item.id)).to.include.members([swntIncident, waltershausenIncident]);
    const [row] = await server.database.db.select().from(incidents).where(eq(incidents.id, waltershausenIncident));
    expect(canViewIncident(ANONYMOUS, row!)).to.equal(false);
    expect(canViewIncident(systemPrincipal('test'), row!)).to.equal(true);
  });

  it('delivers incident events over Socket.IO (live and replay) to exactly the reporter organization and the CERT', async function () {
    this.timeout(120_000);
    const clients = new Map<string, LiveClient>();
    const cookies = new Map<string, string>();
    for (const email of Object.keys(EXPECTED)) cookies.set(email, await sessionCookie(server.url, email, DEMO_PASSWORD));
    // Connect and register for `ready` in one go (a `ready` before the waiter would be missed).
    const readyWaits: Promise<{ seq: number }>[] = [];
    for (const [email, cookie] of [...cookies, ['anonymous', ''] as const]) {
      const client = connectLive(server.url, cookie ? { cookie } : {});
      clients.set(email, client);
      readyWaits.push(client.nextReady());
    }
    const readies = await Promise.all(readyWaits);
    const since = Math.min(...readies.map((ready) => ready.seq));
    try {
      const swnt = await loginAs(server.url, 'soc@swnt.lagebild.test');
      const id = await reportedIncident(swnt, '2026-05-13T08:00:00Z', { title: 'Socket-Kanal' });
      const posted = await swnt.agent.post(`/api/v1/incidents/${id}/messages`).set('x-csrf-token', swnt.csrfToken).send({ body: 'Nur für SWNT und CERT.', tlp: 'AMBER+STRICT', attachmentIds: [] });
      expect(posted.status).to.equal(201);
      const about = (client: LiveClient) => client.received.filter((event) => event.type.startsWith('incident.') && [(event.payload as { id?: string }).id, (event.payload as { incidentId?: string }).incidentId].includes(id)).map((event) => event.type);
      // Entitled sockets get both events; then a GREEN marker proves everyone else was reached by then.
      for (const [email, visible] of Object.entries(EXPECTED)) {
        if (visible) await clients.get(email)!.waitFor((event) => event.type === 'incident.message.posted' && (event.payload as { incidentId?: string }).incidentId === id);
      }
      const admin = await loginAs(server.url, 'cert-admin@lagebild.test');
      const marker = await publishedAdvisory(admin, advisoryBody({ title: { de: 'Marker Vorfallkanal' }, tlp: 'CLEAR' }));
      for (const client of clients.values()) await client.waitFor((event) => event.type === 'advisory.published' && event.payload.id === marker);
      for (const [email, visible] of Object.entries(EXPECTED)) {
        expect(about(clients.get(email)!), `live: ${email}`).to.deep.equal(visible ? ['incident.reported', 'incident.message.posted'] : []);
      }
      expect(about(clients.get('anonymous')!), 'live: anonymous').to.deep.equal([]);
      // Replay after a reconnect applies the same rule.
      for (const [email, visible] of Object.entries(EXPECTED)) {
        const resumed = connectLive(server.url, { cookie: cookies.get(email)!, since, reconnection: false });
        await resumed.nextReady();
        resumed.close();
        expect(about(resumed), `replay: ${email}`).to.deep.equal(visible ? ['incident.reported', 'incident.message.posted'] : []);
      }
    } finally {
      for (const client of clients.values()) client.close();
    }
  });
});
