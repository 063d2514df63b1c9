/**
 * A draft may hold its texts in English only (as one promoted from CISA KEV, NVD or an English CSAF
 * source does); publishing needs German (GERMAN_TEXT_REQUIRED naming each field), and a revision of
 * a published advisory cannot drop its German text.
 */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { advisoryBody, publishedAdvisory } from '../../support/advisories.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

const ENGLISH = {
  title: { de: '', en: 'Ivanti Connect Secure: remote code execution' },
  summary: { de: '', en: 'An unauthenticated attacker can run code on the gateway.' },
  body: { de: '', en: 'Apply the vendor fix.' },
  recommendations: { de: '', en: 'Apply mitigations per vendor instructions.' },
};

describe('advisories: English-only drafts and German for publishing', () => {
  let server: TestServer;
  let analyst: Session;

  before(async () => {
    server = await startTestServer();
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
  });
  after(async () => server.close());

  const send = (method: 'post' | 'patch', path: string, body?: object) => analyst.agent[method](`/api/v1/advisories${path}`).set('X-CSRF-Token', analyst.csrfToken).send(body);
  const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((error) => error.path);

  it('saves a draft with English text only (create and PATCH), and refuses to publish it with GERMAN_TEXT_REQUIRED naming each field', async () => {
    const created = await send('post', '', advisoryBody(ENGLISH));
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const id = created.body.id as string;
    expect(created.body.title).to.deep.equal(ENGLISH.title);

    // The editor saves the whole form: German empty, English edited.
    const patched = await send('patch', `/${id}`, { title: { de: '', en: 'Ivanti Connect Secure: RCE (updated)' }, summary: { de: '' }, body: { de: '', en: 'Apply the vendor fix now.' } });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    expect(patched.body.title).to.deep.equal({ de: '', en: 'Ivanti Connect Secure: RCE (updated)' });
    expect(patched.body.body).to.deep.equal({ de: '', en: 'Apply the vendor fix now.' });
    expect(patched.body.status).to.equal('draft');

    const publish = await send('post', `/${id}/publish`, {});
    expect(publish.status, JSON.stringify(publish.body)).to.equal(422);
    expect(publish.body.code).to.equal('GERMAN_TEXT_REQUIRED');
    expect(paths(publish.body)).to.have.members(['title.de', 'summary.de', 'body.de', 'recommendations.de']);
    expect((await analyst.agent.get(`/api/v1/advisories/${id}`)).body.status).to.equal('draft');

    // The publish dialog's preview names the same reason.
    const check = await analyst.agent.get(`/api/v1/advisories/${id}/audience-check`);
    expect(check.status, JSON.stringify(check.body)).to.equal(200);
    expect(check.body).to.include({ publishable: false, problem: 'GERMAN_TEXT_REQUIRED' });

    // With the German text written, it publishes.
    const german = await send('patch', `/${id}`, {
      title: { de: 'Ivanti Connect Secure: Codeausführung' },
      summary: { de: 'Ein Angreifer kann ohne Anmeldung Code auf dem Gateway ausführen.' },
      body: { de: 'Spielen Sie das Update des Herstellers ein.' },
      recommendations: { de: 'Maßnahmen nach Herstellerangaben umsetzen.' },
    });
    expect(german.status, JSON.stringify(german.body)).to.equal(200);
    const published = await send('post', `/${id}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).to.equal(200);
    expect(published.body.title).to.deep.equal({ de: 'Ivanti Connect Secure: Codeausführung', en: 'Ivanti Connect Secure: RCE (updated)' });
  });

  it('still rejects a text in neither language, on create and on PATCH', async () => {
    const created = await send('post', '', advisoryBody({ title: { de: '' }, summary: { de: '  ', en: 'Only English.' } }));
    expect(created.status, JSON.stringify(created.body)).to.equal(422);
    expect(created.body.code).to.equal('UNPROCESSABLE_CONTENT');
    expect(paths(created.body)).to.deep.equal(['title.de']);

    const draft = await send('post', '', advisoryBody(ENGLISH));
    expect(draft.status).to.equal(201);
    const emptied = await send('patch', `/${draft.body.id as string}`, { title: { de: '', en: null } });
    expect(emptied.status, JSON.stringify(emptied.body)).to.equal(422);
    expect(paths(emptied.body)).to.include('title.de');
    expect((await analyst.agent.get(`/api/v1/advisories/${draft.body.id as string}`)).body.title).to.deep.equal(ENGLISH.title);
  });

  it('refuses a revision of a published advisory that empties its German text, and keeps the published version', async () => {
    const id = await publishedAdvisory(analyst, advisoryBody());
    const dropped = await send('patch', `/${id}`, { title: { de: '' }, summary: { de: '', en: 'A vulnerability lets remote attackers run code (updated).' } });
    expect(dropped.status, JSON.stringify(dropped.body)).to.equal(422);
    expect(dropped.body.code).to.equal('GERMAN_TEXT_REQUIRED');
    expect(paths(dropped.body)).to.have.members(['title.de', 'summary.de']);

    // English-only recommendations added in a revision are refused too: German is published content.
    const englishOnly = await send('patch', `/${id}`, { recommendations: { de: '', en: 'Update now.' } });
    expect(englishOnly.status, JSON.stringify(englishOnly.body)).to.equal(422);
    expect(paths(englishOnly.body)).to.deep.equal(['recommendations.de']);

    const current = (await analyst.agent.get(`/api/v1/advisories/${id}`)).body;
    expect(current.pendingRevision).to.equal(null);
    expect(current.title.de).to.equal('Kritische Schwachstelle in NetScaler ADC');

    // A revision that keeps the German text is stored as before.
    const kept = await send('patch', `/${id}`, { title: { en: 'Critical vulnerability in NetScaler ADC (updated)' } });
    expect(kept.status, JSON.stringify(kept.body)).to.equal(200);
    expect(kept.body.pendingRevision.title).to.deep.equal({ de: 'Kritische Schwachstelle in NetScaler ADC', en: 'Critical vulnerability in NetScaler ADC (updated)' });
  });
});
