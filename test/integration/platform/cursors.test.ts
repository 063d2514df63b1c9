import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type request from 'supertest';
import { organizationIds } from '../../support/advisories.js';
import { reportDraft } from '../../support/incidents.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type Agent = ReturnType<typeof request.agent>;
type OpenApi = { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>> };

const ZERO_UUID = '00000000-0000-4000-8000-000000000000';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Cursors no list ever issued: garbage, non-canonical base64, oversize, untagged JSON, envelopes with
 * extra fields, and — tagged with each list whose key has that shape — the keys that used to reach
 * PostgreSQL casts (a non-date, an impossible date, NUL and a lone surrogate in text, huge numbers).
 */
function forgedCursors(): string[] {
  const keysByShape: { lists: string[]; keys: unknown[] }[] = [
    { lists: ['advisories', 'incidents', 'indicator-packages'], keys: [{ createdAt: 'x', id: ZERO_UUID }, { createdAt: '2026-02-30T00:00:00.000Z', id: ZERO_UUID }, { createdAt: '2026-01-01T00:00:00.000Z', id: 'x' }] },
    { lists: ['users', 'organizations'], keys: [{ name: 'a\u0000', id: ZERO_UUID }, { name: '\ud800', id: ZERO_UUID }] },
    { lists: ['assets'], keys: [{ key: '\u0000', id: ZERO_UUID }, { key: 'a', id: 'x' }] },
    { lists: ['feed-items'], keys: [{ at: 'x', key: 'y' }, { at: '2026-13-01T00:00:00.000Z', key: 'y' }] },
    { lists: ['job-runs'], keys: [{ startedAt: 'x', id: ZERO_UUID }, { startedAt: '2026-01-01T00:00:00.000Z', id: 'y' }] },
    { lists: ['advisories.search', 'search', 'incidents.queue', 'indicators'], keys: [{ offset: 1e300 }, { offset: -1 }, { offset: 10_000_000_000 }, { offset: 1.5 }] },
    // The incident list's sorted pages: an offset and the digest of the view (sort, order, filters) it was issued for.
    {
      lists: ['incidents.sorted'],
      keys: [
        { offset: 1e300, view: 'x' }, { offset: -1, view: 'x' }, { offset: 10_000_000_000, view: 'x' }, { offset: 1.5, view: 'x' }, { offset: '50', view: 'x' },
        { offset: 50 }, { offset: 50, view: 7 }, { offset: 50, view: null }, { offset: 50, view: 'a\u0000' }, { offset: 50, view: '\ud800' },
        { offset: 50, view: 'a'.repeat(300) }, { offset: 50, view: 'AAAAAAAAAAAAAAAAAAAAAA' }, { offset: 0, view: "x'; drop table incidents; --" },
      ],
    },
    { lists: ['audit', 'audit-asc'], keys: [{ id: Number.MAX_SAFE_INTEGER + 10 }, { id: 'x' }] },
    { lists: ['stix-objects'], keys: [{ seq: -1 }, { seq: '1' }] },
  ];
  return [
    'abc',
    '!!',
    '%00',
    'eyJ', // base64 of a truncated JSON
    `${b64({ l: 'audit', k: { id: 1 } })}=`,
    'A'.repeat(5000),
    b64('just a string'),
    b64([1, 2]),
    b64(null),
    Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('base64url'),
    b64({ createdAt: '2026-01-01T00:00:00.000Z', id: ZERO_UUID }),
    b64({ offset: 0 }),
    ...keysByShape.flatMap(({ lists, keys }) => lists.flatMap((list) => keys.map((key) => b64({ l: list, k: key })))),
    b64({ l: 'audit', k: { id: 1 }, extra: true }),
    b64({ l: 'audit', k: { id: 1, extra: true } }),
  ];
}

