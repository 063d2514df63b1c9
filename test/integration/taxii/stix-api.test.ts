import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../server/platform/db/client.js';
import { TLP2_MARKING_IDS } from '../../../server/stix/tlp.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { advisoryBody, organizationIds, publishedAdvisory, sharingGroupIds } from '../../support/advisories.js';
import { MEDALLION_DATA, OASIS_SCHEMAS, medallionObjects, oasisBundleValidator } from '../../support/oasis.js';
import { API_ROOT, createToken, taxiiGet, taxiiPost } from '../../support/taxii.js';
import { COMMUNITY_COLLECTION_ID } from '../../../server/taxii/taxii.collections.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

function indicator(id: string, extra: Record<string, unknown> = {}) {
  return { type: 'indicator', spec_version: '2.1', id, created: '2026-06-01T00:00:00.000Z', modified: '2026-06-01T00:00:00.000Z', name: `Import ${id.slice(-4)}`, pattern: "[ipv4-addr:value = '203.0.113.9']", pattern_type: 'stix', valid_from: '2026-06-01T00:00:00.000Z', ...extra };
}

function bundle(objects: unknown[]) {
  return { type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects };
}

describe('STIX through the API: /api/v1/stix/objects, /stix/bundle, POST /stix/bundles', () => {
  let server: TestServer;
  let analyst: Session;
  let erfurt: Session;
  let groups: Map<string, string>;
  let orgs: Map<string, string>;

  before(async () => {
    server = await startTestServer();
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    groups = await sharingGroupIds(analyst.agent);
    orgs = await organizationIds(analyst.agent);
  });
  after(async () => server.close());

  const importBundle = (body: Record<string, unknown>, session: Session = analyst) => session.agent.post('/api/v1/stix/bundles').set('X-CSRF-Token', session.csrfToken).send(body);

  it('imports a bundle with the label of unmarked objects and the claimed audience, visible by the policy', async () => {
    const green = indicator('indicator--a1111111-1111-4111-8111-111111111111');
    const amber = indicator('indicator--a2222222-2222-4222-8222-222222222222', { object_marking_refs: [TLP2_MARKING_IDS.amber] });
    const response = await importBundle({ bundle: bundle([green, amber, { type: 'x-lagebild-note', id: 'x-lagebild-note--a3333333-3333-4333-8333-333333333333', spec_version: '2.1', created: '2026-06-01T00:00:00.000Z', modified: '2026-06-01T00:00:00.000Z', x_text: 'kept' }]), tlp: 'GREEN', audience: { organizations: [orgs.get('Stadt Jena')], sharingGroups: [], users: [] } });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    expect(response.body).to.include({ stored: 3, alreadyPresent: 0 });

    const forErfurt = await erfurt.agent.get('/api/v1/stix/objects?limit=500');
    expect(forErfurt.status).to.equal(200);
    const erfurtIds = (forErfurt.body.items as { id: string }[]).map((item) => item.id);
    expect(erfurtIds).to.include(green.id).and.not.include(amber.id);
    const jena = await loginAs(server.url, 'it@jena.lagebild.test');
    const forJena = await jena.agent.get(`/api/v1/stix/objects?type=indicator&tlp=AMBER`);
    expect((forJena.body.items as { id: string; tlp: string; stix: { object_marking_refs: string[] } }[]).map((item) => [item.id, item.tlp, item.stix.object_marking_refs])).to.deep.equal([[amber.id, 'AMBER', [TLP2_MARKING_IDS.amber]]]);
    const stored = (forErfurt.body.items as { id: string; stix: { object_marking_refs: string[] } }[]).find((item) => item.id === green.id)!;
    expect(stored.stix.object_marking_refs).to.deep.equal([TLP2_MARKING_IDS.green]);
    const search = await erfurt.agent.get('/api/v1/stix/objects?q=kept');
    expect(search.status).to.equal(200);
    const anonymous = await (await import('supertest')).default(server.url).get('/api/v1/stix/objects');
    expect(anonymous.status).to.equal(401);

    const again = await importBundle({ bundle: bundle([green]), tlp: 'GREEN' });
    expect(again.body).to.include({ stored: 0, alreadyPresent: 1 });
  });

  it('refuses the whole bundle with 422 and every problem path when any object is invalid', async () => {
    const before = await queryRows<{ n: number }>(server.database.db, sql`select count(*)::int as n from stix_objects`);
    const response = await importBundle({
      bundle: bundle([indicator('indicator--b1111111-1111-4111-8111-111111111111'), { ...indicator('indicator--b2222222-2222-4222-8222-222222222222'), created: 'gestern' }, { type: 'malware', id: 'malware--b3333333-3333-4333-8333-333333333333', spec_version: '2.1' }, indicator('indicator--b4444444-4444-4444-8444-444444444444', { object_marking_refs: [TLP2_MARKING_IDS.red] })]),
      tlp: 'GREEN',
    });
    expect(response.status).to.equal(422);
    expect(response.headers['content-type']).to.match(/problem\+json/);
    const paths = (response.body.errors as { path: string }[]).map((error) => error.path);
    expect(paths).to.include('bundle.objects.1.created');
    expect(paths.some((path) => path.startsWith('bundle.objects.2'))).to.equal(true);
    expect(paths).to.include('bundle.audience.users');
    expect(paths.some((path) => path.startsWith('bundle.objects.0'))).to.equal(false);
    const after = await queryRows<{ n: number }>(server.database.db, sql`select count(*)::int as n from stix_objects`);
    expect(after[0]!.n).to.equal(before[0]!.n);
  });

  it('refuses unmarked objects without a label, unknown audience ids, and callers without taxii:write', async () => {
    const unmarked = await importBundle({ bundle: bundle([indicator('indicator--c1111111-1111-4111-8111-111111111111')]) });
    expect(unmarked.status).to.equal(422);
    expect(unmarked.body.errors[0].path).to.equal('bundle.objects.0.object_marking_refs');
    const unknown = await importBundle({ bundle: bundle([indicator('indicator--c2222222-2222-4222-8222-222222222222')]), tlp: 'AMBER', audience: { organizations: ['00000000-0000-4000-8000-00000000dead'], sharingGroups: [], users: [] } });
    expect(unknown.status).to.equal(422);
    expect(unknown.body.errors[0].path).to.equal('audience.organizations.0');
    const member = await importBundle({ bundle: bundle([indicator('indicator--c3333333-3333-4333-8333-333333333333')]), tlp: 'GREEN' }, erfurt);
    expect(member.status).to.equal(403);
    const notABundle = await importBundle({ bundle: { type: 'report' } });
    expect(notABundle.status).to.equal(422);
  });

  it('exports a selection (advisory, search result, shared and stored objects) as one marked bundle valid against the OASIS schemas', async function () {
    const advisoryId = await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Bündelexport Wasser' }, tlp: 'AMBER', audience: { organizations: [], sharingGroups: [groups.get('Kommunen Thüringen')], users: [] } }));
    const other = await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Bündelexport Suchtreffer' }, tlp: 'CLEAR', pap: 'CLEAR' }));
    const stored = indicator('indicator--d1111111-1111-4111-8111-111111111111');
    expect((await importBundle({ bundle: bundle([stored]), tlp: 'GREEN' })).status).to.equal(201);
    const response = await erfurt.agent.get('/api/v1/stix/bundle').query({ advisories: advisoryId, ids: stored.id, q: 'Suchtreffer' });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    const objects = response.body.objects as { id: string; type: string; object_marking_refs?: string[] }[];
    const ids = objects.map((object) => object.id);
    expect(ids).to.include(`report--${advisoryId}`).and.include(`report--${other}`).and.include(stored.id);
    for (const object of objects) if (object.type !== 'marking-definition') expect(object.object_marking_refs, object.id).to.be.an('array').that.is.not.empty;
    expect(ids).to.include(TLP2_MARKING_IDS.amber).and.include(TLP2_MARKING_IDS.green).and.include(TLP2_MARKING_IDS.clear);
    const audit = await queryRows<{ tlp: string }>(server.database.db, sql`select tlp from audit_log where action = 'stix.bundle.exported'`);
    expect(audit.map((row) => row.tlp)).to.include('amber');

    const jena = await loginAs(server.url, 'it@jena.lagebild.test');
    const energy = await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Nur Energie' }, tlp: 'AMBER', audience: { organizations: [], sharingGroups: [groups.get('Energiesektor Thüringen')], users: [] } }));
    const hidden = await jena.agent.get('/api/v1/stix/bundle').query({ advisories: `${other},${energy}` });
    expect(hidden.status).to.equal(404);
    if (!existsSync(OASIS_SCHEMAS)) this.skip();
    const validate = oasisBundleValidator();
    expect(validate(response.body), JSON.stringify(validate.errors?.slice(0, 5))).to.equal(true);
  });

  describe('real TAXII test data (medallion)', () => {
    before(function () {
      if (!existsSync(MEDALLION_DATA)) this.skip();
    });

    it('adds medallion\'s collection over TAXII: every version kept, the spec-less malware refused, TLP 1.0 marking predefined', async () => {
      const token = await createToken(server.url, 'analyst@lagebild.test', ['taxii']);
      const objects = medallionObjects();
      const posted = await taxiiPost(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`, objects, token.token);
      const status = JSON.parse(posted.text);
      expect(status).to.include({ total_count: objects.length, failure_count: 1, success_count: objects.length - 1 });
      expect(status.failures[0].id).to.equal('malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec');
      const versions = await taxiiGet(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/indicator--6770298f-0fd8-471a-ab8c-1c658a46574e/versions/`, token.token);
      expect(versions.body.versions).to.deep.equal(['2016-11-03T12:30:59.000Z', '2016-12-25T12:30:59.444Z', '2017-01-27T13:49:53.935Z']);
      const reader = await createToken(server.url, 'it@erfurt.lagebild.test', ['read']);
      const relationship = await taxiiGet(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/relationship--2f9a9aa9-108a-4333-83e2-4fb25add0463/`, reader.token);
      expect(relationship.body.objects[0].object_marking_refs).to.deep.equal([TLP2_MARKING_IDS.green]);
    });
  });
});
