import { expect } from 'chai';
import request from 'supertest';
import { createLogger } from '../../../server/platform/logger.js';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { startLagebild } from '../../../server/server.js';
import { DEMO_PASSWORD, testConfig } from '../../support/config.js';
import { createTestDatabase } from '../../support/database.js';

const OLD = 'old-session-secret-with-at-least-32-characters';
const NEW = 'new-session-secret-with-at-least-32-characters';

/** docs/operations.md "Key rotation": a new SESSION_SECRET with the old one in SESSION_SECRET_PREVIOUS keeps people logged in. */
describe('operations: session secret rotation', function () {
  this.timeout(120_000);
  let database: DatabaseHandle;

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.close();
  });

  async function withInstance<T>(env: Record<string, string>, run: (url: string) => Promise<T>): Promise<T> {
    const config = testConfig({ LAGEBILD_DEMO_PASSWORD: DEMO_PASSWORD, ...env });
    const running = await startLagebild({ config: { ...config, port: 0 }, logger: createLogger('silent', false), database: { ...database, close: () => Promise.resolve() }, serveClient: false });
    try {
      return await run(running.url);
    } finally {
      await running.close();
    }
  }

  it('accepts sessions signed with a previous secret and rejects them once it is dropped', async () => {
    const cookie = await withInstance({ SESSION_SECRET: OLD }, async (url) => {
      const login = await request(url).post('/api/v1/session').send({ email: 'it@jena.lagebild.test', password: DEMO_PASSWORD });
      expect(login.status).to.equal(200);
      return (login.headers['set-cookie'] as unknown as string[]).find((cookie) => cookie.startsWith('lagebild.sid='))!.split(';')[0]!;
    });
    await withInstance({ SESSION_SECRET: NEW, SESSION_SECRET_PREVIOUS: OLD }, async (url) => {
      const me = await request(url).get('/api/v1/me').set('Cookie', cookie);
      expect(me.status).to.equal(200);
      expect(me.body.user.email).to.equal('it@jena.lagebild.test');
    });
    await withInstance({ SESSION_SECRET: NEW }, async (url) => {
      expect((await request(url).get('/api/v1/me').set('Cookie', cookie)).status).to.equal(401);
    });
  });
});
