import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { advisoryBody, publishedAdvisory } from '../../support/advisories.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

// A prepared revision follows the policy of what it would become (server/access/policy.ts
// canViewPendingRevision): a TLP:RED revision of a GREEN advisory is for its author and named recipients.
describe('prepared revisions follow the policy of what they would become', () => {
  let server: TestServer;
  let analyst: Session;
  let certAdmin: Session;
  let jena: Session;

  before(async () => {
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    certAdmin = await loginAs(server.url, 'cert-admin@lagebild.test');
    jena = await loginAs(server.url, 'it@jena.lagebild.test');
  });
  after(async () => server?.close());

  it('hides a TLP:RED revision from a cert_admin who is not a recipient, on every path, and lets nobody else change or publish it', async () => {
    const id = await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Öffentlich bekannt' }, tlp: 'GREEN' }));
    const secret = `Nur für Jena ${Date.now()}`;
    const prepared = await analyst.agent
      .patch(`/api/v1/advisories/${id}`)
      .set('x-csrf-token', analyst.csrfToken)
      .send({ title: { de: secret }, body: { de: secret }, tlp: 'RED', audience: { organizations: [], sharingGroups: [], users: [jena.userId] } });
    expect(prepared.status, JSON.stringify(prepared.body)).to.equal(200);
    expect(prepared.body.pendingRevision.title.de, 'the author sees what she prepared').to.equal(secret);

    const seen = await certAdmin.agent.get(`/api/v1/advisories/${id}`);
    expect(seen.status).to.equal(200);
    expect(seen.body.pendingRevision).to.equal(null);
    expect(seen.body.abilities).to.include({ edit: false, publish: false });
    expect(seen.text).not.to.include(secret);

    for (const path of [`/api/v1/advisories?limit=500`, `/api/v1/advisories/${id}/versions`, `/api/v1/advisories/${id}/versions/1`, `/api/v1/advisories/${id}/stix`, `/api/v1/search?q=${encodeURIComponent(secret)}`]) {
      const response = await certAdmin.agent.get(path);
      expect(response.text, path).not.to.include(secret);
    }
    const preview = await certAdmin.agent.get(`/api/v1/advisories/${id}/audience-check`);
    expect(preview.status).to.equal(403);
    expect(preview.text).not.to.include(secret);

    // Changing it (say, back to GREEN) would show it; publishing it would too.
    const overwrite = await certAdmin.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', certAdmin.csrfToken).send({ tlp: 'GREEN', audience: { organizations: [], sharingGroups: [], users: [] } });
    expect(overwrite.status).to.equal(403);
    expect(overwrite.text).not.to.include(secret);
    const publish = await certAdmin.agent.post(`/api/v1/advisories/${id}/publish`).set('x-csrf-token', certAdmin.csrfToken).send({});
    expect(publish.status).to.equal(403);
    expect(publish.text).not.to.include(secret);

    // The author still sees and publishes it; the recipient then reads it.
    const published = await analyst.agent.post(`/api/v1/advisories/${id}/publish`).set('x-csrf-token', analyst.csrfToken).send({ changeNote: { de: 'Nur noch für Stadt Jena (TLP:RED).' } });
    expect(published.status, JSON.stringify(published.body)).to.equal(200);
    expect((await jena.agent.get(`/api/v1/advisories/${id}`)).body.title.de).to.equal(secret);
    expect((await certAdmin.agent.get(`/api/v1/advisories/${id}`)).status, 'RED now: not even the CERT').to.equal(404);
  });

  it('shows a TLP:AMBER revision to the CERT writers who edit the advisory', async () => {
    const id = await publishedAdvisory(analyst, advisoryBody({ tlp: 'GREEN' }));
    const prepared = await analyst.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', analyst.csrfToken).send({ summary: { de: 'Neue Zusammenfassung' } });
    expect(prepared.status).to.equal(200);
    const seen = await certAdmin.agent.get(`/api/v1/advisories/${id}`);
    expect(seen.body.pendingRevision.summary.de).to.equal('Neue Zusammenfassung');
    expect(seen.body.abilities.edit).to.equal(true);
  });
});
