import { expect } from 'chai';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { platformFeedHttp } from '../../../server/feeds/http-factory.js';
import { FeedRunListSchema, FeedRunSchema, FeedSourceListSchema, FeedSourceSchema } from '../../../server/feeds/feeds.schemas.js';
import { bsiCsaf, fixtureAdapter, kevCatalog, kevEntry, startFeedFixtureServer, type FixtureServer } from '../../support/feed-fixtures.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
type Card = { key: string; cves: string[]; items: { id: string; externalId: string; state: string; source: { key: string } }[]; related: { id: string; externalId: string }[]; enrichments: { cve: string; kev: unknown }[] };

describe('feeds API: sources, run now, inbox, triage, promotion', function () {
  let server: TestServer;
  let fixtures: FixtureServer;
  let admin: Session;
  let analyst: Session;
  let sourceId: string;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 20 });

  before(async () => {
    fixtures = await startFeedFixtureServer({ kev: kevCatalog([kevEntry(1), kevEntry(2), kevEntry(3)]), csaf: [bsiCsaf({ cves: ['CVE-2026-10002', 'CVE-2026-10004'] })] });
    server = await startTestServer({ feedHttp: http, feedAdapters: { 'cisa-kev': fixtureAdapter } });
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
  });
  after(async () => {
    await server?.close();
    await fixtures?.close();
    await http.close();
  });

  it('lists the config catalog, disabled, and lets only a CERT admin add a source', async () => {
    const list = await analyst.agent.get('/api/v1/feeds');
    expect(list.status).to.equal(200);
    // The OpenAPI document (and the client's generated types) promise exactly this shape.
    FeedSourceListSchema.strict().parse(list.body);
    const keys = (list.body.items as { key: string; enabled: boolean; managedBy: string }[]).filter((item) => item.managedBy === 'config');
    expect(keys.map((item) => item.key)).to.include.members(['bsi-wid', 'cisa-kev', 'nvd', 'epss', 'bsi-rss']);
    expect(keys.every((item) => !item.enabled)).to.equal(true);

    const body = { key: 'fixture-kev', type: 'cisa-kev', name: 'Fixture KEV', url: fixtures.url, schedule: '0 3 * * *', enabled: true, allowPrivateNetwork: true, defaultTlp: 'green' };
    expect((await analyst.agent.post('/api/v1/feeds').set('x-csrf-token', analyst.csrfToken).send(body)).status).to.equal(403);
    const bad = await admin.agent.post('/api/v1/feeds').set('x-csrf-token', admin.csrfToken).send({ ...body, schedule: 'every minute', credentialEnv: { apiKey: 'SESSION_SECRET' } });
    expect(bad.status).to.equal(400);
    expect(bad.headers['content-type']).to.match(/problem\+json/);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).to.include.members(['schedule', 'credentialEnv.apiKey']);
    const created = await admin.agent.post('/api/v1/feeds').set('x-csrf-token', admin.csrfToken).send(body);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body).to.include({ key: 'fixture-kev', managedBy: 'api', enabled: true, lastRun: null });
    expect(created.body.nextRunAt).to.match(/T03:00:00/);
    sourceId = created.body.id as string;
    const duplicate = await admin.agent.post('/api/v1/feeds').set('x-csrf-token', admin.csrfToken).send(body);
    expect(duplicate.status).to.equal(409);
  });

  it('runs a source now, fills the inbox with CVE-correlated cards, and a second run changes nothing', async () => {
    expect((await analyst.agent.post(`/api/v1/feeds/${sourceId}/run`).set('x-csrf-token', analyst.csrfToken)).status).to.equal(403);
    const run = await admin.agent.post(`/api/v1/feeds/${sourceId}/run`).set('x-csrf-token', admin.csrfToken);
    expect(run.status, JSON.stringify(run.body)).to.equal(200);
    expect(run.body).to.include({ status: 'succeeded', trigger: 'manual' });
    expect(run.body.counts).to.deep.equal({ new: 4 + 3, updated: 0, unchanged: 0, failed: 0 });

    const inbox = await analyst.agent.get('/api/v1/feed-items');
    expect(inbox.status).to.equal(200);
    const cards = inbox.body.items as Card[];
    const correlated = cards.find((card) => card.cves.includes('CVE-2026-10002'))!;
    expect([...correlated.items, ...correlated.related].map((item) => item.externalId).sort()).to.deep.equal(['CVE-2026-10002', 'WID-SEC-W-2026-1234']);
    expect(correlated.enrichments.find((enrichment) => enrichment.cve === 'CVE-2026-10002')!.kev).to.be.an('object');

    const again = await admin.agent.post(`/api/v1/feeds/${sourceId}/run`).set('x-csrf-token', admin.csrfToken);
    expect(again.body.counts).to.include({ new: 0, updated: 0 });
    const runs = await analyst.agent.get(`/api/v1/feeds/${sourceId}/runs`);
    expect(runs.body.items).to.have.length(2);
    const source = await analyst.agent.get(`/api/v1/feeds/${sourceId}`);
    FeedRunSchema.strict().parse(again.body);
    FeedRunListSchema.parse(runs.body);
    FeedSourceSchema.strict().parse(source.body);
    expect(source.body.lastRun.id).to.equal(again.body.id);
    expect(source.body.items).to.deep.equal({ total: 4, open: 4 });
  });

  it('filters the inbox (KEV, vendor, source, q) and pages by cursor', async () => {
    const kevOnly = await analyst.agent.get('/api/v1/feed-items').query({ kev: 'true' });
    expect((kevOnly.body.items as Card[]).flatMap((card) => card.cves)).to.include.members(['CVE-2026-10001', 'CVE-2026-10003']);
    const ivanti = await analyst.agent.get('/api/v1/feed-items').query({ vendor: 'ivanti' });
    expect((ivanti.body.items as Card[]).flatMap((card) => card.items.map((item) => item.externalId)).sort()).to.deep.equal(['CVE-2026-10001', 'CVE-2026-10003']);
    const q = await analyst.agent.get('/api/v1/feed-items').query({ q: 'WID-SEC' });
    expect((q.body.items as Card[]).map((card) => card.items[0]!.externalId)).to.deep.equal(['WID-SEC-W-2026-1234']);
    const none = await analyst.agent.get('/api/v1/feed-items').query({ source: 'bsi-wid' });
    expect(none.body.items).to.deep.equal([]);
    const first = await analyst.agent.get('/api/v1/feed-items').query({ limit: 1 });
    expect(first.body.items).to.have.length(1);
    const second = await analyst.agent.get('/api/v1/feed-items').query({ limit: 1, cursor: first.body.next as string });
    expect(second.body.items).to.have.length(1);
    expect(second.body.items[0].key).to.not.equal(first.body.items[0].key);
    const forged = await analyst.agent.get('/api/v1/feed-items').query({ cursor: 'garbage' });
    expect(forged.status).to.equal(400);
    expect((await analyst.agent.get('/api/v1/feed-items').query({ epssMin: '2' })).status).to.equal(400);
  });

  it('hides the inbox from everyone outside the CERT', async () => {
    const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    expect((await erfurt.agent.get('/api/v1/feed-items')).status).to.equal(403);
    expect((await request(server.url).get('/api/v1/feed-items')).status).to.equal(401);
  });

  it('marks seen, dismisses (single and bulk) and audits dismissals', async () => {
    const cards = (await analyst.agent.get('/api/v1/feed-items').query({ vendor: 'ivanti' })).body.items as Card[];
    const [one, two] = cards.map((card) => card.items[0]!.id);
    const seen = await analyst.agent.post(`/api/v1/feed-items/${one}/seen`).set('x-csrf-token', analyst.csrfToken);
    expect(seen.body.state).to.equal('seen');
    const dismissed = await analyst.agent.post(`/api/v1/feed-items/${one}/dismiss`).set('x-csrf-token', analyst.csrfToken);
    expect(dismissed.body.state).to.equal('dismissed');
    const bulk = await analyst.agent.post('/api/v1/feed-items/bulk').set('x-csrf-token', analyst.csrfToken).send({ ids: [one, two], action: 'dismiss' });
    expect(bulk.body).to.deep.equal({ action: 'dismiss', changed: [two], unchanged: [one] });
    const open = (await analyst.agent.get('/api/v1/feed-items').query({ vendor: 'ivanti' })).body.items as Card[];
    expect(open).to.deep.equal([]);
    const audit = await admin.agent.get('/api/v1/audit').query({ action: 'feed_item.' });
    expect(audit.body.items.map((item: { action: string }) => item.action)).to.include('feed_item.dismissed');
  });

  it('promotes a correlated card to a German draft advisory with the CVEs and products', async () => {
    const card = ((await analyst.agent.get('/api/v1/feed-items').query({ q: 'CVE-2026-10002' })).body.items as Card[])[0]!;
    const kevItem = [...card.items, ...card.related].find((item) => item.externalId === 'CVE-2026-10002')!;
    const promoted = await analyst.agent.post(`/api/v1/feed-items/${kevItem.id}/promote`).set('x-csrf-token', analyst.csrfToken).send({});
    expect(promoted.status, JSON.stringify(promoted.body)).to.equal(201);
    const advisoryId = promoted.body.advisory.id as string;
    const advisory = (await analyst.agent.get(`/api/v1/advisories/${advisoryId}`)).body;
    expect(advisory.status).to.equal('draft');
    expect(advisory.title.de).to.equal('Citrix NetScaler ADC: Mehrere Schwachstellen ermöglichen Codeausführung');
    expect(advisory.summary.de).to.match(/entfernter, anonymer Angreifer/);
    expect(advisory.recommendations.de).to.match(/Aktualisieren Sie/);
    expect(advisory.cves).to.deep.equal(['CVE-2026-10002', 'CVE-2026-10004']);
    expect(advisory.products.map((product: { vendor: string; product: string }) => `${product.vendor}/${product.product}`)).to.include('Citrix/NetScaler ADC');
    expect(advisory.cvss[0]).to.include({ version: '3.1', baseScore: 9.8 });
    expect(advisory.severity).to.equal('hoch');
    expect(advisory.source).to.equal('feed:Fixture KEV');

    const item = (await analyst.agent.get(`/api/v1/feed-items/${kevItem.id}`)).body;
    expect(item).to.include({ state: 'promoted', promotedAdvisoryId: advisoryId });
    expect(item.related.map((related: { externalId: string }) => related.externalId)).to.include('WID-SEC-W-2026-1234');
    const again = await analyst.agent.post(`/api/v1/feed-items/${kevItem.id}/promote`).set('x-csrf-token', analyst.csrfToken).send({});
    expect(again.status).to.equal(409);
    const audit = await admin.agent.get('/api/v1/audit').query({ action: 'feed_item.promoted' });
    expect(audit.body.items).to.have.length(1);
  });

  it('promotes an English-only card (CISA KEV) into the English fields, leaving German to be written before publishing', async () => {
    const card = ((await analyst.agent.get('/api/v1/feed-items').query({ q: 'CVE-2026-10003', state: 'all' })).body.items as Card[])[0]!;
    const kevItem = [...card.items, ...card.related].find((item) => item.externalId === 'CVE-2026-10003')!;
    const promoted = await analyst.agent.post(`/api/v1/feed-items/${kevItem.id}/promote`).set('x-csrf-token', analyst.csrfToken).send({});
    expect(promoted.status, JSON.stringify(promoted.body)).to.equal(201);
    const advisoryId = promoted.body.advisory.id as string;
    const advisory = (await analyst.agent.get(`/api/v1/advisories/${advisoryId}`)).body;
    expect(advisory.status).to.equal('draft');
    expect(advisory.title).to.deep.equal({ de: '', en: 'Ivanti Connect Secure: Test vulnerability 3' });
    expect(advisory.summary).to.deep.equal({ de: '', en: 'Remote code execution 3.' });
    expect(advisory.body.de).to.equal('');
    expect(advisory.body.en).to.match(/^Remote code execution 3\./);
    expect(advisory.body.en).to.not.contain('aktiv ausgenutzt');
    expect(advisory.recommendations).to.deep.equal({ de: '', en: 'Apply mitigations per vendor instructions.' });
    expect(advisory.cves).to.deep.equal(['CVE-2026-10003']);
    expect(advisory.source).to.equal('feed:Fixture KEV');

    // Publishing names every field whose German text is still missing.
    const publish = await admin.agent.post(`/api/v1/advisories/${advisoryId}/publish`).set('x-csrf-token', admin.csrfToken).send({});
    expect(publish.status, JSON.stringify(publish.body)).to.equal(422);
    expect(publish.body.code).to.equal('GERMAN_TEXT_REQUIRED');
    expect((publish.body.errors as { path: string }[]).map((error) => error.path)).to.have.members(['title.de', 'summary.de', 'body.de', 'recommendations.de']);
    expect((await analyst.agent.get(`/api/v1/advisories/${advisoryId}`)).body.status).to.equal('draft');
  });

  it('records a failed run with its error, shows it on the source, and keeps the inbox', async () => {
    fixtures.state.failWith = 503;
    const failed = await admin.agent.post(`/api/v1/feeds/${sourceId}/run`).set('x-csrf-token', admin.csrfToken);
    fixtures.state.failWith = null;
    expect(failed.body.status).to.equal('failed');
    const source = (await analyst.agent.get(`/api/v1/feeds/${sourceId}`)).body;
    expect(source.lastError.error).to.match(/503/);
    expect(source.items.total).to.equal(4);
  });

  it('edits and deletes API sources (audited), refuses deleting config sources', async () => {
    const patched = await admin.agent.patch(`/api/v1/feeds/${sourceId}`).set('x-csrf-token', admin.csrfToken).send({ enabled: false, schedule: '*/5 * * * *' });
    expect(patched.status).to.equal(200);
    expect(patched.body).to.include({ enabled: false, schedule: '*/5 * * * *', nextRunAt: null });
    const configSource = ((await analyst.agent.get('/api/v1/feeds')).body.items as { id: string; key: string }[]).find((item) => item.key === 'bsi-wid')!;
    expect((await admin.agent.delete(`/api/v1/feeds/${configSource.id}`).set('x-csrf-token', admin.csrfToken)).status).to.equal(409);
    expect((await admin.agent.delete(`/api/v1/feeds/${sourceId}`).set('x-csrf-token', admin.csrfToken)).status).to.equal(204);
    expect((await analyst.agent.get(`/api/v1/feeds/${sourceId}`)).status).to.equal(404);
    const audit = await admin.agent.get('/api/v1/audit').query({ action: 'feed_source.' });
    expect(audit.body.items.map((item: { action: string }) => item.action)).to.include.members(['feed_source.created', 'feed_source.updated', 'feed_source.deleted', 'feed_source.run_requested']);
  });
});
