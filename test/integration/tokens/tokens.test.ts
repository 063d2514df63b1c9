import { expect } from 'chai';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

describe('API tokens (/api/v1/tokens and Bearer authentication)', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  before(async () => {
    server = await startTestServer();
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
  });
  after(async () => server.close());

  async function createToken(scopes: string[], extra: Record<string, unknown> = {}) {
    const response = await admin.agent.post('/api/v1/tokens').set('x-csrf-token', admin.csrfToken).send({ name: `t-${scopes.join('+')}`, scopes, ...extra });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body as { id: string; token: string; prefix: string; scopes: string[] };
  }

  it('shows the secret once, with the lbt_ prefix, and never again in the list', async () => {
    const created = await createToken(['read']);
    expect(created.token).to.match(/^lbt_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(created.prefix)).to.equal(true);
    const list = await admin.agent.get('/api/v1/tokens');
    expect(list.status).to.equal(200);
    expect(JSON.stringify(list.body)).not.to.contain(created.token);
    expect(list.body.items.map((item: { id: string }) => item.id)).to.include(created.id);
  });

  it('authenticates a bearer request as the owner and records the last use', async () => {
    const { token, id } = await createToken(['read']);
    const me = await request(server.url).get('/api/v1/me').set('authorization', `Bearer ${token}`);
    expect(me.status).to.equal(200);
    expect(me.body.user.email).to.equal('cert-admin@lagebild.test');
    const list = await admin.agent.get('/api/v1/tokens');
    const row = list.body.items.find((item: { id: string }) => item.id === id);
    expect(row.lastUsedAt).to.be.a('string');
  });

  it('refuses a write with a read-only token (403), even for a cert_admin', async () => {
    const { token } = await createToken(['read']);
    const response = await request(server.url)
      .post('/api/v1/organizations')
      .set('authorization', `Bearer ${token}`)
      .send({ name: 'Gemeinde Token-Test', kind: 'municipality' });
    expect(response.status).to.equal(403);
    expect(response.body.code).to.equal('FORBIDDEN');
  });

  it('allows the same write with an admin-scoped token, without a CSRF token', async () => {
    const { token } = await createToken(['admin']);
    const response = await request(server.url)
      .post('/api/v1/organizations')
      .set('authorization', `Bearer ${token}`)
      .send({ name: 'Gemeinde Bearer-Test', kind: 'municipality' });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
  });

  it('does not let a token manage credentials (no minting tokens with a token)', async () => {
    const { token } = await createToken(['admin']);
    const response = await request(server.url).post('/api/v1/tokens').set('authorization', `Bearer ${token}`).send({ name: 'x', scopes: ['admin'] });
    expect(response.status).to.equal(403);
  });

  it('answers 401 for a revoked token, an unknown token and a malformed one', async () => {
    const { token, id } = await createToken(['read']);
    expect((await request(server.url).get('/api/v1/me').set('authorization', `Bearer ${token}`)).status).to.equal(200);
    const revoked = await admin.agent.delete(`/api/v1/tokens/${id}`).set('x-csrf-token', admin.csrfToken);
    expect(revoked.status).to.equal(204);
    const after = await request(server.url).get('/api/v1/me').set('authorization', `Bearer ${token}`);
    expect(after.status).to.equal(401);
    expect(after.body.code).to.equal('UNAUTHENTICATED');
    expect((await request(server.url).get('/api/v1/me').set('authorization', 'Bearer lbt_unknown')).status).to.equal(401);
    expect((await request(server.url).get('/api/v1/me').set('authorization', 'Bearer nonsense')).status).to.equal(401);
  });

  it('answers 401 for an expired token', async () => {
    const { token, id } = await createToken(['read']);
    const { apiTokens } = await import('../../../server/tokens/tokens.table.js');
    const { eq } = await import('drizzle-orm');
    await server.database.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, id));
    expect((await request(server.url).get('/api/v1/me').set('authorization', `Bearer ${token}`)).status).to.equal(401);
  });

  it('lets an org_admin create a service token for their organization only', async () => {
    const jena = await loginAs(server.url, 'it@jena.lagebild.test');
    const me = await jena.agent.get('/api/v1/me');
    const jenaId = me.body.memberships[0].organization.id as string;
    const own = await jena.agent.post('/api/v1/tokens').set('x-csrf-token', jena.csrfToken).send({ name: 'SIEM', scopes: ['read'], organizationId: jenaId });
    expect(own.status).to.equal(201);
    expect(own.body.kind).to.equal('service');
    const adminMe = await admin.agent.get('/api/v1/me');
    const other = await jena.agent
      .post('/api/v1/tokens')
      .set('x-csrf-token', jena.csrfToken)
      .send({ name: 'SIEM', scopes: ['read'], organizationId: adminMe.body.memberships[0].organization.id });
    expect(other.status).to.equal(403);
  });

  it('audits creation and revocation', async () => {
    const { id } = await createToken(['read']);
    await admin.agent.delete(`/api/v1/tokens/${id}`).set('x-csrf-token', admin.csrfToken);
    const audit = await admin.agent.get('/api/v1/audit').query({ objectId: id });
    expect(audit.status).to.equal(200);
    expect(audit.body.items.map((item: { action: string }) => item.action)).to.have.members(['token.created', 'token.revoked']);
  });
});
