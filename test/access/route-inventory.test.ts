import { expect } from 'chai';
import request from 'supertest';
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
      'get /api/v1/platform/openpgp-key',
      'get /.well-known/security.txt',
      'get /api/openapi.json',
      // The session probe says only whether the caller's own cookie is signed in (and then who it is).
      'get /api/v1/session',
      'post /api/v1/session',
      'get /api/v1/advisories',
      'get /api/v1/advisories/:id',
      'get /api/v1/advisories/:id/stix',
      'get /api/v1/search',
      'get /api/v1/advisories/search',
      'post /api/v1/password-reset',
      'post /api/v1/password-reset/confirm',
      'get /api/v1/auth/providers',
      'get /auth/saml/:idp/metadata',
      'get /auth/saml/:idp/login',
      'post /auth/saml/:idp/acs',
      'get /auth/saml/:idp/slo',
      // Sharing standards: WHITE/CLEAR is public by definition; the handlers demand a caller for the rest.
      'get /.well-known/csaf/provider-metadata.json',
      'get /.well-known/csaf/openpgp/:file',
      'get /.well-known/csaf/:folder/',
      'get /.well-known/csaf/:folder/:file',
      'get /.well-known/csaf/:folder/:year/:file',
      'get /feeds/misp/manifest.json',
      'get /feeds/misp/hashes.csv',
      'get /feeds/misp/:file',
      'get /feeds/advisories.rss',
      'get /feeds/advisories.atom',
    ]);
    for (const route of publicRoutes) expect(allowedPublic, `${route} must not be public`).to.include(route);
  });

  it('serves anonymous TAXII callers discovery, the API root, the collection list and the public collection only', async () => {
    const accept = 'application/taxii+json;version=2.1';
    const open = ['/taxii2/', '/taxii2/lagebild/', '/taxii2/lagebild/collections/', '/taxii2/lagebild/collections/public/', '/taxii2/lagebild/collections/public/objects/', '/taxii2/lagebild/collections/public/manifest/'];
    for (const path of open) expect((await request(server.url).get(path).set('Accept', accept)).status, path).to.equal(200);
    const closed = ['/taxii2/lagebild/collections/community/objects/', '/taxii2/lagebild/collections/amber/manifest/', '/taxii2/lagebild/status/00000000-0000-4000-8000-000000000000/'];
    for (const path of closed) expect((await request(server.url).get(path).set('Accept', accept)).status, path).to.equal(401);
    const post = await request(server.url).post('/taxii2/lagebild/collections/public/objects/').set('Accept', accept).set('Content-Type', accept).send('{"objects":[]}');
    expect(post.status).to.equal(401);
  });

  it('protects every state-changing, non-public route with the CSRF check', () => {
    for (const route of server.built.api.routes) {
      if (route.method === 'get' || 'public' in route.access) continue;
      expect(route.csrf, `${route.method} ${route.path}`).to.equal(true);
    }
  });
});
