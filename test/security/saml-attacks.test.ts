/**
 * XML and redirect attacks on the SAML ACS, each built from a validly signed response of the
 * in-process test IdP (test/support/saml-idp.ts): XXE with an external entity, billion laughs,
 * signature wrapping (XSW), comment injection in the signed name, and open redirects through
 * RelayState. None may log anyone in as someone else, fetch anything, hang, or send the browser away.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateRawSync } from 'node:zlib';
import { expect } from 'chai';
import { desc, eq } from 'drizzle-orm';
import request from 'supertest';
import { auditLog } from '../../server/audit/audit.table.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { authnRequestId, TestIdp, type ResponseOptions } from '../support/saml-idp.js';

const BASE_URL = 'http://127.0.0.1:8443';
const ACS = `${BASE_URL}/auth/saml/test/acs`;
const SP_ENTITY = `${BASE_URL}/auth/saml/test/metadata`;

describe('attack: SAML (XXE, billion laughs, signature wrapping, open redirect)', () => {
  const idp = new TestIdp();
  let server: TestServer;
  let canary: Server;
  let canaryUrl = '';
  const canaryHits: string[] = [];

  before(async () => {
    const file = idp.writeConfig({ fixedOrganizationAgs: '16053000', allowedEmailDomains: ['example.org'], groupRoles: { admin: 'org_admin' }, defaultRole: 'member' });
    server = await startTestServer({ env: { LAGEBILD_IDENTITY_PROVIDERS: file, BASE_URL } });
    // Anything that resolves an external entity would call this server.
    canary = createServer((req, res) => {
      canaryHits.push(req.url ?? '');
      res.end('root:x:0:0:root:/root:/bin/bash');
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
  });
  after(async () => {
    await server.close();
    await new Promise((resolve) => canary.close(resolve));
  });

  async function startLogin() {
    const agent = request.agent(server.url);
    const response = await agent.get('/auth/saml/test/login');
    expect(response.status).to.equal(302);
    return { agent, requestId: authnRequestId(response.headers.location as string) };
  }

  function signedXml(requestId: string, overrides: Partial<ResponseOptions> = {}): string {
    const options: ResponseOptions = { inResponseTo: requestId, audience: SP_ENTITY, recipient: ACS, nameID: 'alice-persistent-id', attributes: { mail: ['alice@example.org'], displayName: ['Alice Adler'] }, ...overrides };
    return Buffer.from(idp.response(options), 'base64').toString('utf8');
  }

  /** Posts a crafted response; returns the ACS answer and who (if anyone) the agent is now. */
  async function post(agent: ReturnType<typeof request.agent>, xml: string, relayState?: string) {
    const started = performance.now();
    const acs = await agent.post('/auth/saml/test/acs').type('form').send({ SAMLResponse: Buffer.from(xml).toString('base64'), ...(relayState ? { RelayState: relayState } : {}) });
    const elapsed = performance.now() - started;
    const me = await agent.get('/api/v1/me');
    return { acs, elapsed, email: me.status === 200 ? (me.body.user.email as string) : undefined };
  }

  function expectRefused(result: Awaited<ReturnType<typeof post>>): void {
    expect(result.acs.status, result.acs.text.slice(0, 300)).to.equal(401);
    expect(result.acs.body.code).to.equal('SAML_RESPONSE_INVALID');
    expect(result.acs.text).to.not.contain('root:x:0:0');
    expect(result.email, 'nobody is logged in').to.equal(undefined);
  }

  /** The signed assertion's XML, its ID and the attacker's copy (unsigned, another person). */
  function forgedAssertion(xml: string): { original: string; evil: string } {
    const original = /<saml:Assertion\b[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
    const evil = original
      .replace(/<(ds:)?Signature\b[\s\S]*<\/(ds:)?Signature>/, '')
      .replaceAll('alice@example.org', 'mallory@example.org')
      .replaceAll('alice-persistent-id', 'mallory-persistent-id')
      .replace('Alice Adler', 'Mallory');
    return { original, evil };
  }

  it('XXE: an external entity to a local file and to an HTTP URL is never resolved', async () => {
    for (const system of ['file:///etc/passwd', `${canaryUrl}/xxe`]) {
      const { agent, requestId } = await startLogin();
      const xml = signedXml(requestId);
      const doctype = `<?xml version="1.0"?><!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "${system}">]>`;
      const attacked = doctype + xml.replace('Alice Adler', '&xxe;');
      expectRefused(await post(agent, attacked));
    }
    const { agent, requestId } = await startLogin();
    const parameterEntity = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % remote SYSTEM "${canaryUrl}/xxe-parameter"> %remote;]>${signedXml(requestId)}`;
    expectRefused(await post(agent, parameterEntity));
    const [row] = await server.database.db.select().from(auditLog).where(eq(auditLog.action, 'session.saml.rejected')).orderBy(desc(auditLog.id)).limit(1);
    expect(row?.details, 'any DOCTYPE is refused before parsing, and audited').to.deep.equal({ idp: 'test', reason: 'doctype_forbidden' });
    // The Single Logout endpoint (HTTP-Redirect binding: deflated) refuses it too.
    const logout = `<!DOCTYPE r [<!ENTITY % remote SYSTEM "${canaryUrl}/xxe-slo"> %remote;]><samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_x" Version="2.0" IssueInstant="${new Date().toISOString()}"/>`;
    const slo = await request(server.url).get('/auth/saml/test/slo').query({ SAMLRequest: deflateRawSync(Buffer.from(logout)).toString('base64') });
    expect(slo.status).to.equal(401);
    expect(canaryHits, 'no external entity was fetched').to.deep.equal([]);
  });

  it('billion laughs: nested entity expansion is refused quickly and the server keeps answering', async () => {
    const { agent, requestId } = await startLogin();
    const entities = ['<!ENTITY lol0 "lollollollollollollollollollol">'];
    for (let i = 1; i <= 9; i += 1) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const attacked = `<?xml version="1.0"?><!DOCTYPE samlp:Response [${entities.join('')}]>${signedXml(requestId).replace('Alice Adler', '&lol9;')}`;
    const result = await post(agent, attacked);
    expectRefused(result);
    expect(result.elapsed, 'no exponential expansion').to.be.below(5_000);
    expect((await request(server.url).get('/healthz')).status).to.equal(200);
  });

  it('signature wrapping (XSW): an unsigned assertion for another user next to the signed one is not accepted', async () => {
    const variants: ((xml: string, original: string, evil: string) => string)[] = [
      // the forged assertion first, the signed one after it
      (xml, original, evil) => xml.replace(original, evil + original),
      // the signed one first, the forged one after it
      (xml, original, evil) => xml.replace(original, original + evil),
      // the signed assertion hidden in an extension, the forged one in its place
      (xml, original, evil) => xml.replace(original, `<samlp:Extensions>${original}</samlp:Extensions>${evil}`),
      // the forged assertion carries the signed one's ID
      (xml, original, evil) => xml.replace(original, evil.replace(/ID="[^"]+"/, /ID="[^"]+"/.exec(original)![0]) + original),
      // the whole signed response wrapped in a new, unsigned one that carries the forged assertion
      (xml, _original, evil) =>
        `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_wrapper" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${ACS}" InResponseTo="${/InResponseTo="([^"]+)"/.exec(xml)![1]}"><saml:Issuer>${idp.entityId}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${evil}<samlp:Extensions>${xml}</samlp:Extensions></samlp:Response>`,
    ];
    for (const [index, wrap] of variants.entries()) {
      const { agent, requestId } = await startLogin();
      const xml = signedXml(requestId);
      const { original, evil } = forgedAssertion(xml);
      const result = await post(agent, wrap(xml, original, evil));
      expect(result.email, `variant ${index}`).to.not.equal('mallory@example.org');
      expectRefused(result);
    }
  });

  it('comment injection in the signed name (CVE-2017-11428 style): "alice@example.org<!---->.evil.example" is not alice', async () => {
    const { agent, requestId } = await startLogin();
    // The IdP vouches for the attacker's own address; a comment survives exclusive c14n, so the signature stays valid.
    const xml = signedXml(requestId, { nameID: 'alice@example.org.evil.example', attributes: { mail: ['alice@example.org.evil.example'], displayName: ['Eve'] } });
    const attacked = xml.replaceAll('alice@example.org.evil.example', 'alice@example.org<!---->.evil.example');
    const result = await post(agent, attacked);
    expect(result.email).to.not.equal('alice@example.org');
    expect(result.acs.status).to.be.oneOf([401, 403]);
  });

  it('open redirect after login: RelayState pointing off-site sends the browser to "/"', async () => {
    for (const relayState of ['https://evil.example/', '//evil.example/', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', '/%2F%2Fevil.example', ' https://evil.example', 'https:evil.example', '/\t/evil.example']) {
      const { agent, requestId } = await startLogin();
      const result = await post(agent, signedXml(requestId, { assertionId: `_relay${Math.random().toString(16).slice(2)}` }), relayState);
      expect(result.acs.status, relayState).to.equal(303);
      const location = result.acs.headers.location as string;
      const resolved = new URL(location, BASE_URL);
      expect(resolved.origin, `${relayState} → ${location}`).to.equal(BASE_URL);
      expect(location, relayState).to.match(/^\/(?![/\\])/);
    }
    const { agent, requestId } = await startLogin();
    const inside = await post(agent, signedXml(requestId), '/warnmeldungen?filter=neu');
    expect(inside.acs.headers.location, 'a same-site path is kept').to.equal('/warnmeldungen?filter=neu');
  });
});