describe('one cursor codec for every paginated route', () => {
  let server: TestServer;
  let admin: Agent;
  let certOrgId: string;
  let listRoutes: string[];

  before(async () => {
    // Thousands of forged cursors in a minute: the per-IP API rate limit is lifted, as for the injection sweep.
    server = await startTestServer({ env: { LAGEBILD_SETTINGS: fileURLToPath(new URL('../../fixtures/config/settings.sweep.json', import.meta.url)) } });
    admin = (await loginAs(server.url, 'cert-admin@lagebild.test')).agent;
    certOrgId = (await organizationIds(admin)).get('CERT-Thüringen')!;
    const doc = (await admin.get('/api/openapi.json')).body as OpenApi;
    listRoutes = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method, operation]) => method === 'get' && operation.parameters?.some((parameter) => parameter.name === 'cursor' && parameter.in === 'query'))
        .map(() => path.replace('{id}', certOrgId)),
    );
  });
  after(async () => server.close());

  it('finds the paginated routes in the OpenAPI document, the three that used to fail among them', () => {
    expect(listRoutes).to.include.members(['/api/v1/indicators', '/api/v1/indicator-packages', '/api/v1/incidents', '/api/v1/advisories', '/api/v1/audit', '/api/v1/feed-items', `/api/v1/organizations/${certOrgId}/assets`]);
    expect(listRoutes.length).to.be.at.least(12);
    expect(listRoutes.some((path) => path.includes('{')), 'a path parameter left unfilled').to.equal(false);
  });

  it('answers every forged cursor on every paginated route with 400 problem+json on `cursor`', async function () {
    this.timeout(300_000);
    const failures: string[] = [];
    const required: Record<string, Record<string, string>> = { '/api/v1/search': { q: 'Schwachstelle', kind: 'advisory' }, '/api/v1/advisories/search': { q: 'Schwachstelle' } };
    // The incident list pages by keyset only unsorted; every sort (SQL or deadline-computed, list or queue) has its own cursor.
    const sortedIncidents = [{ sort: 'title' }, { sort: 'severity', order: 'asc' }, { sort: 'assignee', q: 'Vorfall' }, { sort: 'nextDue' }, { queue: 'cert', sort: 'state' }];
    const targets = [...listRoutes.map((path) => ({ path, query: required[path] ?? {} })), { path: '/api/v1/incidents', query: { queue: 'cert' } }, ...sortedIncidents.map((query) => ({ path: '/api/v1/incidents', query }))];
    for (const { path, query } of targets) {
      for (const cursor of forgedCursors()) {
        const response = await admin.get(path).query({ ...query, cursor });
        const body = response.body as { code?: string; errors?: { path: string }[] };
        const ok = response.status === 400 && /^application\/problem\+json/.test(String(response.headers['content-type'])) && body.code === 'VALIDATION_FAILED' && (body.errors ?? []).some((error) => error.path === 'cursor');
        if (!ok) failures.push(`${path} ${JSON.stringify(query)} ${cursor.slice(0, 60)} → ${response.status} ${body.code ?? ''}`);
      }
    }
    expect(failures.join("\n")).to.equal("");
  });

  it('refuses a cursor given twice or as an object', async () => {
    for (const path of listRoutes) {
      expect((await admin.get(`${path}?q=x&cursor=a&cursor=b`)).status, path).to.equal(400);
      expect((await admin.get(`${path}?q=x&cursor[l]=audit`)).status, path).to.equal(400);
    }
  });

  it('accepts its own next cursor and refuses it on every other list', async () => {
    const first = await admin.get('/api/v1/audit').query({ limit: 1 });
    expect(first.status).to.equal(200);
    const next = first.body.next as string;
    expect(next).to.be.a('string');
    const second = await admin.get('/api/v1/audit').query({ limit: 1, cursor: next });
    expect(second.status).to.equal(200);
    expect(second.body.items[0].id).to.be.below(first.body.items[0].id);
    for (const path of listRoutes.filter((route) => route !== '/api/v1/audit')) {
      const response = await admin.get(path).query({ q: 'x', ...(path === '/api/v1/search' ? { kind: 'advisory' } : {}), cursor: next });
      expect(response.status, path).to.equal(400);
      expect(response.body.errors, path).to.deep.include({ path: 'cursor', message: 'not a cursor from this list' });
    }
  });

  it("refuses the incident list's sorted cursor under another sort or filter and on the unsorted list", async () => {
    // Two drafts of one organization, so its sorted list has a second page and the server issues a cursor.
    const soc = await loginAs(server.url, 'soc@swnt.lagebild.test');
    for (const title of ['Cursor A', 'Cursor B']) {
      expect((await soc.agent.post('/api/v1/incidents').set('x-csrf-token', soc.csrfToken).send({ draft: reportDraft({ title }) })).status).to.equal(201);
    }
    const first = await soc.agent.get('/api/v1/incidents').query({ sort: 'title', limit: 1 });
    expect(first.status).to.equal(200);
    const next = first.body.next as string;
    expect(next).to.be.a('string');
    expect((await soc.agent.get('/api/v1/incidents').query({ sort: 'title', limit: 1, cursor: next })).status).to.equal(200);
    for (const query of [{ sort: 'title', order: 'asc' }, { sort: 'severity' }, { sort: 'nextDue' }, { sort: 'title', q: 'Cursor' }, {}]) {
      const response = await soc.agent.get('/api/v1/incidents').query({ ...query, limit: 1, cursor: next });
      expect(response.status, JSON.stringify(query)).to.equal(400);
      expect(response.headers['content-type'], JSON.stringify(query)).to.match(/^application\/problem\+json/);
      expect((response.body.errors as { path: string }[]).map((error) => error.path), JSON.stringify(query)).to.include('cursor');
    }
  });

  it('routes the TAXII `next` through the same codec: a forged position is a 400 TAXII error, never a 500', async () => {
    const positions = [
      { t: 1e20, r: 1, k: ZERO_UUID, i: 0 },
      { t: 0, r: 1, k: 'not-a-uuid', i: 0 },
      { t: 0, r: 2, k: "x'; drop table", i: 0 },
      { t: 0, r: 3, k: 'abc', i: 0 },
      { t: 0, r: 0, k: ZERO_UUID, i: 0 },
      { t: Number.MAX_VALUE, r: 3, k: '1', i: 0 },
      { t: 0, r: 3, k: '1'.repeat(30), i: 0 },
    ];
    const audit = (await admin.get('/api/v1/audit').query({ limit: 1 })).body.next as string;
    const forged = [...positions.map((k) => b64({ l: 'taxii', k })), ...positions.map((position) => b64(position)), audit, 'abc', '!!'];
    for (const path of ['objects', 'manifest']) {
      for (const next of forged) {
        const response = await admin.get(`/taxii2/lagebild/collections/public/${path}/`).set('Accept', 'application/taxii+json;version=2.1').query({ next });
        expect(response.status, `${path} ${next}`).to.equal(400);
        expect((JSON.parse(response.text) as { details: { problems: { parameter: string }[] } }).details.problems[0]!.parameter).to.equal('next');
      }
    }
  });

  it('pages the incident and organization lists with the cursors they issue', async () => {
    for (const path of ['/api/v1/incidents', '/api/v1/organizations']) {
      const first = await admin.get(path).query({ limit: 1 });
      expect(first.status, path).to.equal(200);
      if (first.body.next === null) continue;
      const second = await admin.get(path).query({ limit: 1, cursor: first.body.next as string });
      expect(second.status, path).to.equal(200);
      expect(second.body.items[0].id, path).not.to.equal(first.body.items[0].id);
    }
  });
});
