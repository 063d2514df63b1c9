/**
 * The publish confirmation's numbers: `GET /:id/audience-check` says how many people and
 * organizations the policy lets receive the advisory and over which channels the planner would
 * reach them (in the app, e-mail, encrypted e-mail, webhooks) — and that no e-mail leaves when the
 * instance has no SMTP configured. A revision needs a change note,
 * which the versions list shows and the recipients' notifications carry.
 */
import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import * as openpgp from 'openpgp';
import { processNotificationBatch } from '../../../server/notifications/consumer.js';
import { createLogger } from '../../../server/platform/logger.js';
import { createMailer } from '../../../server/platform/mail.js';
import { queryRows } from '../../../server/platform/db/client.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { testConfig } from '../../support/config.js';
import { startSmtpReceiver } from '../../support/receivers.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type Reach = { organizations: number; recipients: number; channels: { inApp: number; email: number; encryptedEmail: number; webhooks: number; mailEnabled: boolean } };

describe('publishing: reach, channels and change notes', function () {
  this.timeout(120_000);
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let analyst: Awaited<ReturnType<typeof loginAs>>;
  let orgs: Map<string, string>;
  const settings = testConfig().settings;

  before(async () => {
    smtp = await startSmtpReceiver();
    // With SMTP configured: mail is a channel the preview counts.
    server = await startTestServer({ env: { SERVER_ROLES: 'web', SMTP_URL: smtp.url } });
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    orgs = await organizationIds(analyst.agent);
  });
  after(async () => {
    await server?.close();
    await smtp?.close();
  });

  const draft = async (body: Record<string, unknown>) => {
    const created = await analyst.agent.post('/api/v1/advisories').set('X-CSRF-Token', analyst.csrfToken).send(body);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return created.body.id as string;
  };
  const reachOf = async (id: string) => {
    const check = await analyst.agent.get(`/api/v1/advisories/${id}/audience-check`);
    expect(check.status).to.equal(200);
    return check.body.reach as Reach;
  };

  it('counts the CERT and Jena members of an AMBER advisory for Jena, their channels, encrypted mail and webhooks', async () => {
    const id = await draft(advisoryBody({ tlp: 'AMBER', audience: { organizations: [orgs.get('Stadt Jena')], sharingGroups: [], users: [] } }));
    // CERT (two accounts) and Jena (one); by default in the app and by e-mail, from "hoch" on.
    expect(await reachOf(id)).to.deep.equal({ organizations: 2, recipients: 3, channels: { inApp: 3, email: 3, encryptedEmail: 0, webhooks: 0, mailEnabled: true } });

    const jena = await loginAs(server.url, 'it@jena.lagebild.test');
    const generated = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'IT Jena', email: 'it@jena.lagebild.test' }], format: 'object' });
    const armoredKey = generated.publicKey.armor();
    const inspected = await jena.agent.post('/api/v1/me/openpgp-key/inspect').set('x-csrf-token', jena.csrfToken).send({ armoredKey });
    expect((await jena.agent.put('/api/v1/me/openpgp-key').set('x-csrf-token', jena.csrfToken).send({ armoredKey, fingerprint: inspected.body.fingerprint as string })).status).to.equal(200);
    expect((await reachOf(id)).channels).to.deep.equal({ inApp: 3, email: 3, encryptedEmail: 1, webhooks: 0, mailEnabled: true });

    // Jena switches to its webhook only: one message less in the app and by mail, one webhook.
    const hook = await jena.agent.post(`/api/v1/organizations/${orgs.get('Stadt Jena')}/webhooks`).set('x-csrf-token', jena.csrfToken).send({ url: 'http://127.0.0.1:9/lagebild' });
    expect(hook.status, JSON.stringify(hook.body)).to.equal(201);
    await jena.agent.put('/api/v1/me/notification-preferences').set('x-csrf-token', jena.csrfToken).send({ channels: ['webhook'], minSeverity: 'hoch', onlyAffectsUs: false, digest: 'immediate', language: 'de', quietHours: null });
    expect((await reachOf(id)).channels).to.deep.equal({ inApp: 2, email: 2, encryptedEmail: 0, webhooks: 1, mailEnabled: true });
    // A GREEN advisory reaches every active member of the community, the same number the people directory holds.
    const green = await draft(advisoryBody({ tlp: 'GREEN' }));
    const [{ n }] = await queryRows<{ n: number }>(server.database.db, sql`select count(distinct m.user_id)::int as n from memberships m join users u on u.id = m.user_id where u.active`) as [{ n: number }];
    expect((await reachOf(green)).recipients).to.equal(n);
  });

  it('says e-mail is switched off, and counts no mail, when the instance has no SMTP configured', async () => {
    const mailless = await startTestServer({ env: { SERVER_ROLES: 'web' } });
    try {
      const cert = await loginAs(mailless.url, 'analyst@lagebild.test');
      const ids = await organizationIds(cert.agent);
      const created = await cert.agent.post('/api/v1/advisories').set('X-CSRF-Token', cert.csrfToken).send(advisoryBody({ tlp: 'AMBER', audience: { organizations: [ids.get('Stadt Jena')], sharingGroups: [], users: [] } }));
      expect(created.status).to.equal(201);
      const check = await cert.agent.get(`/api/v1/advisories/${created.body.id as string}/audience-check`);
      // The same people as with SMTP (above), in the app; the mail they chose would never be sent.
      expect((check.body as { reach: Reach }).reach).to.deep.equal({ organizations: 2, recipients: 3, channels: { inApp: 3, email: 0, encryptedEmail: 0, webhooks: 0, mailEnabled: false } });
      const published = await cert.agent.post(`/api/v1/advisories/${created.body.id as string}/publish`).set('X-CSRF-Token', cert.csrfToken).send();
      expect(published.status, JSON.stringify(published.body)).to.equal(200);
      expect((published.body as { audienceCheck: { reach: Reach } }).audienceCheck.reach.channels).to.include({ email: 0, mailEnabled: false });
    } finally {
      await mailless.close();
    }
  });

  it('counts only the named recipient and the author of a RED advisory', async () => {
    const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const id = await draft(advisoryBody({ tlp: 'RED', audience: { organizations: [], sharingGroups: [], users: [erfurt.userId] } }));
    const reach = await reachOf(id);
    expect(reach).to.include({ organizations: 2, recipients: 2 });
  });

  it('requires a change note for a revision, lists it, and carries it in the mail and in-app notification', async () => {
    const jena = await loginAs(server.url, 'it@jena.lagebild.test');
    await jena.agent.put('/api/v1/me/notification-preferences').set('x-csrf-token', jena.csrfToken).send({ channels: ['in_app', 'email'], minSeverity: 'niedrig', onlyAffectsUs: false, digest: 'immediate', language: 'en', quietHours: null });
    const id = await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Änderungshinweis-Probe', en: 'Change note probe' }, products: [] }));
    const send = (path: string, body?: object) => analyst.agent.post(`/api/v1/advisories/${id}${path}`).set('X-CSRF-Token', analyst.csrfToken).send(body);
    expect((await analyst.agent.patch(`/api/v1/advisories/${id}`).set('X-CSRF-Token', analyst.csrfToken).send({ severity: 'hoch' })).status).to.equal(200);
    const refused = await send('/publish');
    expect(refused.status).to.equal(422);
    expect(refused.body).to.include({ code: 'CHANGE_NOTE_REQUIRED' });
    expect((await send('/publish', { changeNote: { de: '' } })).status, 'an empty note is no note').to.equal(422);
    const published = await send('/publish', { changeNote: { de: 'Schweregrad auf hoch gesenkt: Ausnutzung nur im lokalen Netz', en: 'Severity lowered to high: exploitable from the local network only' } });
    expect(published.status, JSON.stringify(published.body)).to.equal(200);
    const versions = await jena.agent.get(`/api/v1/advisories/${id}/versions`);
    expect(versions.body.items[1].changeNote).to.deep.equal({ de: 'Schweregrad auf hoch gesenkt: Ausnutzung nur im lokalen Netz', en: 'Severity lowered to high: exploitable from the local network only' });

    const mailer = createMailer(smtp.url, 'lagebild@test', createLogger('silent', false));
    await processNotificationBatch(server.database.db, { mailer, baseUrl: 'https://lagebild.test', settings, now: () => new Date() });
    const mail = smtp.mails.find((candidate) => candidate.to.includes('it@jena.lagebild.test') && candidate.subject.includes('Updated advisory'));
    expect(mail, 'the revision mail in English').to.not.equal(undefined);
    expect(mail!.text).to.include('What changed: Severity lowered to high: exploitable from the local network only');
    const inApp = await queryRows<{ message: { changeNote?: { de: string } } }>(server.database.db, sql`select message from deliveries where channel = 'in_app' and event_type = 'advisory.revised' and message->>'advisoryId' = ${id}`);
    expect(inApp.length).to.be.greaterThan(0);
    expect(inApp.every((row) => row.message.changeNote?.de === 'Schweregrad auf hoch gesenkt: Ausnutzung nur im lokalen Netz')).to.equal(true);
  });
});
