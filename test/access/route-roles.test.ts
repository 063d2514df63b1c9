import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { hashPassword } from '../../server/auth/password.js';
import { organizations } from '../../server/organizations/organizations.table.js';
import { memberships, users } from '../../server/users/users.table.js';
import { DEMO_PASSWORD } from '../support/config.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';
import { CAPABILITY_ROLES, type Capability } from '../../server/access/capabilities.js';

/**
 * The required access of every route, declared once more here on purpose: a new route, or a changed
 * access level, fails this test until it is written down (and reviewed) in this table.
 */
const ROUTE_ACCESS: Record<string, 'public' | 'authenticated' | Capability> = {
  'get /healthz': 'public',
  'get /readyz': 'public',
  'get /api/v1/session': 'public',
  'post /api/v1/session': 'public',
  'delete /api/v1/session': 'authenticated',
  'get /api/v1/me': 'authenticated',
  'patch /api/v1/me': 'authenticated',
  'post /api/v1/me/password': 'authenticated',
  'get /api/v1/me/mfa': 'authenticated',
  'post /api/v1/me/mfa/totp': 'authenticated',
  'post /api/v1/me/mfa/totp/confirm': 'authenticated',
  'delete /api/v1/me/mfa/totp': 'authenticated',
  'post /api/v1/password-reset': 'public',
  'post /api/v1/password-reset/confirm': 'public',
  'get /api/v1/sessions': 'authenticated',
  'delete /api/v1/sessions/:id': 'authenticated',
  'get /api/v1/auth/providers': 'public',
  'get /auth/saml/:idp/metadata': 'public',
  'get /auth/saml/:idp/login': 'public',
  'post /auth/saml/:idp/acs': 'public',
  'post /api/v1/session/saml-logout': 'authenticated',
  'get /auth/saml/:idp/slo': 'public',
  'post /api/v1/tokens': 'authenticated',
  'get /api/v1/tokens': 'authenticated',
  'delete /api/v1/tokens/:id': 'authenticated',
  'get /api/v1/organizations': 'authenticated',
  'get /api/v1/organizations/:id': 'authenticated',
  'get /api/v1/sharing-groups': 'authenticated',
  'get /api/v1/organizations/:id/contacts': 'authenticated',
  'get /api/v1/organizations/:id/profile': 'authenticated',
  'put /api/v1/organizations/:id/profile': 'authenticated',
  'put /api/v1/organizations/:id/contacts': 'authenticated',
  'post /api/v1/advisories': 'advisory:write',
  'patch /api/v1/advisories/:id': 'advisory:write',
  'post /api/v1/advisories/:id/publish': 'advisory:publish',
  'post /api/v1/advisories/:id/withdraw': 'advisory:publish',
  'get /api/v1/advisories': 'public',
  'get /api/v1/search': 'public',
  'get /api/v1/advisories/search': 'public',
  'get /api/v1/me/saved-filters': 'authenticated',
  'post /api/v1/me/saved-filters': 'authenticated',
  'patch /api/v1/me/saved-filters/:id': 'authenticated',
  'delete /api/v1/me/saved-filters/:id': 'authenticated',
  'get /api/v1/advisories/:id': 'public',
  'get /api/v1/advisories/:id/audience-check': 'advisory:write',
  'get /api/v1/advisories/:id/versions': 'authenticated',
  'get /api/v1/advisories/:id/versions/:version': 'authenticated',
  'get /api/v1/advisories/:id/diff': 'authenticated',
  'get /api/v1/advisories/:id/stix': 'public',
  'post /api/v1/organizations': 'organization:manage',
  'patch /api/v1/organizations/:id': 'organization:manage',
  'delete /api/v1/organizations/:id': 'organization:manage',
  'post /api/v1/sharing-groups': 'sharing-group:manage',
  'put /api/v1/sharing-groups/:id': 'sharing-group:manage',
  'delete /api/v1/sharing-groups/:id': 'sharing-group:manage',
  'get /api/v1/organizations/:id/members': 'members:manage',
  'post /api/v1/organizations/:id/members': 'members:manage',
  'patch /api/v1/organizations/:id/members/:userId': 'members:manage',
  'delete /api/v1/organizations/:id/members/:userId': 'members:manage',
  'post /api/v1/organizations/:id/members/:userId/deactivate': 'members:manage',
  'post /api/v1/organizations/:id/members/:userId/reactivate': 'members:manage',
  'get /api/v1/users': 'advisory:write',
  'get /api/v1/audit': 'audit:read',
  'get /api/v1/audit/verify': 'audit:read',
  'get /api/v1/jobs': 'operations:read',
  'get /api/v1/jobs/runs': 'operations:read',
  'post /api/v1/me/openpgp-key/inspect': 'authenticated',
  'put /api/v1/me/openpgp-key': 'authenticated',
  'get /api/v1/me/openpgp-key': 'authenticated',
  'delete /api/v1/me/openpgp-key': 'authenticated',
  'get /api/v1/platform/openpgp-key': 'public',
  'get /.well-known/security.txt': 'public',
  // Inventory, matching, acknowledgements, coverage (CERT-only, checked in the service) and notifications.
  'get /api/v1/organizations/:id/assets': 'authenticated',
  'post /api/v1/organizations/:id/assets': 'inventory:write',
  'patch /api/v1/organizations/:id/assets/:assetId': 'inventory:write',
  'delete /api/v1/organizations/:id/assets/:assetId': 'inventory:write',
  'post /api/v1/organizations/:id/assets/import': 'inventory:write',
  'get /api/v1/organizations/:id/assets/export.csv': 'authenticated',
  'get /api/v1/organizations/:id/assets/:assetId': 'authenticated',
  'get /api/v1/inventory/suggestions': 'authenticated',
  'get /api/v1/advisories/:id/affected': 'authenticated',
  'get /api/v1/advisories/:id/brief': 'authenticated',
  'get /api/v1/dashboard': 'authenticated',
  'put /api/v1/advisories/:id/acknowledgements': 'advisory:acknowledge',
  'get /api/v1/advisories/:id/acknowledgements': 'authenticated',
  'get /api/v1/advisories/:id/coverage': 'authenticated',
  'get /api/v1/advisories/:id/coverage.csv': 'authenticated',
  'get /api/v1/coverage': 'authenticated',
  'get /api/v1/coverage.csv': 'authenticated',
  'get /api/v1/me/notification-preferences': 'authenticated',
  'put /api/v1/me/notification-preferences': 'authenticated',
  'get /api/v1/me/notifications': 'authenticated',
  'post /api/v1/me/notifications/read': 'authenticated',
  // The situation picture (content per role by access/situation.ts) and the CERT's threat level.
  'get /api/v1/situation': 'authenticated',
  'get /api/v1/situation/levels': 'authenticated',
  'put /api/v1/situation/level': 'situation:level',
  // The weekly Lagebericht: drafted, edited and published by the CERT; read through the policy (404 otherwise).
  'post /api/v1/situation-reports': 'situation:report',
  'get /api/v1/situation-reports': 'authenticated',
  'get /api/v1/situation-reports/:id': 'authenticated',
  'patch /api/v1/situation-reports/:id': 'situation:report',
  'post /api/v1/situation-reports/:id/publish': 'situation:report',
  'get /api/v1/situation-reports/:id/pdf': 'authenticated',
  'get /api/v1/organizations/:id/webhooks': 'authenticated',
  'post /api/v1/organizations/:id/webhooks': 'authenticated',
  'post /api/v1/organizations/:id/webhooks/:webhookId/enable': 'authenticated',
  'patch /api/v1/organizations/:id/webhooks/:webhookId': 'authenticated',
  'post /api/v1/organizations/:id/webhooks/:webhookId/test': 'authenticated',
  'delete /api/v1/organizations/:id/webhooks/:webhookId': 'authenticated',
  'get /api/v1/organizations/:id/webhooks/:webhookId/deliveries': 'authenticated',
  'get /api/openapi.json': 'public',
  // incidents, thread, indicators and sightings (visibility per organization is checked by access/)
  'post /api/v1/incidents': 'incident:report',
  'get /api/v1/incidents': 'authenticated',
  'get /api/v1/incidents/:id': 'authenticated',
  'patch /api/v1/incidents/:id': 'incident:report',
  'post /api/v1/incidents/:id/report': 'incident:report',
  'post /api/v1/incidents/:id/stages': 'incident:report',
  'get /api/v1/incidents/:id/stages/:submissionId/export': 'authenticated',
  'put /api/v1/incidents/:id/stages/:submissionId/bsi-acknowledgement': 'authenticated',
  'post /api/v1/incidents/:id/intermediate-request': 'incident:triage',
  'post /api/v1/incidents/:id/triage': 'incident:triage',
  'post /api/v1/incidents/:id/transition': 'incident:triage',
  'get /api/v1/incidents/:id/share/check': 'incident:triage',
  'post /api/v1/incidents/:id/share/preview': 'incident:triage',
  'get /api/v1/incidents/:id/notes': 'incident:triage',
  'post /api/v1/incidents/:id/notes': 'incident:triage',
  'get /api/v1/incidents/:id/tasks': 'incident:triage',
  'post /api/v1/incidents/:id/tasks': 'incident:triage',
  'patch /api/v1/incidents/:id/tasks/:taskId': 'incident:triage',
  'get /api/v1/incidents/:id/timeline': 'authenticated',
  'get /api/v1/incidents/defaults': 'incident:report',
  'get /api/v1/incidents/assignees': 'incident:triage',
  'get /api/v1/indicators/export': 'authenticated',
  'get /api/v1/indicators/spread': 'incident:triage',
  'get /api/v1/incidents/:id/indicators': 'authenticated',
  'post /api/v1/incidents/:id/indicators': 'incident:report',
  'post /api/v1/incidents/:id/share': 'incident:triage',
  'get /api/v1/incidents/:id/shares': 'incident:triage',
  'get /api/v1/incidents/:id/stix': 'authenticated',
  'get /api/v1/incidents/:id/messages': 'authenticated',
  'post /api/v1/incidents/:id/messages': 'incident:report',
  'post /api/v1/incidents/:id/messages/:messageId/read': 'authenticated',
  'post /api/v1/incidents/:id/attachments': 'incident:report',
  'get /api/v1/incidents/:id/attachments/:attachmentId': 'authenticated',
  'post /api/v1/indicators/extract': 'authenticated',
  'get /api/v1/indicators': 'authenticated',
  'get /api/v1/indicators/:id': 'authenticated',
  'post /api/v1/indicators/:id/sightings': 'incident:report',
  'get /api/v1/indicators/:id/sightings': 'authenticated',
  'get /api/v1/indicator-packages': 'authenticated',
  'get /api/v1/indicator-packages/:id': 'authenticated',
  'get /api/v1/indicator-packages/:id/stix': 'authenticated',
  // STIX objects and bundles (the TAXII 2.1 server at /taxii2 is a separate router: test/integration/taxii/, route-inventory)
  'get /api/v1/stix/objects': 'authenticated',
  'get /api/v1/stix/bundle': 'authenticated',
  'post /api/v1/stix/bundles': 'taxii:write',
  // Standards endpoints (server/sharing/): public routes; non-CLEAR content needs a caller and follows visibleTo.
  'get /.well-known/csaf/provider-metadata.json': 'public',
  'get /.well-known/csaf/openpgp/:file': 'public',
  'get /.well-known/csaf/:folder/': 'public',
  'get /.well-known/csaf/:folder/:file': 'public',
  'get /.well-known/csaf/:folder/:year/:file': 'public',
  'get /feeds/misp/manifest.json': 'public',
  'get /feeds/misp/hashes.csv': 'public',
  'get /feeds/misp/:file': 'public',
  'get /feeds/advisories.rss': 'public',
  'get /feeds/advisories.atom': 'public',
  // feeds: sources are managed by CERT admins, the inbox is triaged by the CERT; promotion writes an advisory
  'get /api/v1/feeds': 'feeds:triage',
  'post /api/v1/feeds': 'feeds:manage',
  'get /api/v1/feeds/:id': 'feeds:triage',
  'patch /api/v1/feeds/:id': 'feeds:manage',
  'delete /api/v1/feeds/:id': 'feeds:manage',
  'post /api/v1/feeds/:id/run': 'feeds:manage',
  'get /api/v1/feeds/:id/quarantine': 'feeds:triage',
  'post /api/v1/feeds/:id/quarantine/:entryId/release': 'feeds:manage',
  'get /api/v1/product-aliases': 'feeds:triage',
  'post /api/v1/product-aliases': 'feeds:triage',
  'patch /api/v1/product-aliases/:id': 'feeds:triage',
  'delete /api/v1/product-aliases/:id': 'feeds:triage',
  'get /api/v1/feeds/:id/runs': 'feeds:triage',
  'get /api/v1/feed-items': 'feeds:triage',
  'get /api/v1/feed-items/:id': 'feeds:triage',
  'post /api/v1/feed-items/:id/promote': 'advisory:write',
  'post /api/v1/feed-items/:id/dismiss': 'feeds:triage',
  'post /api/v1/feed-items/:id/seen': 'feeds:triage',
  'post /api/v1/feed-items/bulk': 'feeds:triage',
};

