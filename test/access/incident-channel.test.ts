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

  before(async () => {
    server = await startTestServer();
    swntIncident = await reportedIncident(await loginAs(server.url, 'soc@swnt.lagebild.test'), '2026-05-12T08:00:00Z');
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
      const { agent } = await loginAs(server.url, email);
      for (const path of ['', '/messages', '/indicators', '/stix']) {
        const response = await agent.get(`/api/v1/incidents/${swntIncident}${path}`);
        expect(response.status, path).to.equal(visible ? 200 : 404);
      }
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
});
