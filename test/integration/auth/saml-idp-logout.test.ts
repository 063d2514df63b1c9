import { expect } from 'chai';
import { desc, eq } from 'drizzle-orm';
import request from 'supertest';
import { auditLog } from '../../../server/audit/audit.table.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { authnRequestId, logoutRequestQuery, redirectMessage, TestIdp } from '../../support/saml-idp.js';
import { loginAs } from '../../support/session.js';

const BASE_URL = 'http://127.0.0.1:8443';
const ACS = `${BASE_URL}/auth/saml/test/acs`;
const SLO = `${BASE_URL}/auth/saml/test/slo`;
const SP_ENTITY = `${BASE_URL}/auth/saml/test/metadata`;

describe('GET /auth/saml/:idp/slo: IdP-initiated Single Logout (in-process IdP, HTTP-Redirect binding)', () => {
  const idp = new TestIdp();
  let server: TestServer;
  before(async () => {
    const file = idp.writeConfig({ fixedOrganizationAgs: '16053000', allowedEmailDomains: ['example.org'], defaultRole: 'member' }, { singleLogout: true });
    server = await startTestServer({ env: { LAGEBILD_IDENTITY_PROVIDERS: file, BASE_URL } });
  });
  after(async () => server.close());

  /** A SAML session of `nameID` in a fresh cookie jar. */
  async function samlSession(nameID: string, mail: string) {
    const agent = request.agent(server.url);
    const login = await agent.get('/auth/saml/test/login');
    const SAMLResponse = idp.response({ inResponseTo: authnRequestId(login.headers.location as string), audience: SP_ENTITY, recipient: ACS, nameID, attributes: { mail: [mail], displayName: ['Test'] } });
    expect((await agent.post('/auth/saml/test/acs').type('form').send({ SAMLResponse })).status).to.equal(303);
    expect((await agent.get('/api/v1/me')).status).to.equal(200);
    return agent;
  }

  async function lastRejection(): Promise<unknown> {
    const [row] = await server.database.db.select().from(auditLog).where(eq(auditLog.action, 'session.saml.rejected')).orderBy(desc(auditLog.id)).limit(1);
    return row?.details;
  }

  it('refuses an unsigned or tampered LogoutRequest and ends no session', async () => {
    const alice = await samlSession('alice-persistent-id', 'alice@example.org');
    const unsigned = await request(server.url).get(`/auth/saml/test/slo?${logoutRequestQuery(idp, { destination: SLO, nameID: 'alice-persistent-id', sign: false }).query}`);
    expect(unsigned.status).to.equal(401);
    expect(unsigned.body.code).to.equal('SAML_RESPONSE_INVALID');
    expect(await lastRejection()).to.deep.equal({ idp: 'test', reason: 'logout_unsigned' });
    // Signed for bob, sent for alice.
    const { query } = logoutRequestQuery(idp, { destination: SLO, nameID: 'bob-persistent-id', tamper: (xml) => xml.replace('bob-persistent-id', 'alice-persistent-id') });
    const tampered = await request(server.url).get(`/auth/saml/test/slo?${query}`);
    expect(tampered.status).to.equal(401);
    expect(await lastRejection()).to.deep.equal({ idp: 'test', reason: 'logout_invalid_signature' });
    expect((await alice.get('/api/v1/me')).status, 'still logged in').to.equal(200);
  });

  it("ends every session of the named subject (and only those), then answers the IdP with a LogoutResponse", async () => {
    const aliceLaptop = await samlSession('alice-persistent-id', 'alice@example.org');
    const alicePhone = await samlSession('alice-persistent-id', 'alice@example.org');
    const carol = await samlSession('carol-persistent-id', 'carol@example.org');
    const password = await loginAs(server.url, 'it@jena.lagebild.test');
    const { query, id } = logoutRequestQuery(idp, { destination: SLO, nameID: 'alice-persistent-id', relayState: 'idp-state-42' });
    // The IdP's redirect arrives in a browser that may hold no Lagebild session at all.
    const slo = await request(server.url).get(`/auth/saml/test/slo?${query}`);
    expect(slo.status, JSON.stringify(slo.body)).to.equal(302);
    const location = slo.headers.location as string;
    expect(location.startsWith(`${idp.sloUrl}?SAMLResponse=`), location).to.equal(true);
    expect(new URL(location).searchParams.get('RelayState')).to.equal('idp-state-42');
    const answer = redirectMessage(location, 'SAMLResponse');
    expect(answer).to.match(/<samlp:LogoutResponse\b/);
    expect(answer).to.contain(`InResponseTo="${id}"`);
    expect(answer).to.contain('urn:oasis:names:tc:SAML:2.0:status:Success');
    expect((await aliceLaptop.get('/api/v1/me')).status).to.equal(401);
    expect((await alicePhone.get('/api/v1/me')).status).to.equal(401);
    expect((await carol.get('/api/v1/me')).status, "another subject's session stays").to.equal(200);
    expect((await password.agent.get('/api/v1/me')).status, 'a password session stays').to.equal(200);
  });
});
