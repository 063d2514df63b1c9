import { expect } from 'chai';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../support/server.js';

const METRICS_TOKEN = 'http-baseline-metrics-token-0123456789';

describe('HTTP baseline', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { METRICS_TOKEN } });
  });
  after(async () => server.close());

  it('answers an unknown API route with 404 problem+json', async () => {
    const response = await request(server.url).get('/api/v1/does-not-exist');
    expect(response.status).to.equal(404);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body).to.include({ status: 404, code: 'NOT_FOUND', title: 'Not found' });
    expect(response.body.type).to.match(/^https:\/\/.+\/problems\/not-found$/);
    expect(response.body.detail).to.contain('/api/v1/does-not-exist');
    expect(response.body.requestId).to.equal(response.headers['x-request-id']);
  });

  it('answers a malformed JSON body with 400 problem+json', async () => {
    const response = await request(server.url).post('/api/v1/session').set('content-type', 'application/json').send('{"email": ');
    expect(response.status).to.equal(400);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body.code).to.equal('MALFORMED_JSON');
  });

  it('answers an oversize body with 413 problem+json', async () => {
    const huge = JSON.stringify({ email: 'x'.repeat(2 * 1024 * 1024), password: 'y' });
    const response = await request(server.url).post('/api/v1/session').set('content-type', 'application/json').send(huge);
    expect(response.status).to.equal(413);
    expect(response.body.code).to.equal('PAYLOAD_TOO_LARGE');
  });

  it('lists every validation issue with its path', async () => {
    const response = await request(server.url).post('/api/v1/session').send({ email: 1, totp: 'abc', extra: true });
    expect(response.status).to.equal(400);
    expect(response.body.code).to.equal('VALIDATION_FAILED');
    const paths = (response.body.errors as { path: string }[]).map((error) => error.path);
    expect(paths).to.include.members(['email', 'password', 'totp']);
    // With zod's code and the check's limits, so a client can say it in the reader's language.
    const email = (response.body.errors as { path: string; code?: string; params?: Record<string, unknown> }[]).find((error) => error.path === 'email');
    expect(email).to.deep.include({ code: 'invalid_type', params: { expected: 'string' } });
  });

  it('sends a strict CSP without unsafe-inline scripts and the other helmet headers', async () => {
    const response = await request(server.url).get('/healthz');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).to.contain("script-src 'self'");
    expect(csp).not.to.contain('unsafe-inline');
    expect(csp).to.contain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).to.equal('nosniff');
    expect(response.headers['x-powered-by']).to.equal(undefined);
  });

  it('keeps a well-formed X-Request-Id from the caller and invents one otherwise', async () => {
    const given = await request(server.url).get('/healthz').set('x-request-id', 'trace-1234567890');
    expect(given.headers['x-request-id']).to.equal('trace-1234567890');
    const forged = await request(server.url).get('/healthz').set('x-request-id', '<script>');
    expect(forged.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('reports liveness and readiness with the database driver', async () => {
    expect((await request(server.url).get('/healthz')).body).to.deep.equal({ status: 'ok' });
    const ready = await request(server.url).get('/readyz');
    expect(ready.status).to.equal(200);
    expect(ready.body).to.deep.equal({ status: 'ready', database: server.database.driver });
  });

  it('exposes Prometheus metrics with the HTTP latency histogram by route pattern to the metrics token only', async () => {
    await request(server.url).get('/api/v1/organizations/00000000-0000-4000-8000-000000000000');
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}`, `Bearer ${METRICS_TOKEN}x`]) {
      const refused = request(server.url).get('/metrics');
      if (authorization) refused.set('Authorization', authorization);
      const answer = await refused;
      expect(answer.status, authorization).to.equal(401);
      expect(answer.headers['www-authenticate']).to.match(/^Bearer /);
      expect(answer.text).not.to.contain('lagebild_');
    }
    // The metrics token is no API token: it opens nothing else.
    expect((await request(server.url).get('/api/v1/me').set('Authorization', `Bearer ${METRICS_TOKEN}`)).status).to.equal(401);
    const response = await request(server.url).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(response.status).to.equal(200);
    expect(response.text).to.contain('lagebild_http_request_duration_seconds_bucket');
    expect(response.text).to.contain('route="/readyz"');
    expect(response.text).to.contain('lagebild_process_cpu_seconds_total');
  });

  it('serves an OpenAPI 3.1 document generated from the route declarations', async () => {
    const response = await request(server.url).get('/api/openapi.json');
    expect(response.status).to.equal(200);
    expect(response.body.openapi).to.equal('3.1.0');
    expect(response.body.paths).to.have.property('/api/v1/session');
    expect(response.body.paths['/api/v1/organizations/{id}'].get.parameters[0]).to.include({ name: 'id', in: 'path' });
    expect(response.body.components.schemas).to.have.property('Problem');
    for (const route of server.built.api.routes) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(response.body.paths[path], `${route.method} ${route.path}`).to.have.property(route.method);
    }
  });

  it('serves a readable docs page from local assets', async () => {
    const page = await request(server.url).get('/api/docs');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('/api/docs/assets/swagger-ui-bundle.js');
    expect(page.text).not.to.match(/https?:\/\/(?!127\.0\.0\.1)/);
    const asset = await request(server.url).get('/api/docs/assets/swagger-ui-bundle.js');
    expect(asset.status).to.equal(200);
    expect(asset.headers['content-type']).to.match(/javascript/);
  });
});
