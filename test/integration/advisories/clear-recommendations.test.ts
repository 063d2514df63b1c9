/**
 * Recommendations are optional: an analyst who empties them in the editor removes them. The editor
 * sends `"recommendations": null` (a PATCH that left the field out kept the old text), for a draft
 * and for the prepared revision of a published advisory; other localized fields still merge per language.
 */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { advisoryBody, publishedAdvisory } from '../../support/advisories.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

const RECOMMENDATIONS = { de: 'Update 14.1-12.35 einspielen.', en: 'Install update 14.1-12.35.' };

describe('advisories: removing the recommendations', () => {
  let server: TestServer;
  let analyst: Session;

  before(async () => {
    server = await startTestServer();
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
  });
  after(async () => server.close());

  const send = (method: 'post' | 'patch', path: string, body?: object) => analyst.agent[method](`/api/v1/advisories${path}`).set('X-CSRF-Token', analyst.csrfToken).send(body);

  it('removes them from a draft with "recommendations": null, and keeps them when the PATCH leaves them out', async () => {
    const created = await send('post', '', advisoryBody({ recommendations: RECOMMENDATIONS }));
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const id = created.body.id as string;
    expect(created.body.recommendations).to.deep.equal(RECOMMENDATIONS);

    const untouched = await send('patch', `/${id}`, { summary: { de: 'Neue Zusammenfassung.' } });
    expect(untouched.status, JSON.stringify(untouched.body)).to.equal(200);
    expect(untouched.body.recommendations).to.deep.equal(RECOMMENDATIONS);

    const cleared = await send('patch', `/${id}`, { recommendations: null });
    expect(cleared.status, JSON.stringify(cleared.body)).to.equal(200);
    expect(cleared.body).to.not.have.property('recommendations');
    expect(cleared.body).to.not.have.property('recommendationsHtml');
    const stored = (await analyst.agent.get(`/api/v1/advisories/${id}`)).body;
    expect(stored).to.not.have.property('recommendations');
    expect(stored.summary.de).to.equal('Neue Zusammenfassung.');
  });

  it('removes them in the revision of a published advisory, and the next version is published without them', async () => {
    const id = await publishedAdvisory(analyst, advisoryBody({ recommendations: RECOMMENDATIONS }));
    const revision = await send('patch', `/${id}`, { recommendations: null });
    expect(revision.status, JSON.stringify(revision.body)).to.equal(200);
    expect(revision.body.recommendations, 'the published version keeps them until the revision is published').to.deep.equal(RECOMMENDATIONS);
    expect(revision.body.pendingRevision).to.not.have.property('recommendations');

    const published = await send('post', `/${id}/publish`, { changeNote: { de: 'Empfehlungen entfernt: das Update ist zurückgezogen.' } });
    expect(published.status, JSON.stringify(published.body)).to.equal(200);
    expect(published.body.version).to.equal(2);
    expect(published.body).to.not.have.property('recommendations');
  });

  it('refuses anything else in place of the recommendations', async () => {
    const created = await send('post', '', advisoryBody({ recommendations: RECOMMENDATIONS }));
    const id = created.body.id as string;
    for (const value of ['', [], 'Update einspielen.', { fr: 'Mettre à jour.' }]) {
      const response = await send('patch', `/${id}`, { recommendations: value });
      expect(response.status, `${JSON.stringify(value)}: ${JSON.stringify(response.body)}`).to.equal(422);
      expect(response.body.code).to.equal('UNPROCESSABLE_CONTENT');
    }
    expect((await analyst.agent.get(`/api/v1/advisories/${id}`)).body.recommendations).to.deep.equal(RECOMMENDATIONS);
  });
});
