import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { processNotificationBatch } from '../../../server/notifications/consumer.js';
import { events } from '../../../server/platform/db/schema.js';
import { createMailer } from '../../../server/platform/mail.js';
import { createLogger } from '../../../server/platform/logger.js';
import { testConfig } from '../../support/config.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { startSmtpReceiver } from '../../support/receivers.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

describe('"affects you": Erfurt affected, Jena not (real SMTP receiver on 127.0.0.1)', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let erfurt: Session;
  let jena: Session;
  let analyst: Session;
  let orgs: Map<string, string>;
  let advisoryId: string;
  const settings = testConfig().settings;
  const process = () => processNotificationBatch(server.database.db, { mailer: createMailer(smtp.url, 'lagebild@test', createLogger('silent', false)), baseUrl: 'https://lagebild.test', settings });

  before(async () => {
    smtp = await startSmtpReceiver();
    // The consumer is driven by the test itself (no scheduler role), so what it sends is deterministic.
    server = await startTestServer({ env: { SMTP_URL: smtp.url, SERVER_ROLES: 'web' } });
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    jena = await loginAs(server.url, 'it@jena.lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    orgs = await organizationIds(analyst.agent);
    const add = (session: Session, org: string, body: Record<string, unknown>) => session.agent.post(`/api/v1/organizations/${orgs.get(org)}/assets`).set('x-csrf-token', session.csrfToken).send(body);
    expect((await add(erfurt, 'Stadt Erfurt', { vendor: 'Citrix', product: 'NetScaler ADC', version: '13.1-48.47', criticality: 'kritisch', whereUsed: 'VPN-Gateway Rathaus' })).status).to.equal(201);
    expect((await add(jena, 'Stadt Jena', { vendor: 'Citrix Systems, Inc.', product: 'Citrix ADC', version: '13.1-49.15' })).status).to.equal(201);
    expect((await add(jena, 'Stadt Erfurt', { vendor: 'Citrix', product: 'ADC', version: '13.0' })).status, 'Jena cannot write Erfurt').to.equal(403);
    advisoryId = await publishedAdvisory(analyst, advisoryBody());
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  it('writes exactly one targeted outbox event, for Erfurt, no wider than Erfurt', async () => {
    const rows = await server.database.db.select().from(events).where(eq(events.type, 'advisory.matched'));
    expect(rows).to.have.length(1);
    expect(rows[0]!.subjectKind).to.equal('advisory');
    expect((rows[0]!.payload as { organizationId: string }).organizationId).to.equal(orgs.get('Stadt Erfurt'));
    expect((rows[0]!.payload as { reasons: { de: string }[] }).reasons[0]!.de).to.equal('betreibt Citrix NetScaler ADC 13.1-48.47, betroffen >= 13.1 und < 13.1-49.15');
  });

  it('mails the "affects you" message only to Erfurt; Jena gets the normal notification', async () => {
    const result = await process();
    expect(result.failed).to.equal(0);
    const to = (address: string) => smtp.mails.filter((mail) => mail.to.includes(address));
    const affectsYou = smtp.mails.filter((mail) => mail.subject.includes('Betrifft Sie'));
    expect(affectsYou.map((mail) => mail.to).flat()).to.deep.equal(['it@erfurt.lagebild.test']);
    expect(affectsYou[0]!.subject).to.equal('[TLP:GREEN] Betrifft Sie: Kritische Schwachstelle in NetScaler ADC');
    expect(affectsYou[0]!.text).to.include('betreibt Citrix NetScaler ADC 13.1-48.47, betroffen >= 13.1 und < 13.1-49.15');
    expect(affectsYou[0]!.raw).to.match(/multipart\/alternative/);
    expect(to('it@erfurt.lagebild.test')).to.have.length(1);
    const jenaMails = to('it@jena.lagebild.test');
    expect(jenaMails).to.have.length(1);
    expect(jenaMails[0]!.subject).to.equal('[TLP:GREEN] Neue Warnmeldung: Kritische Schwachstelle in NetScaler ADC');
    // Idempotent per (event, recipient): another pass sends nothing again.
    const count = smtp.mails.length;
    const again = await process();
    expect(again.sent).to.equal(0);
    expect(smtp.mails.length).to.equal(count);
  });

  it('shows Erfurt why it is affected, lists it first on its dashboard, and shows Jena nothing', async () => {
    const mine = await erfurt.agent.get(`/api/v1/advisories/${advisoryId}/affected`);
    expect(mine.body.organizations[0].reasons[0].de).to.match(/betreibt Citrix NetScaler ADC 13\.1-48\.47/);
    expect((await jena.agent.get(`/api/v1/advisories/${advisoryId}/affected`)).body.organizations).to.deep.equal([]);
    const dashboard = await erfurt.agent.get('/api/v1/dashboard');
    expect(dashboard.body.affectingUs[0].advisory.id).to.equal(advisoryId);
    expect((await jena.agent.get('/api/v1/dashboard')).body.affectingUs).to.deep.equal([]);
    const brief = await erfurt.agent.get(`/api/v1/advisories/${advisoryId}/brief`);
    expect(brief.body).to.include({ youAreAffected: true, tlp: 'GREEN', whatToDo: 'Aktualisieren Sie umgehend auf Version 13.1-49.15.' });
    expect(brief.body.whoIsAffected[0]).to.equal('Citrix NetScaler ADC (betroffen >= 13.1 und < 13.1-49.15)');
  });

  it('Erfurt acknowledges "mitigated": an outbox event for the CERT, and the coverage view shows it', async () => {
    expect((await erfurt.agent.get(`/api/v1/advisories/${advisoryId}`)).status).to.equal(200);
    const ack = await erfurt.agent.put(`/api/v1/advisories/${advisoryId}/acknowledgements`).set('x-csrf-token', erfurt.csrfToken).send({ status: 'mitigated', comment: 'Update auf 13.1-49.15 eingespielt' });
    expect(ack.status, JSON.stringify(ack.body)).to.equal(200);
    expect(ack.body.current.status).to.equal('mitigated');
    const acked = await server.database.db.select().from(events).where(eq(events.type, 'advisory.acknowledged'));
    expect(acked).to.have.length(1);
    expect(acked[0]!.payload).to.include({ advisoryId, status: 'mitigated', organizationName: 'Stadt Erfurt' });

    const coverage = await analyst.agent.get(`/api/v1/advisories/${advisoryId}/coverage`);
    expect(coverage.status).to.equal(200);
    const row = coverage.body.organizations.find((org: { organizationName: string }) => org.organizationName === 'Stadt Erfurt');
    expect(row.acknowledgement).to.include({ status: 'mitigated', comment: 'Update auf 13.1-49.15 eingespielt' });
    expect(row.readers).to.equal(1);
    expect(row.district.name).to.equal('Stadt Erfurt');
    expect(coverage.body.totals).to.include({ affected: 1, acknowledged: 1, mitigated: 1, open: 0 });
    expect(coverage.body.progress.at(-1).acknowledged).to.equal(1);
    const csv = await analyst.agent.get(`/api/v1/advisories/${advisoryId}/coverage.csv`);
    expect(csv.headers['content-type']).to.match(/text\/csv/);
    expect(csv.text).to.match(/Stadt Erfurt,Stadt Erfurt,ja,.*mitigated/);
    expect((await jena.agent.get(`/api/v1/advisories/${advisoryId}/coverage`)).status).to.equal(403);
    const overview = await analyst.agent.get('/api/v1/coverage');
    expect(overview.body.items[0].totals.mitigated).to.equal(1);
    // Done: no longer "open" on Erfurt's dashboard.
    expect((await erfurt.agent.get('/api/v1/dashboard')).body.affectingUs).to.deep.equal([]);
  });

  it('re-matches on inventory change: Jena becomes affected when it downgrades', async () => {
    const list = await jena.agent.get(`/api/v1/organizations/${orgs.get('Stadt Jena')}/assets`);
    const id = list.body.items[0].id as string;
    const patch = await jena.agent.patch(`/api/v1/organizations/${orgs.get('Stadt Jena')}/assets/${id}`).set('x-csrf-token', jena.csrfToken).send({ version: '13.1-37.38' });
    expect(patch.status).to.equal(200);
    expect((await jena.agent.get(`/api/v1/advisories/${advisoryId}/affected`)).body.organizations[0].reasons[0].de).to.match(/13\.1-37\.38/);
    const rows = await server.database.db.select().from(events).where(eq(events.type, 'advisory.matched'));
    expect(rows.map((row) => (row.payload as { organizationId: string }).organizationId)).to.include(orgs.get('Stadt Jena'));
  });
});
