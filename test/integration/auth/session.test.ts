import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { auditLog } from '../../../server/audit/audit.table.js';
import { users } from '../../../server/users/users.table.js';
import { DEMO_USERS } from '../../../server/seed/demo-community.js';
import { DEMO_PASSWORD } from '../../support/config.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

function sessionCookie(response: request.Response): string | undefined {
  const cookies = response.headers['set-cookie'] as unknown as string[] | undefined;
  return cookies?.find((cookie) => cookie.startsWith('lagebild.sid='))?.split(';')[0];
}

describe('GET/POST /api/v1/session and GET /api/v1/me', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('logs in every demo account and reports its organization and role', async () => {
    for (const account of DEMO_USERS) {
      const { agent } = await loginAs(server.url, account.email);
      const me = await agent.get('/api/v1/me');
      expect(me.status, account.email).to.equal(200);
      expect(me.body.user.email).to.equal(account.email);
      expect(me.body.memberships).to.have.length(1);
      expect(me.body.memberships[0].role).to.equal(account.role);
    }
  });

  it('sets an httpOnly SameSite cookie and no Secure flag on plain http', async () => {
    const response = await request(server.url).post('/api/v1/session').send({ email: 'analyst@lagebild.test', password: DEMO_PASSWORD });
    const raw = (response.headers['set-cookie'] as unknown as string[]).find((cookie) => cookie.startsWith('lagebild.sid=')) ?? '';
    expect(raw).to.match(/HttpOnly/i);
    expect(raw).to.match(/SameSite=Lax/i);
  });

  it('answers a wrong password and an unknown account alike with 401 INVALID_CREDENTIALS', async () => {
    const wrong = await request(server.url).post('/api/v1/session').send({ email: 'it@jena.lagebild.test', password: 'falsch-falsch-falsch' });
    const unknown = await request(server.url).post('/api/v1/session').send({ email: 'nobody@lagebild.test', password: 'falsch-falsch-falsch' });
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    expect(wrong.body.code).to.equal('INVALID_CREDENTIALS');
    expect(unknown.body.detail).to.equal(wrong.body.detail);
  });

  it('treats the e-mail case-insensitively', async () => {
    const response = await request(server.url).post('/api/v1/session').send({ email: 'IT@Erfurt.Lagebild.Test', password: DEMO_PASSWORD });
    expect(response.status).to.equal(200);
  });

  it('refuses /me without a session with 401 problem+json', async () => {
    const response = await request(server.url).get('/api/v1/me');
    expect(response.status).to.equal(401);
    expect(response.body.code).to.equal('UNAUTHENTICATED');
  });

  it('answers the session probe with 200 "not signed in" without a session, and with the /me body once signed in', async () => {
    const anonymous = await request(server.url).get('/api/v1/session');
    expect(anonymous.status).to.equal(200);
    expect(anonymous.body).to.deep.equal({ signedIn: false });
    expect(anonymous.headers['set-cookie'], 'the probe starts no session').to.equal(undefined);
    const { agent, csrfToken } = await loginAs(server.url, 'it@jena.lagebild.test');
    const signedIn = await agent.get('/api/v1/session');
    const me = await agent.get('/api/v1/me');
    expect(signedIn.status).to.equal(200);
    expect(signedIn.body).to.deep.equal({ signedIn: true, me: me.body });
    expect(signedIn.body.me.csrfToken).to.equal(csrfToken);
    await agent.delete('/api/v1/session').set('x-csrf-token', csrfToken);
    expect((await agent.get('/api/v1/session')).body).to.deep.equal({ signedIn: false });
  });

  it('issues a new session id at login (no session fixation)', async () => {
    const agent = request.agent(server.url);
    const first = await agent.post('/api/v1/session').send({ email: 'it@jena.lagebild.test', password: DEMO_PASSWORD });
    const second = await agent.post('/api/v1/session').send({ email: 'it@jena.lagebild.test', password: DEMO_PASSWORD });
    expect(sessionCookie(first)).to.be.a('string');
    expect(sessionCookie(second)).to.be.a('string');
    expect(sessionCookie(second)).not.to.equal(sessionCookie(first));
  });

  it('requires the CSRF token to log out with the cookie, and ends the session with it', async () => {
    const { agent, csrfToken } = await loginAs(server.url, 'isb@lk-gotha.lagebild.test');
    const without = await agent.delete('/api/v1/session');
    expect(without.status).to.equal(403);
    expect(without.body.code).to.equal('CSRF_TOKEN_INVALID');
    const wrong = await agent.delete('/api/v1/session').set('x-csrf-token', `${csrfToken}x`);
    expect(wrong.status).to.equal(403);
    const ok = await agent.delete('/api/v1/session').set('x-csrf-token', csrfToken);
    expect(ok.status).to.equal(204);
    expect((await agent.get('/api/v1/me')).status).to.equal(401);
  });

  it('audits successful and failed logins', async () => {
    await request(server.url).post('/api/v1/session').send({ email: 'soc@swnt.lagebild.test', password: 'nicht-das-passwort' });
    await loginAs(server.url, 'soc@swnt.lagebild.test');
    const rows = await server.database.db.select().from(auditLog).where(eq(auditLog.actor, 'soc@swnt.lagebild.test'));
    const actions = rows.map((row) => row.action);
    expect(actions).to.include('session.login.failed');
    expect(actions).to.include('session.login.succeeded');
  });

  it('never locks an account: wrong passwords hold the address for a while (429 LOGIN_THROTTLED), audited', async () => {
    const email = 'it@waltershausen.lagebild.test';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await request(server.url).post('/api/v1/session').send({ email, password: `wrong-password-${attempt}` });
      statuses.push(response.status);
    }
    expect(statuses).to.deep.equal([401, 401, 401, 401, 401]);
    // The fifth failure holds the address for two seconds (settings.login); even the right password waits.
    const held = await request(server.url).post('/api/v1/session').send({ email, password: DEMO_PASSWORD });
    expect(held.status).to.equal(429);
    expect(held.body.code).to.equal('LOGIN_THROTTLED');
    expect(held.headers['retry-after']).to.equal('2');
    const [user] = await server.database.db.select().from(users).where(eq(users.email, email));
    expect(user!.active).to.equal(true);
    const throttled = await server.database.db.select().from(auditLog).where(and(eq(auditLog.actor, email), eq(auditLog.action, 'session.login.throttled')));
    expect(throttled).to.have.length(1);
  });
});
