import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { processNotificationBatch } from '../../../server/notifications/consumer.js';
import { deliveries, webhooks } from '../../../server/notifications/notifications.table.js';
import { verifyWebhookSignature } from '../../../server/notifications/webhook-signature.js';
import { NOT_REACHABLE, postWebhook } from '../../../server/notifications/webhook-delivery.js';
import { createLogger } from '../../../server/platform/logger.js';
import { createMailer } from '../../../server/platform/mail.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { testConfig } from '../../support/config.js';
import { startSmtpReceiver, startWebhookReceiver } from '../../support/receivers.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

describe('webhook SSRF guard: save-time and delivery-time checks, allow-list, no redirects', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let erfurt: Awaited<ReturnType<typeof loginAs>>;
  let analyst: Awaited<ReturnType<typeof loginAs>>;
  let base: string;
  let erfurtId: string;
  let okHook: { id: string; secret: string };
  // The server runs with the test allow-list (127.0.0.1, ::1); the consumer passes decide per run.
  const allowLoopback = testConfig().settings;
  const publicOnly = testConfig({ LAGEBILD_SETTINGS: '' }).settings;
  const t0 = new Date('2026-03-02T10:00:00Z');
  const pass = (settings: typeof publicOnly, at: Date) =>
    processNotificationBatch(server.database.db, { mailer: createMailer(smtp.url, 'lagebild@test', createLogger('silent', false)), baseUrl: 'https://lagebild.test', settings, now: () => at });
  const post = (url: string) => erfurt.agent.post(`${base}/webhooks`).set('x-csrf-token', erfurt.csrfToken).send({ url });

  before(async () => {
    smtp = await startSmtpReceiver();
    receiver = await startWebhookReceiver({ '/redirect': Array(10).fill(302) });
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    erfurtId = (await organizationIds(erfurt.agent)).get('Stadt Erfurt')!;
    base = `/api/v1/organizations/${erfurtId}`;
    await erfurt.agent.post(`${base}/assets`).set('x-csrf-token', erfurt.csrfToken).send({ vendor: 'Citrix', product: 'ADC', version: '13.1-48.47' });
  });
  after(async () => {
    await server.close();
    await smtp.close();
    await receiver.close();
  });

  it('refuses private, link-local and metadata addresses and local names at save time with 422 ADDRESS_NOT_ALLOWED', async () => {
    for (const [url, reason] of [
      ['http://10.0.0.7/hook', 'private_address'],
      ['http://169.254.169.254/latest/meta-data/', 'private_address'],
      ['http://[fe80::1]:8080/hook', 'private_address'],
      ['http://192.168.178.1/', 'private_address'],
      [`http://localhost:${new URL(receiver.url).port}/hook`, 'local_name'],
    ] as const) {
      const response = await post(url);
      expect(response.status, url).to.equal(422);
      expect(response.headers['content-type']).to.match(/application\/problem\+json/);
      expect(response.body).to.include({ code: 'ADDRESS_NOT_ALLOWED' });
      expect(response.body.errors).to.deep.equal([{ path: 'url', message: reason }]);
    }
    const list = await erfurt.agent.get(`${base}/webhooks`);
    expect(list.body.items, 'nothing stored').to.have.length(0);
  });

  it('accepts the allow-listed 127.0.0.1 and changes URL and event types only through the same check', async () => {
    const created = await post(`${receiver.url}/ok`);
    expect(created.status).to.equal(201);
    okHook = created.body as { id: string; secret: string };
    expect(created.body.eventTypes).to.deep.equal(['advisory.published', 'advisory.revised', 'advisory.matched']);
    const bad = await erfurt.agent.patch(`${base}/webhooks/${okHook.id}`).set('x-csrf-token', erfurt.csrfToken).send({ url: 'http://169.254.169.254/' });
    expect(bad.status).to.equal(422);
    expect((await erfurt.agent.get(`${base}/webhooks`)).body.items[0].url).to.equal(`${receiver.url}/ok`);
    expect((await post(`${receiver.url}/redirect`)).status).to.equal(201);
  });

  it('refuses at delivery time after DNS resolution, without an allow-list; nothing reaches the receiver', async () => {
    // A name that resolves to loopback (as a rebinding attacker's would), stored past the save-time check.
    await server.database.db.insert(webhooks).values({ organizationId: erfurtId, url: `http://localhost:${new URL(receiver.url).port}/byname`, secret: 'x'.repeat(43) });
    await publishedAdvisory(analyst, advisoryBody());
    const result = await pass(publicOnly, t0);
    expect(result.failed).to.equal(3);
    expect(receiver.requests, 'no request left the guard').to.have.length(0);
    const failed = await server.database.db.select().from(deliveries).where(eq(deliveries.channel, 'webhook'));
    expect(failed).to.have.length(3);
    for (const delivery of failed) {
      expect(delivery.status).to.equal('failed');
      // The organization's delivery log says "not reachable", never what the name resolved to.
      expect(delivery.lastError).to.equal(NOT_REACHABLE);
    }
    const hooks = (await erfurt.agent.get(`${base}/webhooks`)).body.items as { url: string; lastDelivery: { status: number | null; error: string } | null; consecutiveFailures: number }[];
    const byName = hooks.find((hook) => hook.url.endsWith('/byname'))!;
    expect(byName.lastDelivery!.status).to.equal(null);
    expect(byName.lastDelivery!.error).to.equal(NOT_REACHABLE);
    expect(JSON.stringify(hooks)).not.to.match(/127\.0\.0\.1\)|::1\)|not a public address/);
    expect(byName.consecutiveFailures, 'a refusal counts towards disabling').to.equal(1);
  });

  it('delivers to 127.0.0.1 (by address and by name) when the allow-list permits it, and never follows a redirect', async () => {
    await publishedAdvisory(analyst, advisoryBody());
    await pass(allowLoopback, new Date(t0.getTime() + 60_000));
    const paths = receiver.requests.map((request) => request.path).sort();
    expect(paths).to.deep.equal(['/byname', '/ok', '/redirect']);
    const ok = receiver.requests.find((request) => request.path === '/ok')!;
    expect(verifyWebhookSignature(okHook.secret, ok.body, ok.headers['x-lagebild-signature'] as string, new Date(t0.getTime() + 60_000))).to.equal(true);
    const hooks = (await erfurt.agent.get(`${base}/webhooks`)).body.items as { url: string; lastDelivery: { status: number | null; error: string | null } }[];
    expect(hooks.find((hook) => hook.url.endsWith('/ok'))!.lastDelivery).to.include({ status: 200, error: null });
    const redirect = hooks.find((hook) => hook.url.endsWith('/redirect'))!;
    expect(redirect.lastDelivery.status).to.equal(302);
    expect(redirect.lastDelivery.error).to.match(/redirects are not followed/);
  });

  it('sends a signed, content-free test event on request and reports the outcome', async () => {
    const before = receiver.requests.length;
    const response = await erfurt.agent.post(`${base}/webhooks/${okHook.id}/test`).set('x-csrf-token', erfurt.csrfToken);
    expect(response.status).to.equal(200);
    expect(response.body).to.include({ ok: true, status: 200, error: null });
    const request = receiver.requests.slice(before).find((entry) => entry.path === '/ok')!;
    expect(JSON.parse(request.body)).to.include({ event: 'webhook.test', webhookId: okHook.id });
    expect(request.headers['x-lagebild-event']).to.equal('webhook.test');
    expect(verifyWebhookSignature(okHook.secret, request.body, request.headers['x-lagebild-signature'] as string, new Date())).to.equal(true);
    const jena = await loginAs(server.url, 'it@jena.lagebild.test');
    const foreign = await jena.agent.post(`${base}/webhooks/${okHook.id}/test`).set('x-csrf-token', jena.csrfToken);
    expect(foreign.status, 'another organization may not trigger it').to.equal(403);
  });

  it('reports a failed test delivery as "not reachable" without addresses; the cause is kept for the server log', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const created = await post(`http://127.0.0.1:${port}/gone`);
    expect(created.status).to.equal(201);
    const response = await erfurt.agent.post(`${base}/webhooks/${created.body.id as string}/test`).set('x-csrf-token', erfurt.csrfToken);
    expect(response.status).to.equal(200);
    expect(response.body).to.include({ ok: false, status: null, error: 'Nicht erreichbar / not reachable' });
    expect(response.text).not.to.match(/ECONNREFUSED|fetch failed|127\.0\.0\.1/);
    const listed = (await erfurt.agent.get(`${base}/webhooks`)).body.items as { id: string; lastDelivery: { error: string | null } | null }[];
    expect(listed.find((hook) => hook.id === created.body.id)!.lastDelivery!.error).to.equal(NOT_REACHABLE);
    // What the route logs: the real cause, from the same attempt result.
    const attempt = await postWebhook({ url: `http://127.0.0.1:${port}/gone`, secret: 'x'.repeat(43) }, '{}', { eventType: 'webhook.test', deliveryId: 'd', at: new Date(), settings: allowLoopback });
    expect(attempt.ok).to.equal(false);
    if (!attempt.ok) {
      expect(attempt.error).to.equal(NOT_REACHABLE);
      expect(attempt.detail).to.match(/ECONNREFUSED/);
    }
    await erfurt.agent.delete(`${base}/webhooks/${created.body.id as string}`).set('x-csrf-token', erfurt.csrfToken);
  });

  it('subscribes a webhook to chosen event types only', async () => {
    const changed = await erfurt.agent.patch(`${base}/webhooks/${okHook.id}`).set('x-csrf-token', erfurt.csrfToken).send({ eventTypes: ['advisory.revised'] });
    expect(changed.status).to.equal(200);
    expect(changed.body.eventTypes).to.deep.equal(['advisory.revised']);
    const before = receiver.requests.filter((request) => request.path === '/ok').length;
    await publishedAdvisory(analyst, advisoryBody());
    await pass(allowLoopback, new Date(t0.getTime() + 10 * 60_000));
    expect(receiver.requests.filter((request) => request.path === '/ok'), 'affects_you is no longer subscribed').to.have.length(before);
    expect(receiver.requests.filter((request) => request.path === '/byname').length).to.be.greaterThan(1);
  });
});
