import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { organizations } from '../../../server/organizations/organizations.table.js';
import { memberships, users } from '../../../server/users/users.table.js';
import { reportedIncident } from '../../support/incidents.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
type Item = { id: string; title: string | null; reportingOrganization: { name: string }; triage: { severity: string | null; state: string; assignee: { id: string; name: string | null } | null } };

describe('the incident list as a work table: filters, server-side sort, the assignee directory', function () {
  this.timeout(120_000);
  let server: TestServer;
  let soc: Session;
  let erfurt: Session;
  let analyst: Session;
  const ids = {} as Record<'alpha' | 'bravo' | 'charlie', string>;

  const list = async (session: Session, query: Record<string, string | number>) => {
    const response = await session.agent.get('/api/v1/incidents').query(query);
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return response.body as { items: Item[]; next: string | null };
  };
  const triage = (id: string, body: Record<string, unknown>) => analyst.agent.post(`/api/v1/incidents/${id}/triage`).set('x-csrf-token', analyst.csrfToken).send(body);

  before(async () => {
    server = await startTestServer();
    soc = await loginAs(server.url, 'soc@swnt.lagebild.test');
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    ids.alpha = await reportedIncident(soc, '2026-05-12T08:00:00Z', { title: 'Alpha Phishingwelle' });
    ids.bravo = await reportedIncident(erfurt, '2026-05-13T08:00:00Z', { title: 'Bravo DDoS auf Bürgerportal', sector: 'public_administration' });
    ids.charlie = await reportedIncident(soc, '2026-05-11T08:00:00Z', { title: 'Charlie Ransomware' });
    (await triage(ids.alpha, { severity: 'niedrig' })).status === 200 || expect.fail('triage alpha');
    (await triage(ids.charlie, { severity: 'kritisch' })).status === 200 || expect.fail('triage charlie');
    (await triage(ids.bravo, { severity: 'mittel' })).status === 200 || expect.fail('triage bravo');
  });
  after(async () => server?.close());

  const mine = (items: Item[]) => items.filter((item) => Object.values(ids).includes(item.id));

  it('sorts the CERT queue by a column both ways, with empty values last', async () => {
    const up = mine((await list(analyst, { queue: 'cert', sort: 'severity', order: 'asc' })).items).map((item) => item.triage.severity);
    expect(up).to.deep.equal(['niedrig', 'mittel', 'kritisch']);
    const down = mine((await list(analyst, { queue: 'cert', sort: 'severity', order: 'desc' })).items).map((item) => item.triage.severity);
    expect(down).to.deep.equal(['kritisch', 'mittel', 'niedrig']);
    const titles = mine((await list(analyst, { queue: 'cert', sort: 'title', order: 'asc' })).items).map((item) => item.title);
    expect(titles).to.deep.equal(['Alpha Phishingwelle', 'Bravo DDoS auf Bürgerportal', 'Charlie Ransomware']);
    const byOrg = mine((await list(analyst, { queue: 'cert', sort: 'organization', order: 'asc' })).items).map((item) => item.reportingOrganization.name);
    expect(byOrg[0]).to.equal('Stadt Erfurt');
    // Next legal deadline: the earliest awareness time's deadline comes first.
    expect(mine((await list(analyst, { queue: 'cert', sort: 'nextDue', order: 'asc' })).items).map((item) => item.id)).to.deep.equal([ids.charlie, ids.alpha, ids.bravo]);
    // Urgency (the default): the critical one first.
    expect(mine((await list(analyst, { queue: 'cert' })).items)[0]!.id).to.equal(ids.charlie);
  });

  it('pages a sorted list without repeating or skipping, and refuses a cursor of another sort', async () => {
    const seen: string[] = [];
    let page = await list(analyst, { sort: 'title', order: 'asc', limit: 1 });
    seen.push(...page.items.map((item) => item.id));
    const firstCursor = page.next;
    while (page.next) {
      page = await list(analyst, { sort: 'title', order: 'asc', limit: 1, cursor: page.next });
      seen.push(...page.items.map((item) => item.id));
    }
    const all = (await list(analyst, { sort: 'title', order: 'asc', limit: 500 })).items.map((item) => item.id);
    expect(seen).to.deep.equal(all);
    expect(new Set(seen).size).to.equal(seen.length);
    const other = await analyst.agent.get('/api/v1/incidents').query({ sort: 'severity', order: 'asc', limit: 1, cursor: firstCursor });
    expect(other.status).to.equal(400);
    expect(JSON.stringify(other.body.errors)).to.contain('cursor');
  });

  it('answers bad sort, order and filter values with a validation problem, not a 500', async () => {
    for (const query of [{ sort: 'secret' }, { order: 'up' }, { severity: 'high' }, { assignee: 'someone' }, { state: 'open' }]) {
      const response = await analyst.agent.get('/api/v1/incidents').query(query);
      expect(response.status, JSON.stringify(query)).to.equal(400);
      expect(response.headers['content-type']).to.contain('application/problem+json');
    }
  });

  it('filters by severity, title words and assignee; a reporter sees only its own organization, sorted too', async () => {
    expect(mine((await list(analyst, { severity: 'kritisch' })).items).map((item) => item.id)).to.deep.equal([ids.charlie]);
    expect(mine((await list(analyst, { q: 'ddos' })).items).map((item) => item.id)).to.deep.equal([ids.bravo]);
    expect(mine((await list(analyst, { q: '%' })).items)).to.deep.equal([]);
    const reporter = (await list(soc, { sort: 'severity', order: 'desc' })).items;
    expect(reporter.map((item) => item.reportingOrganization.name)).to.satisfy((names: string[]) => names.every((name) => name === 'Stadtwerke Nordthüringen GmbH'));
    expect(mine(reporter).map((item) => item.id)).to.deep.equal([ids.charlie, ids.alpha]);
    const refused = await soc.agent.get('/api/v1/incidents').query({ queue: 'cert', sort: 'title' });
    expect(refused.status).to.equal(403);
  });

  it('lists only CERT staff as assignees (id and name), refuses reporters, and the assignment shows in the list', async () => {
    expect((await soc.agent.get('/api/v1/incidents/assignees')).status).to.equal(403);
    expect((await erfurt.agent.get('/api/v1/incidents/assignees')).status).to.equal(403);
    const answer = await analyst.agent.get('/api/v1/incidents/assignees');
    expect(answer.status).to.equal(200);
    const items = answer.body.items as { id: string; name: string }[];
    expect(items.length).to.be.greaterThan(0);
    for (const item of items) expect(Object.keys(item).sort()).to.deep.equal(['id', 'name']);
    const certIds = new Set(
      (
        await server.database.db
          .select({ id: memberships.userId })
          .from(memberships)
          .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
          .where(eq(organizations.kind, 'cert'))
      ).map((row) => row.id),
    );
    for (const item of items) expect(certIds.has(item.id), `${item.name} is CERT staff`).to.equal(true);
    const [socUser] = await server.database.db.select({ id: users.id }).from(users).where(eq(users.email, 'soc@swnt.lagebild.test'));
    expect(items.map((item) => item.id)).to.not.include(socUser!.id);
    expect(answer.text).to.not.contain('@');

    const colleague = items.find((item) => item.id !== analyst.userId) ?? items[0]!;
    expect((await triage(ids.bravo, { assigneeUserId: colleague.id })).status).to.equal(200);
    const assigned = (await list(analyst, { queue: 'cert', assignee: colleague.id })).items;
    expect(assigned.map((item) => item.id)).to.deep.equal([ids.bravo]);
    expect(assigned[0]!.triage.assignee).to.deep.equal({ id: colleague.id, name: colleague.name });
    expect(mine((await list(analyst, { queue: 'cert', assignee: 'none' })).items).map((item) => item.id)).to.not.include(ids.bravo);
    const sorted = mine((await list(analyst, { queue: 'cert', sort: 'assignee', order: 'asc' })).items);
    expect(sorted[0]!.id).to.equal(ids.bravo);
    // A constituent is no assignee.
    const refused = await triage(ids.alpha, { assigneeUserId: socUser!.id });
    expect(refused.status).to.equal(422);
  });
});
