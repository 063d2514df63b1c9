import { expect } from 'chai';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('/metrics without METRICS_TOKEN', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('is not served: 404 problem+json whatever the caller sends, no metric in the answer', async () => {
    for (const authorization of [undefined, 'Bearer ', 'Bearer anything-at-all-0123456789abcdef']) {
      const req = request(server.url).get('/metrics');
      if (authorization) req.set('Authorization', authorization);
      const response = await req;
      expect(response.status).to.equal(404);
      expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(response.text).not.to.contain('lagebild_');
    }
  });

  it('documents the endpoint with its bearer scheme in the OpenAPI document', async () => {
    const doc = (await request(server.url).get('/api/openapi.json')).body as { paths: Record<string, { get?: { security?: unknown[]; responses: Record<string, unknown> } }>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.paths['/metrics']!.get!.security).to.deep.equal([{ metricsToken: [] }]);
    expect(doc.paths['/metrics']!.get!.responses).to.include.keys('200', '401', '404');
    expect(doc.components.securitySchemes).to.have.property('metricsToken');
  });
});
