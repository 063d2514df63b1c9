import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { advisoryBody } from '../../support/advisories.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { API_ROOT, TAXII, createToken } from '../../support/taxii.js';
import { COMMUNITY_COLLECTION_ID } from '../../../server/taxii/taxii.collections.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

function indicator(name: string) {
  return { type: 'indicator', spec_version: '2.1', id: `indicator--${randomUUID()}`, created: '2026-03-01T10:00:00.000Z', modified: '2026-03-01T10:00:00.000Z', name, pattern: "[ipv4-addr:value = '198.51.100.23']", pattern_type: 'stix', valid_from: '2026-03-01T10:00:00.000Z' };
}

function expectProblem(response: request.Response, status: number, code: string): void {
  expect(response.status, response.text).to.equal(status);
  expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
  expect(response.body.code).to.equal(code);
}

describe('text encoding of request bodies', () => {
  let server: TestServer;
  let analyst: Session;

  const drafts = async () => {
    const response = await analyst.agent.get('/api/v1/advisories').query({ status: 'draft', limit: 500 });
    expect(response.status).to.equal(200);
    return (response.body.items as { title: { de: string } }[]).map((item) => item.title.de);
  };
  const postAdvisory = (raw: string | Buffer, contentType = 'application/json') =>
    analyst.agent.post('/api/v1/advisories').set('X-CSRF-Token', analyst.csrfToken).set('Content-Type', contentType).serialize((body: unknown) => body as string).send(raw);

  before(async () => {
    server = await startTestServer();
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
  });
  after(async () => server.close());

  it('answers a lone UTF-16 surrogate in an advisory title with 400 MALFORMED_TEXT naming the field, and stores nothing', async () => {
    const before = await drafts();
    // JSON.stringify writes a lone surrogate as the escape "\ud800", as any client would send it.
    const response = await postAdvisory(JSON.stringify(advisoryBody({ title: { de: 'Schwachstelle \ud800 in VPN', en: 'VPN' } })));
    expectProblem(response, 400, 'MALFORMED_TEXT');
    expect(response.body.errors).to.deep.equal([{ path: 'title.de', message: 'lone UTF-16 surrogate' }]);
    const low = await postAdvisory(JSON.stringify(advisoryBody({ summary: { de: '\udc00 am Anfang' } })));
    expectProblem(low, 400, 'MALFORMED_TEXT');
    expect(await drafts()).to.deep.equal(before);
  });

  it('answers a lone surrogate in a key, and in a nested array, with 400', async () => {
    const key = await postAdvisory(`{"title":{"de":"a","\\udbff":"b"}}`);
    expectProblem(key, 400, 'MALFORMED_TEXT');
    const nested = await postAdvisory(JSON.stringify(advisoryBody({ references: ['https://example.org/\udfff'] })));
    expectProblem(nested, 400, 'MALFORMED_TEXT');
    expect(nested.body.errors[0].path).to.equal('references.0');
  });

  it('keeps a well-formed surrogate pair (an emoji) and umlauts exactly', async () => {
    const title = 'Schwachstelle 🔥 in Überwachungs-Kameras';
    const response = await postAdvisory(JSON.stringify(advisoryBody({ title: { de: title, en: 'Camera flaw 🔥' } })));
    expect(response.status, response.text).to.equal(201);
    expect((await analyst.agent.get(`/api/v1/advisories/${response.body.id as string}`)).body.title.de).to.equal(title);
  });

  it('answers a body that is not UTF-8 (Latin-1 bytes, an overlong form, an encoded surrogate) with 400, storing nothing', async () => {
    const before = await drafts();
    const json = JSON.stringify(advisoryBody({ title: { de: 'Störung XYZ', en: 'Outage' } }));
    for (const bytes of [Buffer.from(json, 'latin1'), Buffer.from(json.replace('XYZ', '\u0001'), 'utf8').map((byte) => (byte === 0x01 ? 0xc0 : byte)), Buffer.concat([Buffer.from('{"title":{"de":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}}')])]) {
      const response = await postAdvisory(Buffer.from(bytes));
      expectProblem(response, 400, 'MALFORMED_TEXT');
    }
    expect(await drafts()).to.deep.equal(before);
  });

  it('answers a JSON body declared in another charset than UTF-8 with 415, on any JSON route', async () => {
    const json = JSON.stringify(advisoryBody());
    for (const charset of ['iso-8859-1', 'utf-16', 'utf-16le', 'windows-1252', '"latin1"', 'utf8']) {
      expectProblem(await postAdvisory(json, `application/json; charset=${charset}`), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const login = await request(server.url).post('/api/v1/session').set('Content-Type', 'application/json; charset=ISO-8859-1').send(JSON.stringify({ email: 'analyst@lagebild.test', password: 'x' }));
    expectProblem(login, 415, 'UNSUPPORTED_MEDIA_TYPE');
    for (const charset of ['utf-8', 'UTF-8', '"utf-8"']) {
      const response = await postAdvisory(json, `application/json; charset=${charset}`);
      expect(response.status, charset).to.equal(201);
    }
  });

  it('answers a body in another media type than JSON on a JSON route with 415', async () => {
    expectProblem(await postAdvisory('title=x', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await postAdvisory(JSON.stringify(advisoryBody()), 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('declares 400 and 415 problem responses in the OpenAPI document', async () => {
    const doc = (await request(server.url).get('/api/openapi.json')).body as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
    const create = doc.paths['/api/v1/advisories']!.post!;
    expect(create.responses['400']!.content).to.have.property('application/problem+json');
    expect(create.responses['415']!.content).to.have.property('application/problem+json');
    expect(doc.paths['/api/v1/incidents']!.get!.responses).to.have.property('400');
    expect(doc.paths['/api/v1/incidents']!.get!.responses).not.to.have.property('415');
  });

  describe('TAXII "Add Objects"', () => {
    const objectsPath = `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`;
    const post = (agent: ReturnType<typeof request.agent>, body: string | Buffer, headers: Record<string, string> = {}) => {
      const req = agent.post(objectsPath).set('Accept', TAXII).set('Content-Type', TAXII);
      for (const [name, value] of Object.entries(headers)) req.set(name, value);
      // Bytes as given: superagent would serialize a Buffer as JSON.
      return req.serialize((raw: unknown) => raw as string).send(body);
    };
    const taxiiBody = (response: request.Response) => JSON.parse(response.text) as { http_status: string; title: string; success_count?: number };

    it('refuses a session cookie without the CSRF token and accepts it with the token', async () => {
      const envelope = JSON.stringify({ objects: [indicator('CSRF probe')] });
      const without = await post(analyst.agent, envelope);
      expect(without.status).to.equal(403);
      expect(taxiiBody(without).title).to.equal('CSRF token missing or invalid');
      const wrong = await post(analyst.agent, envelope, { 'X-CSRF-Token': 'forged' });
      expect(wrong.status).to.equal(403);
      const withToken = await post(analyst.agent, envelope, { 'X-CSRF-Token': analyst.csrfToken });
      expect(withToken.status, withToken.text).to.equal(202);
      expect(taxiiBody(withToken).success_count).to.equal(1);
    });

    it('keeps bearer tokens and Basic credentials working without a CSRF token', async () => {
      const token = await createToken(server.url, 'analyst@lagebild.test', ['taxii']);
      const bearer = await post(request(server.url), JSON.stringify({ objects: [indicator('Bearer')] }), { Authorization: `Bearer ${token.token}` });
      expect(bearer.status, bearer.text).to.equal(202);
      const basic = await post(request(server.url), JSON.stringify({ objects: [indicator('Basic')] }), { Authorization: `Basic ${Buffer.from(`${token.id}:${token.token}`).toString('base64')}` });
      expect(basic.status, basic.text).to.equal(202);
    });

    it('answers another charset with 415, bytes that are not UTF-8 and lone surrogates with 400', async () => {
      const headers = { 'X-CSRF-Token': analyst.csrfToken };
      const latin = await post(analyst.agent, JSON.stringify({ objects: [] }), { ...headers, 'Content-Type': `${TAXII};charset=iso-8859-1` });
      expect(latin.status).to.equal(415);
      const bytes = await post(analyst.agent, Buffer.from(JSON.stringify({ objects: [indicator('Störung')] }), 'latin1'), headers);
      expect(bytes.status).to.equal(400);
      expect(taxiiBody(bytes).title).to.equal('Malformed text');
      const surrogate = await post(analyst.agent, JSON.stringify({ objects: [indicator('Beacon \ud800')] }), headers);
      expect(surrogate.status).to.equal(400);
      expect(taxiiBody(surrogate).title).to.equal('Malformed text');
    });
  });
});
