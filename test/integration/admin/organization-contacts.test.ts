import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { run as runEscalation } from '../../../server/matching/escalation.job.js';
import { events } from '../../../server/platform/outbox/events.table.js';
import { organizations } from '../../../server/organizations/organizations.table.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { testConfig } from '../../support/config.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

describe('GET/PUT /api/v1/organizations/:id/contacts', () => {
  let server: TestServer;
  let erfurt: Session;
  let jena: Session;
  let analyst: Session;
  let admin: Session;
  let erfurtId: string;
  const contacts = [
    { role: 'primary', name: 'IT-Leitstelle Erfurt', email: 'IT@erfurt.lagebild.test', phone: '+49 361 655-0' },
    { role: 'secondary', name: 'Rufbereitschaft Erfurt', email: 'rufbereitschaft@erfurt.lagebild.test', phone: '+49 361 655-1111' },
  ];
  const put = (session: Session, id: string, body: unknown) => session.agent.put(`/api/v1/organizations/${id}/contacts`).set('x-csrf-token', session.csrfToken).send(body as object);

  before(async () => {
    server = await startTestServer();
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    jena = await loginAs(server.url, 'it@jena.lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    erfurtId = (await organizationIds(erfurt.agent)).get('Stadt Erfurt')!;
  });
  after(async () => server.close());

  it("lets the organization's admin replace its contacts (e-mail normalized), audited without the personal data", async () => {
    const response = await put(erfurt, erfurtId, { contacts });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    expect(response.body.contacts[0]).to.deep.equal({ ...contacts[0], email: 'it@erfurt.lagebild.test' });
    const [row] = await server.database.db.select({ contacts: organizations.contacts }).from(organizations).where(eq(organizations.id, erfurtId));
    expect(row!.contacts.map((contact) => contact.role)).to.deep.equal(['primary', 'secondary']);
    const audit = await admin.agent.get('/api/v1/audit').query({ action: 'organization.contacts_updated' });
    expect(audit.body.items[0].details).to.deep.equal({ roles: ['primary', 'secondary'] });
    expect(JSON.stringify(audit.body.items[0])).not.to.contain('655-1111');
  });

  it('is readable by the CERT and the org admin, not by another organization; only managers change it', async () => {
    expect((await analyst.agent.get(`/api/v1/organizations/${erfurtId}/contacts`)).body.contacts).to.have.length(2);
    expect((await erfurt.agent.get(`/api/v1/organizations/${erfurtId}/contacts`)).status).to.equal(200);
    expect((await jena.agent.get(`/api/v1/organizations/${erfurtId}/contacts`)).status).to.equal(403);
    expect((await put(jena, erfurtId, { contacts: [] })).status).to.equal(403);
    expect((await put(analyst, erfurtId, { contacts: [] })).status, 'CERT analysts read, cert_admins manage').to.equal(403);
    const byCertAdmin = await put(admin, erfurtId, { contacts });
    expect(byCertAdmin.status).to.equal(200);
  });

  it('refuses invalid contacts with 400 and field paths, keeping what is stored', async () => {
    const bad = await put(erfurt, erfurtId, {
      contacts: [
        { role: 'primary', name: 'A', email: 'a@erfurt.lagebild.test' },
        { role: 'primary', name: 'B', email: 'b@erfurt.lagebild.test' },
        { role: 'secondary', name: 'Nur Name' },
        { role: 'emergency', name: 'C', phone: '<script>' },
        { role: 'boss', name: 'D', email: 'd@x.de' },
      ],
    });
    expect(bad.status).to.equal(400);
    expect(bad.body.code).to.equal('VALIDATION_FAILED');
    const paths = (bad.body.errors as { path: string }[]).map((error) => error.path);
    expect(paths).to.include.members(['contacts.2.email', 'contacts.3.phone', 'contacts.4.role']);
    const after = await erfurt.agent.get(`/api/v1/organizations/${erfurtId}/contacts`);
    expect(after.body.contacts).to.have.length(2);
    const duplicate = await put(erfurt, erfurtId, { contacts: [contacts[0], contacts[0]] });
    expect(duplicate.status).to.equal(400);
    expect(duplicate.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['contacts.1.role']);
  });

  it('feeds the escalation: the second contact set here is the one the escalation addresses', async () => {
    await erfurt.agent.post(`/api/v1/organizations/${erfurtId}/assets`).set('x-csrf-token', erfurt.csrfToken).send({ vendor: 'Citrix', product: 'ADC', version: '13.1-48.47' });
    await publishedAdvisory(analyst, advisoryBody());
    const settings = testConfig().settings;
    const later = new Date(Date.now() + (settings.matching.escalateAfterHours + 1) * 3_600_000);
    expect(await runEscalation({ db: server.database.db, settings, now: later })).to.deep.equal({ escalated: 1, reminded: 0 });
    const [event] = await server.database.db.select().from(events).where(eq(events.type, 'advisory.escalated'));
    expect((event!.payload as { contacts: string[] }).contacts).to.deep.equal(['rufbereitschaft@erfurt.lagebild.test']);
  });
});
