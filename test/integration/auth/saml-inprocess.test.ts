import { expect } from 'chai';
import { desc, eq } from 'drizzle-orm';
import request from 'supertest';
import { auditLog } from '../../../server/audit/audit.table.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { authnRequestId, TestIdp, type ResponseOptions } from '../../support/saml-idp.js';

const BASE_URL = 'http://127.0.0.1:8443';
const ACS = `${BASE_URL}/auth/saml/test/acs`;
const SP_ENTITY = `${BASE_URL}/auth/saml/test/metadata`;

describe('SAML SP against an in-process test IdP', () => {
  const idp = new TestIdp();
  let server: TestServer;
  before(async () => {
    const file = idp.writeConfig({ fixedOrganizationAgs: '16053000', allowedEmailDomains: ['example.org'], groupRoles: { admin: 'org_admin' }, defaultRole: 'member' });
    server = await startTestServer({ env: { LAGEBILD_IDENTITY_PROVIDERS: file, BASE_URL } });
  });
  after(async () => server.close());

  async function startLogin(agent = request.agent(server.url)) {
    const response = await agent.get('/auth/saml/test/login');
    expect(response.status).to.equal(302);
    expect(response.headers.location).to.match(/^http:\/\/127\.0\.0\.1:9\/sso\?SAMLRequest=/);
    return { agent, requestId: authnRequestId(response.headers.location as string) };
  }

  function options(requestId: string, overrides: Partial<ResponseOptions> = {}): ResponseOptions {
    return { inResponseTo: requestId, audience: SP_ENTITY, recipient: ACS, nameID: 'alice-persistent-id', attributes: { mail: ['alice@example.org'], displayName: ['Alice Adler'], eduPersonAffiliation: ['member', 'admin'] }, ...overrides };
  }

  async function expectRejected(response: request.Response, reason: string) {
    expect(response.status, JSON.stringify(response.body)).to.equal(401);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body.code).to.equal('SAML_RESPONSE_INVALID');
    expect(response.body.detail).to.contain(reason);
    const [row] = await server.database.db.select().from(auditLog).where(eq(auditLog.action, 'session.saml.rejected')).orderBy(desc(auditLog.id)).limit(1);
    expect(row?.details).to.deep.equal({ idp: 'test', reason });
  }

  it('lists the IdP publicly and serves SP metadata', async () => {
    const providers = await request(server.url).get('/api/v1/auth/providers');
    expect(providers.body.items).to.deep.equal([{ id: 'test', displayName: { de: 'Test-IdP', en: 'Test IdP' }, loginUrl: '/auth/saml/test/login' }]);
    const metadata = await request(server.url).get('/auth/saml/test/metadata');
    expect(metadata.status).to.equal(200);
    expect(metadata.text).to.contain(`entityID="${SP_ENTITY}"`).and.to.contain(`Location="${ACS}"`);
  });

  it('logs in with a signed response, provisions the user just in time and maps groups to the role', async () => {
    const { agent, requestId } = await startLogin();
    const acs = await agent.post('/auth/saml/test/acs').type('form').send({ SAMLResponse: idp.response(options(requestId)), RelayState: '/advisories' });
    expect(acs.status, acs.text).to.equal(303);
    expect(acs.headers.location).to.equal('/advisories');
    const me = await agent.get('/api/v1/me');
    expect(me.status).to.equal(200);
    expect(me.body.user).to.include({ email: 'alice@example.org', name: 'Alice Adler' });
    expect(me.body.memberships).to.deep.equal([{ role: 'org_admin', organization: { id: me.body.memberships[0].organization.id, name: 'Stadt Jena', kind: 'city' } }]);
    expect(me.body.csrfToken).to.be.a('string').and.not.equal('');
  });

  it('rejects a response whose signed content was tampered with', async () => {
    const { agent, requestId } = await startLogin();
    const xml = Buffer.from(idp.response(options(requestId)), 'base64').toString('utf8').replace('alice@example.org', 'mallory@example.org');
    await expectRejected(await agent.post('/auth/saml/test/acs').type('form').send({ SAMLResponse: Buffer.from(xml).toString('base64') }), 'invalid_signature');
  });

  it('rejects an unsigned assertion inside a signed response', async () => {
    const { agent, requestId } = await startLogin();
    const response = await agent.post('/auth/saml/test/acs').type('form').send({ SAMLResponse: idp.response(options(requestId, { signAssertion: false })) });
    await expectRejected(response, 'invalid_signature');
  });

  it('rejects a signed assertion in an unsigned response', async () => {
    const { agent, requestId } = await startLogin();
    const response = await agent.post('/auth/saml/test/acs').type('form').send({ SAMLResponse: idp.response(options(requestId, { signResponse: false })) });
    await expectRejected(response, 'invalid_signature');
  });

  it('rejects an assertion for another audience', async () => {
    const { agent, requestId } = await startLogin();
    const response = await agent.post('/auth/saml/test/acs').type('form').send({ SAMLResponse: idp.response(options(requestId, { audience: 'https://other-sp.example/metadata' })) });
    await expectRejected(response, 'wrong_audience');
  });

  it('rejects an expired assertion (beyond the clock skew)', async () => {
    const { agent, requestId } = await startLogin();
    const past = Date.now() - 10 * 60_000;
    const response = await agent.post('/auth/saml/test/acs').type('form').send({ SAMLResponse: idp.response(options(requestId, { notBefore: new Date(past - 60_000), notOnOrAfter: new Date(past) })) });
    await expectRejected(response, 'expired');
  });

  it('rejects an assertion addressed to another recipient', async () => {
    const { agent, requestId } = await startLogin();
    const response = await agent.post('/auth/saml/test/acs').type('form').send({ SAMLResponse: idp.response(options(requestId, { recipient: 'https://evil.example/acs' })) });
    await expectRejected(response, 'wrong_recipient');
  });

  it('rejects a replayed response, and a known assertion id in an answer to a new request', async () => {
    const { agent, requestId } = await startLogin();
    const assertionId = '_replay-assertion-1';
    const first = idp.response(options(requestId, { assertionId }));
    expect((await agent.post('/auth/saml/test/acs').type('form').send({ SAMLResponse: first })).status).to.equal(303);
    await expectRejected(await request(server.url).post('/auth/saml/test/acs').type('form').send({ SAMLResponse: first }), 'in_response_to_mismatch');
    const second = await startLogin();
    const replay = idp.response(options(second.requestId, { assertionId }));
    await expectRejected(await second.agent.post('/auth/saml/test/acs').type('form').send({ SAMLResponse: replay }), 'assertion_replayed');
  });

  it('rejects a response to a request this SP never sent (InResponseTo mismatch)', async () => {
    await startLogin();
    const response = await request(server.url).post('/auth/saml/test/acs').type('form').send({ SAMLResponse: idp.response(options('_never-issued-request')) });
    await expectRejected(response, 'in_response_to_mismatch');
  });

  it('refuses provisioning for an e-mail domain the IdP may not vouch for', async () => {
    const { agent, requestId } = await startLogin();
    const response = await agent.post('/auth/saml/test/acs').type('form').send({ SAMLResponse: idp.response(options(requestId, { nameID: 'eve', attributes: { mail: 'eve@evil.example'.split(' ') } })) });
    await expectRejected(response, 'provisioning_email_domain_not_allowed');
  });
});
