import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import request from 'supertest';
import { auditLog } from '../../../server/audit/audit.table.js';
import { requestPasswordReset } from '../../../server/auth/account.service.js';
import { createLogger } from '../../../server/platform/logger.js';
import { startLagebild, type RunningLagebild } from '../../../server/server.js';
import { DEMO_PASSWORD, testConfig } from '../../support/config.js';
import { createTestDatabase, TEST_DATABASE_URL } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/server.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** Settings for these suites: holds long enough that none expires while a test runs. */
function settingsFile(login: Record<string, number>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'throttle-settings-')), 'settings.json');
  writeFileSync(file, JSON.stringify({ notifications: { webhookAllowList: ['127.0.0.1', '::1'] }, login }));
  return file;
}

type Answer = { status: number; body: string; headers: Record<string, string> };

/**
 * One login attempt from a given client address, with a fixed request id (echoed in the body) so
 * two answers can be compared byte for byte.
 */
async function attempt(url: string, email: string, password: string, ip: string, cookie?: string): Promise<Answer> {
  let call = request(url).post('/api/v1/session').set('x-forwarded-for', ip).set('x-request-id', 'throttle-compare-0001').send({ email, password });
  if (cookie) call = call.set('cookie', cookie);
  const response = await call;
  // The rate-limit headers belong to the client address (their partition key is derived from it), the
  // date to the clock: everything else is compared.
  const headers = Object.fromEntries(Object.entries(response.headers as Record<string, string>).filter(([name]) => !['date', 'ratelimit', 'ratelimit-policy'].includes(name)));
  return { status: response.status, body: response.text, headers };
}

function deviceCookie(response: request.Response): string {
  return (response.headers['set-cookie'] as unknown as string[]).find((cookie) => cookie.startsWith('lagebild.device='))!.split(';')[0]!;
}

describe('login throttling (issue 14): no enumeration, no lockout of the real user', function () {
  this.timeout(120_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { TRUST_PROXY: '1', LAGEBILD_SETTINGS: settingsFile({ freeFailuresPerAccount: 5, freeFailuresPerAddress: 30, baseDelaySeconds: 120, maxDelaySeconds: 900 }) } });
  });
  after(async () => server.close());

  it('after 21 failures an existing and an unknown address get byte-identical answers, also with the right password', async () => {
    const existing = 'it@jena.lagebild.test';
    const unknown = 'it@jena-gibt-es-nicht.lagebild.test';
    const answers: Record<string, Answer[]> = { existing: [], unknown: [] };
    for (let index = 0; index < 21; index += 1) {
      answers.existing!.push(await attempt(server.url, existing, `falsch-${index}-Passwort`, '198.51.100.1'));
      answers.unknown!.push(await attempt(server.url, unknown, `falsch-${index}-Passwort`, '198.51.100.2'));
    }
    // Status, body and headers are the same byte for byte, attempt by attempt.
    for (let index = 0; index < 21; index += 1) expect(answers.existing![index], `attempt ${index + 1}`).to.deep.equal(answers.unknown![index]);
    expect(answers.existing!.map((answer) => answer.status)).to.deep.equal([...Array<number>(5).fill(401), ...Array<number>(16).fill(429)]);
    const after21Existing = await attempt(server.url, existing, DEMO_PASSWORD, '198.51.100.1');
    const after21Unknown = await attempt(server.url, unknown, DEMO_PASSWORD, '198.51.100.2');
    expect(after21Existing).to.deep.equal(after21Unknown);
    expect(after21Existing.status).to.equal(429);
    expect(after21Existing.headers['retry-after']).to.equal('120');
    expect(JSON.parse(after21Existing.body)).to.include({ code: 'LOGIN_THROTTLED', status: 429 });
    expect(after21Existing.headers).to.not.have.property('set-cookie');

    const audited = await server.database.db.select().from(auditLog).where(and(eq(auditLog.actor, unknown), eq(auditLog.action, 'session.login.throttled')));
    expect(audited).to.have.length(17);
  });

  it('lets the real user in from her trusted device while strangers are held, and after a password reset', async () => {
    const victim = 'isb@lk-gotha.lagebild.test';
    const own = await request(server.url).post('/api/v1/session').set('x-forwarded-for', '198.51.100.10').send({ email: victim, password: DEMO_PASSWORD });
    expect(own.status).to.equal(200);
    const device = deviceCookie(own);
    for (let index = 0; index < 6; index += 1) await attempt(server.url, victim, `geraten-${index}-Passwort`, '203.0.113.66');
    // The stranger is held, and so is every browser without the device cookie, even from her office…
    expect((await attempt(server.url, victim, DEMO_PASSWORD, '198.51.100.10')).status).to.equal(429);
    // …but her own browser gets in.
    expect((await attempt(server.url, victim, DEMO_PASSWORD, '198.51.100.10', device)).status).to.equal(200);
    // A device cookie of another address does not help the stranger.
    expect((await attempt(server.url, victim, 'noch-ein-Versuch', '203.0.113.66', device.replace(/.$/, 'x'))).status).to.equal(429);

    // A password reset (mailbox control) ends the hold.
    let token = '';
    await requestPasswordReset(server.database.db, { send: (mail) => Promise.resolve(void (token = /Token: (\S+)/.exec(mail.text)![1]!)) }, server.url, victim, null);
    const reset = await request(server.url).post('/api/v1/password-reset/confirm').send({ token, newPassword: 'Ein-ganz-neues-Passwort-2026' });
    expect(reset.status).to.equal(204);
    expect((await attempt(server.url, victim, 'Ein-ganz-neues-Passwort-2026', '198.51.100.11')).status).to.equal(200);
  });
});

