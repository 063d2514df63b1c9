import { expect } from 'chai';
import type request from 'supertest';
import { startSmtpReceiver, type CapturedMail } from '../../support/receivers.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { until } from '../../support/until.js';

/** The parts of an answer that may differ between two calls: ids, the request id, the date. */
function comparable(response: request.Response) {
  const headers = { ...response.headers };
  for (const name of ['date', 'x-request-id', 'content-length', 'etag', 'set-cookie', 'ratelimit', 'ratelimit-policy']) delete headers[name];
  const body = JSON.parse(response.text) as Record<string, unknown>;
  return { status: response.status, headers, keys: Object.keys(body).sort(), shapes: Object.values(body).map((value) => (typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? 'uuid' : JSON.stringify(value))) };
}

describe('adding a member does not tell an org_admin whether the address has an account', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let erfurt: Awaited<ReturnType<typeof loginAs>>;
  let erfurtOrg: string;
  const add = (email: string, name?: string) =>
    erfurt.agent.post(`/api/v1/organizations/${erfurtOrg}/members`).set('X-CSRF-Token', erfurt.csrfToken).send({ email, role: 'member', ...(name ? { name } : {}) });
  const mailTo = (address: string) => until(`mail to ${address}`, () => Promise.resolve(smtp.mails.find((mail: CapturedMail) => mail.to.includes(address))));

  before(async () => {
    smtp = await startSmtpReceiver();
    server = await startTestServer({ env: { SMTP_URL: smtp.url } });
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    erfurtOrg = (await erfurt.agent.get('/api/v1/me')).body.memberships[0].organization.id as string;
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  it('answers alike for an existing account (of another organization) and for an unknown address', async () => {
    const existing = await add('it@jena.lagebild.test', 'Irgendein Name');
    const unknown = await add('neu.kollegin@erfurt.lagebild.test', 'Irgendein Name');
    expect(existing.status, existing.text).to.equal(201);
    expect(comparable(existing)).to.deep.equal(comparable(unknown));
    expect(existing.body).to.have.all.keys('userId');
    // Adding either again is the same conflict.
    const again = [await add('it@jena.lagebild.test'), await add('neu.kollegin@erfurt.lagebild.test')];
    expect(again.map((response) => response.status)).to.deep.equal([409, 409]);
    expect(comparable(again[0]!)).to.deep.equal(comparable(again[1]!));
  });

  it('mails the new address an invitation and tells the existing account of its new membership', async () => {
    const invitation = await mailTo('neu.kollegin@erfurt.lagebild.test');
    expect(invitation.text).to.match(/password-reset#token=/);
    const notice = await mailTo('it@jena.lagebild.test');
    expect(notice.subject).to.contain('Stadt Erfurt');
    expect(notice.text).to.contain('Sie wurden in Lagebild der Organisation Stadt Erfurt hinzugefügt');
    expect(notice.text).not.to.match(/token/i);
  });

  it('documents the uniform answer in the OpenAPI document', async () => {
    const doc = (await erfurt.agent.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: { properties?: Record<string, unknown>; $ref?: string } }> }> }>> };
    const schema = doc.paths['/api/v1/organizations/{id}/members']!.post!.responses['201']!.content['application/json']!.schema;
    expect(Object.keys(schema.properties ?? {})).to.deep.equal(['userId']);
  });
});
