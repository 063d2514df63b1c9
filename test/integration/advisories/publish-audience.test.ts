/**
 * Publishing learns from matching: `GET /:id/audience-check` (the editor) and `POST /:id/publish`
 * name the organizations that run an affected product outside the audience and the addressed ones
 * that are not affected; TLP:AMBER with an empty audience is refused (AUDIENCE_REQUIRED, 422).
 */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { advisoryBody, organizationIds } from '../../support/advisories.js';

type Check = { affectedOutsideAudience: { name: string; certainty: string; reasons: { de: string }[] }[]; addressedNotAffected: { name: string }[] };

describe('POST /api/v1/advisories/:id/publish and GET /:id/audience-check', function () {
  this.timeout(120_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { LAGEBILD_DEMO_INVENTORY: 'true' } });
  });
  after(async () => {
    await server?.close();
  });

  it('names Erfurt (runs the affected NetScaler ADC) outside an AMBER audience of Jena, and Jena as addressed but not affected', async () => {
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const orgs = await organizationIds(analyst.agent);
    const body = advisoryBody({ tlp: 'AMBER', audience: { organizations: [orgs.get('Stadt Jena')], sharingGroups: [], users: [] }, products: [{ vendor: 'Citrix', product: 'NetScaler ADC', versions: [{ from: '13.1', below: '13.1-49.15' }] }] });
    const created = await analyst.agent.post('/api/v1/advisories').set('X-CSRF-Token', analyst.csrfToken).send(body);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const id = created.body.id as string;

    const preview = await analyst.agent.get(`/api/v1/advisories/${id}/audience-check`);
    expect(preview.status).to.equal(200);
    const check = preview.body as Check & { publishable: boolean };
    expect(check.publishable).to.equal(true);
    expect(check.affectedOutsideAudience.map((org) => [org.name, org.certainty])).to.deep.equal([['Stadt Erfurt', 'confirmed']]);
    expect(check.affectedOutsideAudience[0]!.reasons[0]!.de).to.equal('betreibt Citrix NetScaler ADC 13.1-48.47, betroffen >= 13.1 und < 13.1-49.15');
    expect(check.addressedNotAffected.map((org) => org.name)).to.deep.equal(['Stadt Jena']);

    const published = await analyst.agent.post(`/api/v1/advisories/${id}/publish`).set('X-CSRF-Token', analyst.csrfToken).send();
    expect(published.status).to.equal(200);
    expect((published.body as { audienceCheck: Check }).audienceCheck.affectedOutsideAudience.map((org) => org.name)).to.deep.equal(['Stadt Erfurt']);
    // Erfurt is not in the audience: it is not told (the policy decides), and the CERT sees why in the answer.
    const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    expect((await erfurt.agent.get(`/api/v1/advisories/${id}`)).status).to.equal(404);
  });

  it('refuses to publish TLP:AMBER with an empty audience, with a clear error, and the preview says so', async () => {
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const created = await analyst.agent.post('/api/v1/advisories').set('X-CSRF-Token', analyst.csrfToken).send(advisoryBody({ tlp: 'AMBER' }));
    expect(created.status).to.equal(201);
    const id = created.body.id as string;
    const preview = await analyst.agent.get(`/api/v1/advisories/${id}/audience-check`);
    expect(preview.body).to.include({ publishable: false, problem: 'AUDIENCE_REQUIRED' });
    const refused = await analyst.agent.post(`/api/v1/advisories/${id}/publish`).set('X-CSRF-Token', analyst.csrfToken).send();
    expect(refused.status).to.equal(422);
    expect(refused.body).to.include({ code: 'AUDIENCE_REQUIRED' });
    expect(refused.body.detail).to.match(/TLP:AMBER is shared with named recipients: choose the organizations or sharing groups/);
    expect((await analyst.agent.get(`/api/v1/advisories/${id}`)).body.status).to.equal('draft');
  });
});
