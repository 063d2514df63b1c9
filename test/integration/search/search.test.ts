import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { advisoryBody, publishedAdvisory } from '../../support/advisories.js';
import { reportedIncident } from '../../support/incidents.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type Hit = { kind: string; id: string; title: { de: string }; snippet: string };
type Result = { items: Hit[]; groups: { kind: string; count: number; next: string | null }[]; next: string | null };

describe('one search: GET /api/v1/search across kinds, through the policy', () => {
  let server: TestServer;
  const word = `Pumpwerk${randomBytes(3).toString('hex')}`;
  let clearId = '';
  let redId = '';
  let erfurtIncident = '';
  let gothaIncident = '';

  before(async () => {
    server = await startTestServer();
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    clearId = await publishedAdvisory(analyst, advisoryBody({ title: { de: `Angriffe auf Steuerungen im ${word}` }, tlp: 'CLEAR' }));
    // RED and addressed to Jena's admin only: Erfurt must not find it.
    const jena = await loginAs(server.url, 'it@jena.lagebild.test');
    redId = await publishedAdvisory(analyst, advisoryBody({ title: { de: `Vertraulich: ${word} in Jena` }, tlp: 'RED', audience: { organizations: [], sharingGroups: [], users: [jena.userId] } }));
    erfurtIncident = await reportedIncident(await loginAs(server.url, 'it@erfurt.lagebild.test'), '2026-05-12T06:10:00Z', { title: `Ausfall im ${word} Erfurt`, sector: 'water', entityType: 'important' });
    gothaIncident = await reportedIncident(await loginAs(server.url, 'isb@lk-gotha.lagebild.test'), '2026-05-12T06:10:00Z', { title: `Störung im ${word} Gotha`, sector: 'water', entityType: 'important' });
  });
  after(async () => server.close());

  it('finds an advisory and an incident that mention the same word, each with its kind, grouped by kind', async () => {
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const response = await analyst.agent.get('/api/v1/search').query({ q: word });
    expect(response.status).to.equal(200);
    const body = response.body as Result;
    const kindOf = new Map(body.items.map((hit) => [hit.id, hit.kind]));
    expect(kindOf.get(clearId)).to.equal('advisory');
    expect(kindOf.get(erfurtIncident)).to.equal('incident');
    expect(kindOf.get(gothaIncident)).to.equal('incident');
    // Grouped: the hits of one kind follow each other in the order of `groups`.
    const kindsInOrder = body.items.map((hit) => hit.kind).filter((kind, index, all) => all[index - 1] !== kind);
    expect(kindsInOrder).to.deep.equal(body.groups.filter((group) => group.count > 0).map((group) => group.kind));
    expect(body.groups.map((group) => group.kind)).to.deep.equal(['advisory', 'incident', 'feed-item', 'indicator', 'organization']);
    const incidentHit = body.items.find((hit) => hit.id === erfurtIncident)!;
    expect(incidentHit.snippet).to.contain(`<mark>${word}</mark>`);
  });

  it('keeps a municipality to what it may see: not another one’s incident, not a RED advisory not addressed to it', async () => {
    const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const body = (await erfurt.agent.get('/api/v1/search').query({ q: word })).body as Result;
    const ids = body.items.map((hit) => hit.id);
    expect(ids).to.include(clearId);
    expect(ids).to.include(erfurtIncident);
    expect(ids).not.to.include(gothaIncident);
    expect(ids).not.to.include(redId);
    expect(JSON.stringify(body)).not.to.contain('Gotha').and.not.to.contain('Vertraulich');
    // Feed intake is the CERT's: a municipality finds none, whatever it searches.
    expect(body.groups.find((group) => group.kind === 'feed-item')?.count).to.equal(0);
    const jena = await loginAs(server.url, 'it@jena.lagebild.test');
    const jenaIds = ((await jena.agent.get('/api/v1/search').query({ q: word, kind: 'advisory' })).body as Result).items.map((hit) => hit.id);
    expect(jenaIds).to.include.members([clearId, redId]);
  });

  it('filters by kind and pages through one kind with its cursor', async () => {
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const first = (await analyst.agent.get('/api/v1/search').query({ q: word, kind: 'incident', limit: 1 })).body as Result;
    expect(first.items).to.have.length(1);
    expect(first.items.every((hit) => hit.kind === 'incident')).to.equal(true);
    expect(first.next).to.be.a('string');
    const second = (await analyst.agent.get('/api/v1/search').query({ q: word, kind: 'incident', limit: 1, cursor: first.next })).body as Result;
    expect([first.items[0]!.id, second.items[0]!.id].sort()).to.deep.equal([erfurtIncident, gothaIncident].sort());
  });

  it('finds organizations for members, none for anonymous callers, and refuses bad input with 400', async () => {
    const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const orgs = (await erfurt.agent.get('/api/v1/search').query({ q: 'Waltershausen', kind: 'organization' })).body as Result;
    expect(orgs.items.map((hit) => hit.title.de)).to.include('Stadt Waltershausen');
    const anonymous = (await request(server.url).get('/api/v1/search').query({ q: 'Waltershausen' })).body as Result;
    expect(anonymous.items.filter((hit) => hit.kind === 'organization' || hit.kind === 'incident')).to.deep.equal([]);
    for (const query of [{ q: '' }, { q: word, kind: 'everything' }, { q: word, kind: 'incident', cursor: 'nonsense' }]) {
      const response = await erfurt.agent.get('/api/v1/search').query(query);
      expect(response.status, JSON.stringify(query)).to.equal(400);
      expect(response.headers['content-type']).to.match(/problem\+json/);
    }
  });
});

