import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/server.js';

describe('route inventory', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('declares access for every API route, and only the listed routes are public', () => {
    const routes = server.built.api.routes;
    expect(routes.length).to.be.greaterThan(5);
    const publicRoutes = routes.filter((route) => 'public' in route.access).map((route) => `${route.method} ${route.path}`);
    // Advisory reads are public because TLP:CLEAR is published without login; visibleTo filters the rest.
    const allowedPublic = new Set([
      'get /healthz',
      'get /readyz',
      'get /metrics',
      'get /api/openapi.json',
      'post /api/v1/session',
      'get /api/v1/advisories',
      'get /api/v1/advisories/:id',
      'get /api/v1/advisories/:id/stix',
      'get /api/v1/search',
      'post /api/v1/password-reset',
      'post /api/v1/password-reset/confirm',
      'get /api/v1/auth/providers',
      'get /auth/saml/:idp/metadata',
      'get /auth/saml/:idp/login',
      'post /auth/saml/:idp/acs',
      'get /auth/saml/:idp/slo',
    ]);
    for (const route of publicRoutes) expect(allowedPublic, `${route} must not be public`).to.include(route);
  });

  it('protects every state-changing, non-public route with the CSRF check', () => {
    for (const route of server.built.api.routes) {
      if (route.method === 'get' || 'public' in route.access) continue;
      expect(route.csrf, `${route.method} ${route.path}`).to.equal(true);
    }
  });
});