describe('login throttling counts across instances (shared store)', function () {
  this.timeout(120_000);

  async function twoInstances(env: Record<string, string>): Promise<{ urls: string[]; close(): Promise<void> }> {
    const database = await createTestDatabase();
    const config = testConfig({ SERVER_ROLES: 'web', TRUST_PROXY: '1', LAGEBILD_SETTINGS: settingsFile({ freeFailuresPerAccount: 5, baseDelaySeconds: 120 }), ...env });
    const instances: RunningLagebild[] = [];
    for (let index = 0; index < 2; index += 1) {
      instances.push(await startLagebild({ config: { ...config, port: 0 }, logger: createLogger('silent', false), database, serveClient: false }));
    }
    return {
      urls: instances.map((instance) => instance.url),
      async close() {
        for (const instance of instances) await instance.close();
        await database.close();
      },
    };
  }

  async function expectHeldAcrossInstances(urls: string[]): Promise<void> {
    const email = `niemand-${randomBytes(6).toString('hex')}@lagebild.test`;
    // A client address of its own (benchmarking range 198.18.0.0/15): Redis outlives the test run, and
    // the per-address count of 127.0.0.1 would carry the failures of earlier runs and suites.
    const [a, b] = randomBytes(2);
    const ip = `198.18.${a}.${b}`;
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) statuses.push((await request(urls[index % 2]!).post('/api/v1/session').set('x-forwarded-for', ip).send({ email, password: `falsch-${index}-Passwort` })).status);
    // Five failures spread over two instances hold the address on both.
    expect(statuses).to.deep.equal([401, 401, 401, 401, 401, 429]);
    expect((await request(urls[0]!).post('/api/v1/session').set('x-forwarded-for', ip).send({ email, password: 'x-beliebig-123' })).status).to.equal(429);
  }

  it('in Redis when REDIS_URL is set', async function () {
    const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    const reachable = await probe.connect().then(
      () => true,
      () => false,
    );
    probe.disconnect();
    if (!reachable) this.skip();
    const pair = await twoInstances({ REDIS_URL });
    try {
      await expectHeldAcrossInstances(pair.urls);
    } finally {
      await pair.close();
    }
  });

  it('in the PostgreSQL server without Redis (test:pg)', async function () {
    if (!TEST_DATABASE_URL) this.skip();
    const pair = await twoInstances({});
    try {
      await expectHeldAcrossInstances(pair.urls);
    } finally {
      await pair.close();
    }
  });
});

