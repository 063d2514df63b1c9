import { expect } from 'chai';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';

describe('advisory visibility: AMBER for Landkreis Gotha', () => {
  let server: TestServer;
  let amberId: string;
  let clearId: string;
  let greenId: string;

  before(async () => {
    server = await startTestServer();
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const orgs = await organizationIds(analyst.agent);
    amberId = await publishedAdvisory(
      analyst,
      advisoryBody({ title: { de: 'Gothaer Kreisnetz: Angriffe auf VPN-Gateways' }, tlp: 'AMBER', audience: { organizations: [orgs.get('Landkreis Gotha')], sharingGroups: [], users: [] } }),
    );
    clearId = await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Öffentliche Warnung zu VPN-Gateways' }, tlp: 'CLEAR' }));
    greenId = await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Gemeinschaftswarnung zu VPN-Gateways' }, tlp: 'GREEN' }));
  });
  after(async () => server.close());

  for (const email of ['isb@lk-gotha.lagebild.test', 'it@waltershausen.lagebild.test']) {
    it(`shows it to ${email} in list, detail, search and STIX export`, async () => {
      const { agent } = await loginAs(server.url, email);
      const list = await agent.get('/api/v1/advisories');
      expect((list.body.items as { id: string }[]).map((item) => item.id)).to.include(amberId);
      const detail = await agent.get(`/api/v1/advisories/${amberId}`);
      expect(detail.status).to.equal(200);
      expect(detail.body.tlp).to.equal('AMBER');
      expect(detail.body.abilities).to.deep.equal({ edit: false, publish: false, export: true });
      const search = await agent.get('/api/v1/search').query({ q: 'Gothaer Kreisnetz' });
      expect((search.body.items as { id: string }[]).map((item) => item.id)).to.deep.equal([amberId]);
      const stix = await agent.get(`/api/v1/advisories/${amberId}/stix`);
      expect(stix.status).to.equal(200);
      expect(stix.body.type).to.equal('bundle');
    });
  }

  it('answers it@erfurt with 404 on detail, versions and STIX, and hides it from list and search', async () => {
    const { agent } = await loginAs(server.url, 'it@erfurt.lagebild.test');
    for (const path of ['', '/stix', '/versions', '/versions/1']) {
      const response = await agent.get(`/api/v1/advisories/${amberId}${path}`);
      expect(response.status, path).to.equal(404);
      expect(response.headers['content-type']).to.match(/application\/problem\+json/);
      expect(JSON.stringify(response.body)).not.to.contain('Gothaer');
    }
    const list = await agent.get('/api/v1/advisories');
    expect((list.body.items as { id: string }[]).map((item) => item.id)).not.to.include(amberId);
    const search = await agent.get('/api/v1/search').query({ q: 'Gothaer Kreisnetz' });
    expect(search.body.items).to.deep.equal([]);
    const filtered = await agent.get('/api/v1/advisories').query({ tlp: 'AMBER' });
    expect(filtered.body.items).to.deep.equal([]);
  });

  it('shows anonymous visitors only CLEAR advisories', async () => {
    const anonymous = request(server.url);
    const list = await anonymous.get('/api/v1/advisories');
    expect(list.status).to.equal(200);
    expect((list.body.items as { id: string; tlp: string }[]).map((item) => item.id)).to.deep.equal([clearId]);
    expect((await anonymous.get(`/api/v1/advisories/${clearId}`)).status).to.equal(200);
    expect((await anonymous.get(`/api/v1/advisories/${greenId}`)).status).to.equal(404);
    expect((await anonymous.get(`/api/v1/advisories/${amberId}`)).status).to.equal(404);
    const search = await anonymous.get('/api/v1/search').query({ q: 'VPN-Gateways' });
    expect((search.body.items as { id: string }[]).map((item) => item.id)).to.deep.equal([clearId]);
    expect((await anonymous.get(`/api/v1/advisories/${amberId}/versions`)).status).to.equal(401);
  });

  it('hides drafts from everyone but the CERT writers and the author', async () => {
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const draft = await analyst.agent.post('/api/v1/advisories').set('X-CSRF-Token', analyst.csrfToken).send(advisoryBody({ tlp: 'CLEAR' }));
    expect(draft.status).to.equal(201);
    const admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    expect((await admin.agent.get(`/api/v1/advisories/${draft.body.id}`)).status).to.equal(200);
    const member = await loginAs(server.url, 'isb@lk-gotha.lagebild.test');
    expect((await member.agent.get(`/api/v1/advisories/${draft.body.id}`)).status).to.equal(404);
    expect((await request(server.url).get(`/api/v1/advisories/${draft.body.id}`)).status).to.equal(404);
  });
});