describe('saved filters: /api/v1/me/saved-filters', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('saves, lists, renames and deletes a user’s own filters; another user sees and touches none of them', async () => {
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const created = await analyst.agent.post('/api/v1/me/saved-filters').set('x-csrf-token', analyst.csrfToken).send({ page: 'advisories', name: 'Kritisch', query: '?severity=kritisch&sort=severity' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.query).to.equal('severity=kritisch&sort=severity');
    const duplicate = await analyst.agent.post('/api/v1/me/saved-filters').set('x-csrf-token', analyst.csrfToken).send({ page: 'advisories', name: 'Kritisch', query: 'severity=hoch' });
    expect(duplicate.status).to.equal(409);
    const bad = await analyst.agent.post('/api/v1/me/saved-filters').set('x-csrf-token', analyst.csrfToken).send({ page: 'advisories', name: 'Weg', query: 'https://example.org/x#y' });
    expect(bad.status).to.equal(400);
    const listed = await analyst.agent.get('/api/v1/me/saved-filters').query({ page: 'advisories' });
    expect((listed.body.items as { name: string }[]).map((item) => item.name)).to.deep.equal(['Kritisch']);

    const other = await loginAs(server.url, 'it@erfurt.lagebild.test');
    expect(((await other.agent.get('/api/v1/me/saved-filters')).body.items as unknown[]).length).to.equal(0);
    expect((await other.agent.delete(`/api/v1/me/saved-filters/${created.body.id as string}`).set('x-csrf-token', other.csrfToken)).status).to.equal(404);

    const renamed = await analyst.agent.patch(`/api/v1/me/saved-filters/${created.body.id as string}`).set('x-csrf-token', analyst.csrfToken).send({ name: 'Nur kritisch' });
    expect(renamed.body.name).to.equal('Nur kritisch');
    expect((await analyst.agent.delete(`/api/v1/me/saved-filters/${created.body.id as string}`).set('x-csrf-token', analyst.csrfToken)).status).to.equal(204);
    expect(((await analyst.agent.get('/api/v1/me/saved-filters')).body.items as unknown[]).length).to.equal(0);
    expect((await request(server.url).get('/api/v1/me/saved-filters')).status).to.equal(401);
  });
});

describe('advisory list sorting: sort and order with stable cursor pages', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('sorts by severity both ways and pages without repeating or skipping', async () => {
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const source = `sortierung-${randomBytes(3).toString('hex')}`;
    for (const severity of ['mittel', 'kritisch', 'niedrig', 'hoch', 'kritisch', 'mittel']) await publishedAdvisory(analyst, advisoryBody({ severity, source }));
    const rank = { niedrig: 1, mittel: 2, hoch: 3, kritisch: 4 } as Record<string, number>;
    for (const order of ['desc', 'asc'] as const) {
      const seen: { id: string; severity: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await analyst.agent.get('/api/v1/advisories').query({ source, sort: 'severity', order, limit: 4, ...(cursor ? { cursor } : {}) });
        expect(page.status, JSON.stringify(page.body)).to.equal(200);
        seen.push(...(page.body.items as { id: string; severity: string }[]));
        cursor = page.body.next ?? undefined;
      } while (cursor);
      expect(new Set(seen.map((item) => item.id)).size).to.equal(6);
      const ranks = seen.map((item) => rank[item.severity]!);
      expect(ranks).to.deep.equal([...ranks].sort((a, b) => (order === 'asc' ? a - b : b - a)));
    }
    // Words filter the list through the full-text index, combined with the other filters and the sort.
    const worded = await publishedAdvisory(analyst, advisoryBody({ severity: 'hoch', source, title: { de: `Sortierprobe ${source}` } }));
    const byWord = await analyst.agent.get('/api/v1/advisories').query({ source, q: `Sortierprobe ${source}`, sort: 'severity' });
    expect((byWord.body.items as { id: string }[]).map((item) => item.id)).to.deep.equal([worded]);
    const first = await analyst.agent.get('/api/v1/advisories').query({ source, sort: 'severity', limit: 2 });
    // A cursor of one sort order is refused for another, and a bad sort is a 400.
    expect((await analyst.agent.get('/api/v1/advisories').query({ source, sort: 'date', cursor: first.body.next })).status).to.equal(400);
    expect((await analyst.agent.get('/api/v1/advisories').query({ sort: 'title' })).status).to.equal(400);
  });
});
