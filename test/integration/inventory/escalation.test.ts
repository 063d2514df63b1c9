import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { run as runEscalation } from '../../../server/matching/escalation.job.js';
import { processNotificationBatch } from '../../../server/notifications/consumer.js';
import { sendDigests } from '../../../server/notifications/digest.js';
import { afterQuietHours } from '../../../server/notifications/preferences.js';
import { createLogger } from '../../../server/platform/logger.js';
import { createMailer } from '../../../server/platform/mail.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { testConfig } from '../../support/config.js';
import { startSmtpReceiver } from '../../support/receivers.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

describe('escalation, reminders, quiet hours and digests', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  const settings = testConfig().settings;
  const mailer = () => createMailer(smtp.url, 'lagebild@test', createLogger('silent', false));
  const pass = (at: Date) => processNotificationBatch(server.database.db, { mailer: mailer(), baseUrl: 'https://lagebild.test', settings, now: () => at });

  before(async () => {
    smtp = await startSmtpReceiver();
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  it('computes the end of quiet hours across midnight in Europe/Berlin', () => {
    const quiet = { start: '22:00', end: '07:00' };
    expect(afterQuietHours(new Date('2026-01-15T23:30:00Z'), quiet, 'Europe/Berlin').toISOString()).to.equal('2026-01-16T06:00:00.000Z');
    expect(afterQuietHours(new Date('2026-01-15T12:00:00Z'), quiet, 'Europe/Berlin').toISOString()).to.equal('2026-01-15T12:00:00.000Z');
  });

  it('escalates an unanswered critical advisory to the second contact (link only) and the CERT, then reminds', async () => {
    const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const jena = await loginAs(server.url, 'it@jena.lagebild.test');
    const orgs = await organizationIds(erfurt.agent);
    await erfurt.agent.post(`/api/v1/organizations/${orgs.get('Stadt Erfurt')}/assets`).set('x-csrf-token', erfurt.csrfToken).send({ vendor: 'Citrix', product: 'ADC', version: '13.1-48.47' });
    // Jena wants a daily digest and quiet hours; a normal advisory waits for the digest.
    await jena.agent.put('/api/v1/me/notification-preferences').set('x-csrf-token', jena.csrfToken).send({ channels: ['email'], minSeverity: 'mittel', onlyAffectsUs: false, digest: 'daily', language: 'de', quietHours: { start: '00:00', end: '23:59' } });
    await publishedAdvisory(await loginAs(server.url, 'analyst@lagebild.test'), advisoryBody({ title: { de: 'Eskalationsprüfung NetScaler' } }));
    const published = new Date();
    await pass(published);
    expect(smtp.mails.filter((mail) => mail.to.includes('it@jena.lagebild.test')), 'held for the digest').to.have.length(0);

    expect(await runEscalation({ db: server.database.db, settings, now: new Date(published.getTime() + 60_000) })).to.deep.equal({ escalated: 0, reminded: 0 });
    const later = new Date(published.getTime() + (settings.matching.escalateAfterHours + 1) * 3_600_000);
    expect(await runEscalation({ db: server.database.db, settings, now: later })).to.deep.equal({ escalated: 1, reminded: 0 });
    expect(await runEscalation({ db: server.database.db, settings, now: later })).to.deep.equal({ escalated: 0, reminded: 0 });
    await pass(later);
    const escalations = smtp.mails.filter((mail) => mail.subject.includes('Eskalation'));
    const recipients = escalations.flatMap((mail) => mail.to);
    expect(recipients).to.include('bereitschaft@erfurt.lagebild.test');
    expect(recipients).to.include('analyst@lagebild.test');
    const contactMail = escalations.find((mail) => mail.to.includes('bereitschaft@erfurt.lagebild.test'))!;
    expect(contactMail.text).not.to.include('Eskalationsprüfung');
    expect(contactMail.subject).to.match(/^\[TLP:GREEN\] /);

    const reminderAt = new Date(later.getTime() + (settings.matching.remindEveryHours + 1) * 3_600_000);
    expect(await runEscalation({ db: server.database.db, settings, now: reminderAt })).to.deep.equal({ escalated: 0, reminded: 1 });
    await pass(reminderAt);
    expect(smtp.mails.filter((mail) => mail.subject.includes('Erinnerung')).flatMap((mail) => mail.to)).to.include('it@erfurt.lagebild.test');

    expect(await sendDigests(server.database.db, mailer(), 'daily')).to.equal(1);
    const digest = smtp.mails.find((mail) => mail.to.includes('it@jena.lagebild.test'))!;
    expect(digest.subject).to.match(/^\[TLP:GREEN\] Lagebild: Tägliche Zusammenfassung \(1\)$/);
    const held = await server.database.db.execute(sql`select count(*)::int as n from deliveries where status = 'digest'`);
    expect((held as { rows: { n: number }[] }).rows[0]!.n).to.equal(0);
  });
});