/** A read_only account the demo community lacks; this suite adds it to Stadt Jena. */
const READ_ONLY_EMAIL = 'lesezugang@jena.lagebild.test';

/** One account per role: the demo accounts, and the read_only fixture user. */
const ROLE_ACCOUNTS = {
  cert_admin: 'cert-admin@lagebild.test',
  cert_analyst: 'analyst@lagebild.test',
  org_admin: 'it@erfurt.lagebild.test',
  member: 'it@waltershausen.lagebild.test',
  read_only: READ_ONLY_EMAIL,
} as const;

const SAMPLE_PARAMS: Record<string, string> = { id: '00000000-0000-4000-8000-000000000000', userId: '00000000-0000-4000-8000-000000000001', entryId: '00000000-0000-4000-8000-000000000002', idp: 'nope' };

function concretePath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x');
}

describe('every declared route refuses callers without the required role', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    const [jena] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, 'Stadt Jena'));
    const [user] = await db.insert(users).values({ email: READ_ONLY_EMAIL, name: 'Lesezugang Jena', locale: 'de', passwordHash: await hashPassword(DEMO_PASSWORD) }).returning({ id: users.id });
    await db.insert(memberships).values({ userId: user!.id, organizationId: jena!.id, role: 'read_only' });
  });
  after(async () => server.close());

  it('declares the access of every registered route in the reviewed table, and nothing else', () => {
    const registered = Object.fromEntries(
      server.built.api.routes.map((route) => [
        `${route.method} ${route.path}`,
        'public' in route.access ? 'public' : 'authenticated' in route.access ? 'authenticated' : route.access.capability,
      ]),
    );
    expect(registered).to.deep.equal(ROUTE_ACCESS);
  });

  it('lets exactly the roles holding a capability past its check, for every capability route', async () => {
    const sessions = await Promise.all(Object.entries(ROLE_ACCOUNTS).map(async ([role, email]) => ({ role, ...(await loginAs(server.url, email)) })));
    for (const route of server.built.api.routes) {
      if (!('capability' in route.access)) continue;
      const granted: readonly string[] = CAPABILITY_ROLES[route.access.capability];
      for (const session of sessions) {
        // Sample ids and empty bodies: an allowed caller gets past the role check to a 404/400/200, never a change.
        const response = await session.agent[route.method](concretePath(route.path)).set('x-csrf-token', session.csrfToken).send({});
        const where = `${session.role} ${route.method} ${route.path}`;
        if (granted.includes(session.role)) expect(response.status, where).to.be.oneOf([200, 201, 204, 400, 404, 409, 422]);
        else expect(response.status, where).to.equal(403);
      }
    }
  });

  it('answers 401 to anonymous callers on every non-public route', async () => {
    for (const route of server.built.api.routes) {
      if ('public' in route.access) continue;
      const response = await request(server.url)[route.method](concretePath(route.path)).send({});
      expect(response.status, `${route.method} ${route.path}`).to.equal(401);
    }
  });

  it('answers 403 to a plain member on every capability route that members lack', async () => {
    const member = await loginAs(server.url, 'it@waltershausen.lagebild.test');
    const memberCapabilities = new Set(['incident:report', 'inventory:write', 'advisory:acknowledge']);
    let checked = 0;
    for (const route of server.built.api.routes) {
      if (!('capability' in route.access) || memberCapabilities.has(route.access.capability)) continue;
      const response = await member.agent[route.method](concretePath(route.path)).set('x-csrf-token', member.csrfToken).send({});
      expect(response.status, `${route.method} ${route.path}`).to.equal(403);
      checked += 1;
    }
    expect(checked).to.be.greaterThan(10);
  });

  it('lets a read_only account read but change nothing, not even in its own organization', async () => {
    const reader = await loginAs(server.url, READ_ONLY_EMAIL);
    const me = await reader.agent.get('/api/v1/me');
    expect(me.body.memberships.map((m: { role: string }) => m.role)).to.deep.equal(['read_only']);
    const jena = me.body.memberships[0].organization.id as string;
    expect((await reader.agent.get('/api/v1/advisories')).status).to.equal(200);
    expect((await reader.agent.get(`/api/v1/organizations/${jena}/assets`)).status).to.equal(200);
    const send = (method: 'post' | 'put' | 'patch', path: string, body: Record<string, unknown>) => reader.agent[method](path).set('x-csrf-token', reader.csrfToken).send(body);
    // Routes open to any authenticated caller whose service decides: each must still say no.
    expect((await send('post', `/api/v1/organizations/${jena}/webhooks`, { url: 'https://hooks.example.org/x' })).status).to.equal(403);
    expect((await send('put', `/api/v1/organizations/${jena}/contacts`, { contacts: [] })).status).to.equal(403);
    expect((await reader.agent.get(`/api/v1/organizations/${jena}/contacts`)).status).to.equal(403);
    expect((await send('post', `/api/v1/organizations/${jena}/members`, { email: 'x@jena.lagebild.test', role: 'member' })).status).to.equal(403);
    expect((await send('post', '/api/v1/incidents', { draft: { title: 'x' } })).status).to.equal(403);
    expect((await send('post', `/api/v1/organizations/${jena}/assets`, { vendor: 'a', product: 'b' })).status).to.equal(403);
    const hooks = await loginAs(server.url, 'it@jena.lagebild.test');
    expect((await hooks.agent.get(`/api/v1/organizations/${jena}/webhooks`)).body.items, 'nothing was created').to.have.length(0);
  });

  it('lets an org_admin manage only their own organization', async () => {
    const jena = await loginAs(server.url, 'it@jena.lagebild.test');
    const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const erfurtOrg = (await erfurt.agent.get('/api/v1/me')).body.memberships[0].organization.id as string;
    expect((await erfurt.agent.get(`/api/v1/organizations/${erfurtOrg}/members`)).status).to.equal(200);
    expect((await jena.agent.get(`/api/v1/organizations/${erfurtOrg}/members`)).status).to.equal(403);
    const grantCert = await erfurt.agent.post(`/api/v1/organizations/${erfurtOrg}/members`).set('x-csrf-token', erfurt.csrfToken).send({ email: 'neu@erfurt.lagebild.test', role: 'cert_admin' });
    expect(grantCert.status).to.equal(400);
    const add = await erfurt.agent.post(`/api/v1/organizations/${erfurtOrg}/members`).set('x-csrf-token', erfurt.csrfToken).send({ email: 'neu@erfurt.lagebild.test', role: 'member' });
    expect(add.status, JSON.stringify(add.body)).to.equal(201);
    expect(add.body).to.have.all.keys('userId');
    const promote = await erfurt.agent.patch(`/api/v1/organizations/${erfurtOrg}/members/${add.body.userId}`).set('x-csrf-token', erfurt.csrfToken).send({ role: 'org_admin' });
    expect(promote.status).to.equal(204);
  });

  it('lets a cert_admin create an organization and a sharing group, audited', async () => {
    const admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    const org = await admin.agent.post('/api/v1/organizations').set('x-csrf-token', admin.csrfToken).send({ name: 'Gemeinde Teststadt', kind: 'municipality', ags: '16099001' });
    expect(org.status).to.equal(201);
    const duplicate = await admin.agent.post('/api/v1/organizations').set('x-csrf-token', admin.csrfToken).send({ name: 'Gemeinde Teststadt', kind: 'municipality' });
    expect(duplicate.status).to.equal(409);
    const group = await admin.agent.post('/api/v1/sharing-groups').set('x-csrf-token', admin.csrfToken).send({ name: 'Testgruppe', organizationIds: [org.body.id] });
    expect(group.status).to.equal(201);
    const audit = await admin.agent.get('/api/v1/audit').query({ action: 'organization.' });
    expect(audit.body.items.map((item: { action: string }) => item.action)).to.include('organization.created');
  });
});
