/**
 * Must show (issue 14): a user with a daily digest; an AMBER advisory to Landkreis Gotha is planned
 * for her, then revised to exclude Gotha before the digest runs; the digest captured by the SMTP
 * receiver contains nothing of it. The digest decides and renders at send time (server/notifications/send.ts).
 */
import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { processNotificationBatch } from '../../../server/notifications/consumer.js';
import { sendDigests } from '../../../server/notifications/digest.js';
import { deliveries } from '../../../server/notifications/notifications.table.js';
import { createLogger } from '../../../server/platform/logger.js';
import { createMailer } from '../../../server/platform/mail.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { testConfig } from '../../support/config.js';
import { startSmtpReceiver } from '../../support/receivers.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

describe('digest at send time: an advisory narrowed between planning and the digest', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  const settings = testConfig().settings;
  const baseUrl = 'https://lagebild.test';
  const mailer = () => createMailer(smtp.url, 'lagebild@test', createLogger('silent', false));

  before(async () => {
    smtp = await startSmtpReceiver();
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  it('sends Gotha’s ISB a digest without the advisory that no longer addresses Gotha', async () => {
    const isb = await loginAs(server.url, 'isb@lk-gotha.lagebild.test');
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const orgs = await organizationIds(analyst.agent);
    const prefs = await isb.agent.put('/api/v1/me/notification-preferences').set('x-csrf-token', isb.csrfToken).send({ channels: ['email'], minSeverity: 'niedrig', onlyAffectsUs: false, digest: 'daily', language: 'de', quietHours: null });
    expect(prefs.status, JSON.stringify(prefs.body)).to.equal(200);

    const secret = 'Gothaer Geheimwort Zugangsportal';
    const amberId = await publishedAdvisory(
      analyst,
      advisoryBody({ title: { de: `${secret} Titel` }, summary: { de: `${secret} Zusammenfassung` }, body: { de: secret }, tlp: 'AMBER', products: [], audience: { organizations: [orgs.get('Landkreis Gotha')], sharingGroups: [], users: [] } }),
    );
    const greenId = await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Grüne Hinweismeldung für alle' }, products: [] }));
    const planned = new Date();
    await processNotificationBatch(server.database.db, { mailer: mailer(), baseUrl, settings, now: () => planned });
    const held = await server.database.db.select().from(deliveries).where(and(eq(deliveries.status, 'digest'), eq(deliveries.channel, 'email')));
    const heldForIsb = held.filter((delivery) => delivery.recipient === `user:${isb.userId}`);
    expect(heldForIsb, 'both advisories are planned for her digest').to.have.length(2);
    expect(JSON.stringify(heldForIsb), 'planning renders nothing').not.to.contain(secret);

    // Revised to exclude Gotha before the digest runs.
    const patched = await analyst.agent.patch(`/api/v1/advisories/${amberId}`).set('x-csrf-token', analyst.csrfToken).send({ audience: { organizations: [orgs.get('Stadt Jena')], sharingGroups: [], users: [] } });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    const revised = await analyst.agent.post(`/api/v1/advisories/${amberId}/publish`).set('x-csrf-token', analyst.csrfToken).send({ changeNote: { de: 'Gotha ist nicht betroffen; Empfänger auf Jena beschränkt.' } });
    expect(revised.status, JSON.stringify(revised.body)).to.equal(200);

    const before = smtp.mails.length;
    expect(await sendDigests(server.database.db, mailer(), 'daily', new Date(planned.getTime() + 3_600_000), baseUrl)).to.be.at.least(1);
    const digests = smtp.mails.slice(before).filter((mail) => mail.to.includes('isb@lk-gotha.lagebild.test'));
    expect(digests).to.have.length(1);
    const digest = digests[0]!;
    expect(digest.subject).to.match(/^\[TLP:GREEN\] Lagebild: Tägliche Zusammenfassung \(1\)/);
    expect(digest.text).to.contain('Grüne Hinweismeldung für alle');
    expect(digest.text).to.contain(greenId);
    for (const trace of [secret, amberId, 'AMBER']) expect(digest.raw + digest.text, trace).not.to.contain(trace);
    const [entry] = await server.database.db.select().from(deliveries).where(and(eq(deliveries.recipient, `user:${isb.userId}`), eq(deliveries.status, 'suppressed')));
    expect(entry, 'the narrowed entry is kept as suppressed').to.not.equal(undefined);
  });
});
