import { expect } from 'chai';
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';

const SAMPLE_PARAMS: Record<string, string> = { id: '00000000-0000-4000-8000-000000000000', userId: '00000000-0000-4000-8000-000000000001', idp: 'nope' };

function concretePath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x');
}

describe('every declared route refuses callers without the required role', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

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
    expect(add.body.invited).to.equal(true);
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
