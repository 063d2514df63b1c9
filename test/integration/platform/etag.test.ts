import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { advisoryBody, organizationIds } from '../../support/advisories.js';
import { reportDraft } from '../../support/incidents.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

/** No lost updates: strong ETags, If-Match, 412 with the current version (server/platform/http/etag.ts). */
describe('ETag and If-Match on editable resources', () => {
  let server: TestServer;
  let analyst: Session;
  let admin: Session;
  let orgs: Map<string, string>;

  before(async () => {
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    orgs = await organizationIds(admin.agent);
  });
  after(async () => server?.close());

  /** The second of two writers who both started from the same ETag gets 412 with the current version. */
  async function secondWriterLoses(session: Session, method: 'patch' | 'put', read: string, write: string, first: object, second: object): Promise<void> {
    const loaded = await session.agent.get(read);
    expect(loaded.status, `${read} ${loaded.text}`).to.equal(200);
    const etag = loaded.headers.etag as string;
    expect(etag, `${read} has a strong ETag`).to.match(/^"[^"]+"$/);
    const won = await session.agent[method](write).set('x-csrf-token', session.csrfToken).set('if-match', etag).send(first);
    expect(won.status, `${write} ${won.text}`).to.equal(200);
    expect(won.headers.etag, 'a write answers with the new ETag').to.be.a('string').and.not.equal(etag);
    const lost = await session.agent[method](write).set('x-csrf-token', session.csrfToken).set('if-match', etag).send(second);
    expect(lost.status, `${write} ${lost.text}`).to.equal(412);
    expect(lost.headers['content-type']).to.match(/application\/problem\+json/);
    expect(lost.body.code).to.equal('PRECONDITION_FAILED');
    expect(lost.body.etag).to.equal(won.headers.etag);
    expect(lost.headers.etag).to.equal(won.headers.etag);
    expect(lost.body.current, 'the current version comes along').to.be.an('object');
    const after = await session.agent.get(read);
    expect(after.headers.etag, 'the losing write changed nothing').to.equal(won.headers.etag);
  }

  it('two analysts patch one draft from the same ETag: the second gets 412 with the current version', async () => {
    const created = await analyst.agent.post('/api/v1/advisories').set('x-csrf-token', analyst.csrfToken).send(advisoryBody());
    expect(created.status).to.equal(201);
    const id = created.body.id as string;
    const loaded = await analyst.agent.get(`/api/v1/advisories/${id}`);
    const etag = loaded.headers.etag as string;
    expect(etag).to.match(/^"[^"]+"$/);

    const first = await analyst.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', analyst.csrfToken).set('if-match', etag).send({ severity: 'hoch' });
    expect(first.status, first.text).to.equal(200);
    expect(first.headers.etag).to.not.equal(etag);
    const second = await admin.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', admin.csrfToken).set('if-match', etag).send({ severity: 'niedrig' });
    expect(second.status, second.text).to.equal(412);
    expect(second.body.code).to.equal('PRECONDITION_FAILED');
    expect(second.body.current.severity).to.equal('hoch');
    expect(second.headers.etag).to.equal(second.body.etag);
    expect((await analyst.agent.get(`/api/v1/advisories/${id}`)).body.severity, 'nothing of the stale write was stored').to.equal('hoch');

    // With the current ETag the colleague's change goes through, and the ETag moves on again.
    const again = await admin.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', admin.csrfToken).set('if-match', second.body.etag as string).send({ severity: 'niedrig' });
    expect(again.status).to.equal(200);
    expect(again.headers.etag).to.not.equal(second.body.etag);
    // Without If-Match a write still proceeds (API clients), weak or malformed tags do not.
    expect((await admin.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', admin.csrfToken).send({ severity: 'mittel' })).status).to.equal(200);
    expect((await admin.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', admin.csrfToken).set('if-match', `W/${again.headers.etag as string}`).send({ severity: 'hoch' })).status).to.equal(412);
    expect((await admin.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', admin.csrfToken).set('if-match', 'gibberish').send({ severity: 'hoch' })).status).to.equal(400);
  });

  it('keeps the other languages when one language of a localized field is patched, on drafts and revisions', async () => {
    const created = await analyst.agent.post('/api/v1/advisories').set('x-csrf-token', analyst.csrfToken).send(advisoryBody({ recommendations: { de: 'Sofort patchen.', en: 'Patch now.' } }));
    const id = created.body.id as string;
    const patched = await analyst.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', analyst.csrfToken)
      .send({ body: { de: 'Neuer deutscher Text' }, title: { de: 'Neuer Titel' }, summary: { en: 'New summary' }, recommendations: { de: 'Heute patchen.' } });
    expect(patched.status, patched.text).to.equal(200);
    expect(patched.body.body).to.deep.equal({ de: 'Neuer deutscher Text', en: 'The **vulnerability** affects the gateway.' });
    expect(patched.body.title).to.deep.equal({ de: 'Neuer Titel', en: 'Critical vulnerability in NetScaler ADC' });
    expect(patched.body.summary.de).to.equal('Eine Schwachstelle erlaubt entfernten Angreifern die Ausführung von Code.');
    expect(patched.body.summary.en).to.equal('New summary');
    expect(patched.body.recommendations).to.deep.equal({ de: 'Heute patchen.', en: 'Patch now.' });
    const removed = await analyst.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', analyst.csrfToken).send({ body: { en: null } });
    expect(removed.body.body).to.deep.equal({ de: 'Neuer deutscher Text' });
    const noGerman = await analyst.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', analyst.csrfToken).send({ body: { de: null } });
    expect(noGerman.status, 'German cannot be removed').to.be.oneOf([400, 422]);

    // A prepared revision of a published advisory merges the same way.
    expect((await analyst.agent.post(`/api/v1/advisories/${id}/publish`).set('x-csrf-token', analyst.csrfToken).send({})).status).to.equal(200);
    const revised = await analyst.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', analyst.csrfToken).send({ body: { en: 'English again' } });
    expect(revised.body.pendingRevision.body).to.deep.equal({ de: 'Neuer deutscher Text', en: 'English again' });
  });

  it('answers 412 for a stale incident draft', async () => {
    const soc = await loginAs(server.url, 'soc@swnt.lagebild.test');
    const created = await soc.agent.post('/api/v1/incidents').set('x-csrf-token', soc.csrfToken).send({ draft: reportDraft() });
    expect(created.status, created.text).to.equal(201);
    const path = `/api/v1/incidents/${created.body.id as string}`;
    await secondWriterLoses(soc, 'patch', path, path, { draft: reportDraft({ title: 'Erste Fassung' }) }, { draft: reportDraft({ title: 'Zweite Fassung' }) });
  });

  it('answers 412 for a stale inventory entry', async () => {
    const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const base = `/api/v1/organizations/${orgs.get('Stadt Erfurt')!}/assets`;
    const created = await erfurt.agent.post(base).set('x-csrf-token', erfurt.csrfToken).send({ vendor: 'Citrix', product: 'NetScaler ADC', version: '13.1' });
    expect(created.status, created.text).to.equal(201);
    const path = `${base}/${created.body.id as string}`;
    await secondWriterLoses(erfurt, 'patch', path, path, { version: '13.1-49.15' }, { version: '14.1' });
  });

  it('answers 412 for a stale organization profile', async () => {
    const jena = await loginAs(server.url, 'it@jena.lagebild.test');
    const path = `/api/v1/organizations/${orgs.get('Stadt Jena')!}/profile`;
    const current = (await jena.agent.get(path)).body as Record<string, unknown>;
    const fields = ['sector', 'nis2EntityType', 'kritisOperator', 'registeredDomains', 'emailDomains', 'ipRanges'];
    const editable = Object.fromEntries(Object.entries(current).filter(([key]) => fields.includes(key)));
    await secondWriterLoses(jena, 'put', path, path, { ...editable, kritisOperator: !current.kritisOperator }, editable);
  });

  it('answers 412 for a stale feed source', async () => {
    const feeds = await admin.agent.get('/api/v1/feeds');
    const id = (feeds.body.items as { id: string }[])[0]!.id;
    const path = `/api/v1/feeds/${id}`;
    await secondWriterLoses(admin, 'patch', path, path, { schedule: '7 * * * *' }, { schedule: '8 * * * *' });
  });

  it('answers 412 for a stale webhook and stale notification preferences', async () => {
    const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const organization = orgs.get('Stadt Erfurt')!;
    const created = await erfurt.agent.post(`/api/v1/organizations/${organization}/webhooks`).set('x-csrf-token', erfurt.csrfToken).send({ url: 'http://127.0.0.1:9/hook' });
    expect(created.status, created.text).to.equal(201);
    const path = `/api/v1/organizations/${organization}/webhooks/${created.body.id as string}`;
    const won = await erfurt.agent.patch(path).set('x-csrf-token', erfurt.csrfToken).send({ enabled: false });
    expect(won.status).to.equal(200);
    const stale = won.headers.etag as string;
    expect((await erfurt.agent.patch(path).set('x-csrf-token', erfurt.csrfToken).set('if-match', stale).send({ enabled: true })).status).to.equal(200);
    const lost = await erfurt.agent.patch(path).set('x-csrf-token', erfurt.csrfToken).set('if-match', stale).send({ enabled: false });
    expect(lost.status, lost.text).to.equal(412);
    expect(lost.body.current.enabled).to.equal(true);
    expect(JSON.stringify(lost.body), 'the signing secret never comes back').not.to.include(created.body.secret as string);

    const prefs = '/api/v1/me/notification-preferences';
    const current = (await erfurt.agent.get(prefs)).body as Record<string, unknown>;
    await secondWriterLoses(erfurt, 'put', prefs, prefs, { ...current, minSeverity: current.minSeverity === 'hoch' ? 'mittel' : 'hoch' }, { ...current, minSeverity: 'niedrig' });
  });
});
