import { expect } from 'chai';
import { processNotificationBatch } from '../../../server/notifications/consumer.js';
import { verifyWebhookSignature } from '../../../server/notifications/webhook-signature.js';
import { createLogger } from '../../../server/platform/logger.js';
import { createMailer } from '../../../server/platform/mail.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { testConfig } from '../../support/config.js';
import { startSmtpReceiver, startWebhookReceiver } from '../../support/receivers.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

describe('webhooks: HMAC signature with timestamp, retries with backoff, disabling with a notice', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const settings = testConfig().settings;
  const t0 = new Date('2026-03-02T10:00:00Z');
  const pass = (at: Date) => processNotificationBatch(server.database.db, { mailer: createMailer(smtp.url, 'lagebild@test', createLogger('silent', false)), baseUrl: 'https://lagebild.test', settings, now: () => at });
  let secrets: { flaky: string; dead: string };
  let erfurt: Awaited<ReturnType<typeof loginAs>>;
  let base: string;

  before(async () => {
    smtp = await startSmtpReceiver();
    // The flaky receiver fails twice, then accepts; the dead one always fails.
    receiver = await startWebhookReceiver({ '/flaky': [500, 503], '/dead': Array(20).fill(500) });
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    base = `/api/v1/organizations/${(await organizationIds(erfurt.agent)).get('Stadt Erfurt')}`;
    const create = async (path: string) => (await erfurt.agent.post(`${base}/webhooks`).set('x-csrf-token', erfurt.csrfToken).send({ url: `${receiver.url}${path}` })).body as { id: string; secret: string };
    secrets = { flaky: (await create('/flaky')).secret, dead: (await create('/dead')).secret };
    await erfurt.agent.post(`${base}/assets`).set('x-csrf-token', erfurt.csrfToken).send({ vendor: 'Citrix', product: 'ADC', version: '13.1-48.47' });
    await publishedAdvisory(await loginAs(server.url, 'analyst@lagebild.test'), advisoryBody());
  });
  after(async () => {
    await server.close();
    await smtp.close();
    await receiver.close();
  });

  it('signs every request so the receiver can verify it, and retries with doubling delays until accepted', async () => {
    await pass(t0);
    const flaky = () => receiver.requests.filter((request) => request.path === '/flaky');
    expect(flaky()).to.have.length(1);
    await pass(new Date(t0.getTime() + 10_000));
    expect(flaky(), 'not yet due (backoff 30 s)').to.have.length(1);
    await pass(new Date(t0.getTime() + 31_000));
    expect(flaky()).to.have.length(2);
    await pass(new Date(t0.getTime() + 31_000 + 61_000));
    expect(flaky().map((request) => request.status)).to.deep.equal([500, 503, 200]);
    const last = flaky()[2]!;
    expect(verifyWebhookSignature(secrets.flaky, last.body, last.headers['x-lagebild-signature'] as string, new Date(t0.getTime() + 92_000))).to.equal(true);
    expect(verifyWebhookSignature(secrets.dead, last.body, last.headers['x-lagebild-signature'] as string, new Date(t0.getTime() + 92_000)), 'wrong secret').to.equal(false);
    expect(verifyWebhookSignature(secrets.flaky, `${last.body} `, last.headers['x-lagebild-signature'] as string, new Date(t0.getTime() + 92_000)), 'tampered body').to.equal(false);
    expect(verifyWebhookSignature(secrets.flaky, last.body, last.headers['x-lagebild-signature'] as string, new Date(t0.getTime() + 3_600_000)), 'replayed later').to.equal(false);
    const body = JSON.parse(last.body) as { event: string; reasons: { de: string }[] };
    expect(body.event).to.equal('advisory.matched');
    expect(body.reasons[0]!.de).to.match(/betreibt Citrix ADC 13\.1-48\.47/);
    const hooks = (await erfurt.agent.get(`${base}/webhooks`)).body.items as { id: string; url: string }[];
    const flakyHook = hooks.find((hook) => hook.url.endsWith('/flaky'))!;
    const log = await erfurt.agent.get(`${base}/webhooks/${flakyHook.id}/deliveries`);
    expect(log.body.items[0]).to.include({ status: 'sent', attempts: 3 });
  });

  it('disables a webhook after repeated failures and tells the org admin', async () => {
    for (let minutes = 10; minutes <= 120; minutes += 10) await pass(new Date(t0.getTime() + minutes * 60_000));
    const hooks = (await erfurt.agent.get(`${base}/webhooks`)).body.items as { url: string; enabled: boolean; consecutiveFailures: number }[];
    const dead = hooks.find((hook) => hook.url.endsWith('/dead'))!;
    expect(dead.enabled).to.equal(false);
    expect(dead.consecutiveFailures).to.equal(settings.notifications.webhookDisableAfterFailures);
    expect(receiver.requests.filter((request) => request.path === '/dead')).to.have.length(settings.notifications.webhookDisableAfterFailures);
    const notice = smtp.mails.filter((mail) => mail.subject.includes('Webhook deaktiviert'));
    expect(notice.map((mail) => mail.to).flat()).to.deep.equal(['it@erfurt.lagebild.test']);
  });
});
