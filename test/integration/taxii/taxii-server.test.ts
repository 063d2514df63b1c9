import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { testConfig } from '../../support/config.js';
import { advisoryBody, organizationIds, publishedAdvisory, sharingGroupIds } from '../../support/advisories.js';
import { API_ROOT, TAXII, createToken, taxiiGet, taxiiPost } from '../../support/taxii.js';
import { PUBLIC_COLLECTION_ID, COMMUNITY_COLLECTION_ID, AMBER_COLLECTION_ID } from '../../../server/taxii/taxii.collections.js';
import { TLP2_MARKING_IDS } from '../../../server/stix/tlp.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../server/platform/db/client.js';

// Written from OASIS TAXII 2.1 (CS01): §1.6.8 media types, §3.2 headers, §3.4–3.5 paging and
// filtering, §3.6 error message, §4 discovery / API root / status, §5 collections.

function indicator(id: string, modified: string, extra: Record<string, unknown> = {}) {
  return { type: 'indicator', spec_version: '2.1', id, created: '2026-03-01T10:00:00.000Z', modified, name: `Beacon ${id.slice(-4)}`, pattern: "[ipv4-addr:value = '198.51.100.23']", pattern_type: 'stix', valid_from: '2026-03-01T10:00:00.000Z', ...extra };
}

describe('TAXII 2.1 server', () => {
  let server: TestServer;
  let erfurtToken: { id: string; token: string };
  let analystToken: { id: string; token: string };
  let groups: Map<string, string>;

  before(async () => {
    server = await startTestServer();
    const cert = await loginAs(server.url, 'cert-admin@lagebild.test');
    const orgs = await organizationIds(cert.agent);
    groups = await sharingGroupIds(cert.agent);
    erfurtToken = await createToken(server.url, 'it@erfurt.lagebild.test', ['read'], orgs.get('Stadt Erfurt'));
    analystToken = await createToken(server.url, 'analyst@lagebild.test', ['taxii']);
    await publishedAdvisory(cert, advisoryBody({ title: { de: 'TAXII öffentlich' }, tlp: 'CLEAR', pap: 'CLEAR' }));
    await publishedAdvisory(cert, advisoryBody({ title: { de: 'TAXII Energie' }, tlp: 'AMBER', audience: { organizations: [], sharingGroups: [groups.get('Energiesektor Thüringen')], users: [] } }));
  });
  after(async () => server.close());

  describe('discovery and API root (§4.1, §4.2)', () => {
    it('answers discovery with the API root, in the TAXII media type, without authentication', async () => {
      const response = await taxiiGet(server.url, '/taxii2/');
      expect(response.status).to.equal(200);
      expect(response.headers['content-type']).to.equal(TAXII);
      expect(response.body.api_roots).to.have.length(1);
      expect(response.body.default).to.equal(response.body.api_roots[0]);
      expect(response.body.api_roots[0]).to.match(/\/taxii2\/lagebild\/$/);
    });

    it('declares version 2.1 and max_content_length on the API root', async () => {
      const response = await taxiiGet(server.url, `${API_ROOT}/`);
      expect(response.status).to.equal(200);
      expect(response.body.versions).to.deep.equal([TAXII]);
      expect(response.body.max_content_length).to.equal(testConfig().settings.taxii.maxContentLength);
    });
  });

  describe('collections follow the policy', () => {
    it("lists for a service token of it@erfurt's organization only the collections it may see", async () => {
      const response = await taxiiGet(server.url, `${API_ROOT}/collections/`, erfurtToken.token);
      expect(response.status).to.equal(200);
      const ids = (response.body.collections as { id: string }[]).map((collection) => collection.id).sort();
      // Erfurt is a member of "Kommunen Thüringen" only.
      expect(ids).to.deep.equal([PUBLIC_COLLECTION_ID, COMMUNITY_COLLECTION_ID, AMBER_COLLECTION_ID, groups.get('Kommunen Thüringen')!].sort());
      for (const collection of response.body.collections) {
        expect(collection).to.include({ can_read: true, can_write: false });
        expect(collection.media_types).to.deep.equal(['application/stix+json;version=2.1']);
      }
    });

    it('answers 404 for a collection the caller may not see, also by alias, and never shows its objects', async () => {
      const energy = groups.get('Energiesektor Thüringen')!;
      for (const path of [`collections/${energy}/`, `collections/${energy}/objects/`, `collections/${energy}/manifest/`, 'collections/group-energiesektor-thuringen/objects/']) {
        const response = await taxiiGet(server.url, `${API_ROOT}/${path}`, erfurtToken.token);
        expect(response.status, path).to.equal(404);
        expect(response.headers['content-type']).to.equal(TAXII);
        expect(response.body).to.include({ http_status: '404' });
        expect(response.body.title).to.be.a('string');
      }
      const cert = await taxiiGet(server.url, `${API_ROOT}/collections/${energy}/objects/`, analystToken.token);
      expect(cert.status).to.equal(200);
      expect((cert.body.objects as { type: string; name?: string }[]).some((object) => object.type === 'report' && object.name === 'TAXII Energie')).to.equal(true);
      const audited = await queryRows<{ object_id: string; tlp: string }>(server.database.db, sql`select object_id, tlp from audit_log where action = 'taxii.objects.read'`);
      expect(audited).to.deep.equal([{ object_id: energy, tlp: 'amber' }]);
    });

    it('shows anonymous callers the public collection only, and asks them to authenticate for the rest (401 + WWW-Authenticate)', async () => {
      const list = await taxiiGet(server.url, `${API_ROOT}/collections/`);
      expect((list.body.collections as { id: string }[]).map((collection) => collection.id)).to.deep.equal([PUBLIC_COLLECTION_ID]);
      const objects = await taxiiGet(server.url, `${API_ROOT}/collections/${PUBLIC_COLLECTION_ID}/objects/`);
      expect(objects.status).to.equal(200);
      expect((objects.body.objects as { name?: string }[]).map((object) => object.name)).to.include('TAXII öffentlich');
      const community = await taxiiGet(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`);
      expect(community.status).to.equal(401);
      expect(community.headers['www-authenticate']).to.match(/Basic/).and.match(/Bearer/);
      expect(community.body.http_status).to.equal('401');
      const status = await taxiiGet(server.url, `${API_ROOT}/status/00000000-0000-4000-8000-000000000000/`);
      expect(status.status).to.equal(401);
    });

    it('answers 401 for a wrong or revoked token instead of falling back to anonymous', async () => {
      const response = await taxiiGet(server.url, `${API_ROOT}/collections/`, 'lbt_not-a-token');
      expect(response.status).to.equal(401);
      expect(response.headers['www-authenticate']).to.match(/Basic realm=/);
    });

    it('accepts HTTP Basic with the token id or the owner e-mail as user and the token as password', async () => {
      for (const user of [erfurtToken.id, 'it@erfurt.lagebild.test']) {
        const response = await request(server.url).get(`${API_ROOT}/collections/`).set('Accept', TAXII).auth(user, erfurtToken.token);
        expect(response.status, user).to.equal(200);
        expect(JSON.parse(response.text).collections).to.have.length(4);
      }
      const wrongUser = await request(server.url).get(`${API_ROOT}/collections/`).set('Accept', TAXII).auth('it@jena.lagebild.test', erfurtToken.token);
      expect(wrongUser.status).to.equal(401);
      const wrongSecret = await request(server.url).get(`${API_ROOT}/collections/`).set('Accept', TAXII).auth(erfurtToken.id, 'lbt_wrong');
      expect(wrongSecret.status).to.equal(401);
    });

    it('uses the session cookie of a logged-in user', async () => {
      const session = await loginAs(server.url, 'soc@swnt.lagebild.test');
      const response = await taxiiGet(server.url, `${API_ROOT}/collections/`, undefined, session.agent);
      expect(response.status).to.equal(200);
      expect((response.body.collections as { id: string }[]).map((collection) => collection.id)).to.include(groups.get('Energiesektor Thüringen'));
    });
  });

  describe('media types and version negotiation (§1.6.8)', () => {
    it('answers 406 to an Accept that is not TAXII 2.1', async () => {
      for (const accept of ['application/json', 'application/taxii+json;version=2.0', 'text/html']) {
        const response = await request(server.url).get(`${API_ROOT}/collections/`).set('Accept', accept);
        expect(response.status, accept).to.equal(406);
        expect(response.headers['content-type']).to.equal(TAXII);
        expect(JSON.parse(response.text).http_status).to.equal('406');
      }
      const unversioned = await request(server.url).get(`${API_ROOT}/collections/`).set('Accept', 'application/taxii+json');
      expect(unversioned.status).to.equal(200);
    });

    it('answers 415 to a POST whose Content-Type is not TAXII 2.1', async () => {
      const response = await request(server.url)
        .post(`${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`)
        .set('Accept', TAXII)
        .set('Authorization', `Bearer ${analystToken.token}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ objects: [] }));
      expect(response.status).to.equal(415);
      expect(JSON.parse(response.text).http_status).to.equal('415');
    });

    it('answers 413 to a POST longer than max_content_length, before reading it', async () => {
      const max = (await taxiiGet(server.url, `${API_ROOT}/`)).body.max_content_length as number;
      const address = new URL(server.url);
      const status = await new Promise<{ code: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          { host: address.hostname, port: address.port, method: 'POST', path: `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`, headers: { Accept: TAXII, 'Content-Type': TAXII, Authorization: `Bearer ${analystToken.token}`, 'Content-Length': String(max + 1) } },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
            res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.write('{"objects": [');
      });
      expect(status.code).to.equal(413);
      expect(JSON.parse(status.body)).to.include({ http_status: '413' });
    });

    it('answers 400 with the problems for bad query parameters', async () => {
      const response = await taxiiGet(server.url, `${API_ROOT}/collections/${PUBLIC_COLLECTION_ID}/objects/?added_after=yesterday&limit=0&next=forged&match[version]=newest`);
      expect(response.status).to.equal(400);
      const parameters = (response.body.details.problems as { parameter: string }[]).map((problem) => problem.parameter).sort();
      expect(parameters).to.deep.equal(['added_after', 'limit', 'match[version]', 'next']);
    });
  });

  describe('adding objects (§5.5) and the status resource (§4.3)', () => {
    const id = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';

    it('stores valid objects, reports invalid ones with their problem, and answers 202 with a status', async () => {
      const objects = [
        indicator(id, '2026-03-01T10:00:00.000Z'),
        { type: 'indicator', spec_version: '2.1', id: 'indicator--0e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: 'gestern', modified: '2026-03-01T10:00:00.000Z', pattern: 'nope' },
        indicator('indicator--1e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', '2026-03-01T10:00:00.000Z', { object_marking_refs: [TLP2_MARKING_IDS.red] }),
        { ...(await import('../../../server/stix/tlp.js')).TLP_MARKING_DEFINITIONS.green },
      ];
      const response = await taxiiPost(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`, objects, analystToken.token);
      expect(response.status, response.text).to.equal(202);
      expect(response.headers['content-type']).to.equal(TAXII);
      const status = JSON.parse(response.text);
      expect(status).to.include({ status: 'complete', total_count: 4, success_count: 2, failure_count: 2, pending_count: 0 });
      expect(status.successes.map((entry: { id: string }) => entry.id)).to.include(id);
      expect(status.failures.map((entry: { id: string }) => entry.id)).to.deep.equal(['indicator--0e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', 'indicator--1e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f']);
      expect(status.failures[1].message).to.match(/TLP:RED/);

      const again = await taxiiGet(server.url, `${API_ROOT}/status/${status.id}/`, analystToken.token);
      expect(again.status).to.equal(200);
      expect(again.body).to.deep.equal(status);
      const other = await taxiiGet(server.url, `${API_ROOT}/status/${status.id}/`, erfurtToken.token);
      expect(other.status).to.equal(404);
    });

    it('serves the stored object with the collection marking added, to members; never the refused ones', async () => {
      const response = await taxiiGet(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/${id}/`, erfurtToken.token);
      expect(response.status).to.equal(200);
      expect(response.body.objects).to.have.length(1);
      expect(response.body.objects[0].object_marking_refs).to.deep.equal([TLP2_MARKING_IDS.green]);
      expect(response.headers['x-taxii-date-added-first']).to.match(/^\d{4}-\d\d-\d\dT/);
      const refused = await taxiiGet(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/indicator--1e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f/`, analystToken.token);
      expect(refused.status).to.equal(404);
      const publicCollection = await taxiiGet(server.url, `${API_ROOT}/collections/${PUBLIC_COLLECTION_ID}/objects/${id}/`);
      expect(publicCollection.status).to.equal(404);
    });

    it('keeps every version and answers versions, match[version] first/last/all/timestamp and the manifest', async () => {
      const second = indicator(id, '2026-03-02T10:00:00.000Z', { name: 'Beacon v2' });
      const posted = await taxiiPost(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`, [second], analystToken.token);
      expect(JSON.parse(posted.text).success_count).to.equal(1);
      const base = `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/${id}`;
      const versions = await taxiiGet(server.url, `${base}/versions/`, erfurtToken.token);
      expect(versions.body.versions).to.deep.equal(['2026-03-01T10:00:00.000Z', '2026-03-02T10:00:00.000Z']);
      const last = await taxiiGet(server.url, `${base}/`, erfurtToken.token);
      expect(last.body.objects.map((object: { modified: string }) => object.modified)).to.deep.equal(['2026-03-02T10:00:00.000Z']);
      const first = await taxiiGet(server.url, `${base}/?match[version]=first`, erfurtToken.token);
      expect(first.body.objects.map((object: { modified: string }) => object.modified)).to.deep.equal(['2026-03-01T10:00:00.000Z']);
      const all = await taxiiGet(server.url, `${base}/?match[version]=all`, erfurtToken.token);
      expect(all.body.objects).to.have.length(2);
      const stamp = await taxiiGet(server.url, `${base}/?match[version]=2026-03-01T10:00:00.000Z`, erfurtToken.token);
      expect(stamp.body.objects.map((object: { name: string }) => object.name)).to.deep.equal([indicator(id, 'x').name]);
      const manifest = await taxiiGet(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/manifest/?match[id]=${id}&match[version]=all`, erfurtToken.token);
      expect(manifest.body.objects.map((entry: { version: string; media_type: string }) => [entry.version, entry.media_type])).to.deep.equal([
        ['2026-03-01T10:00:00.000Z', 'application/stix+json;version=2.1'],
        ['2026-03-02T10:00:00.000Z', 'application/stix+json;version=2.1'],
      ]);
      const reposted = await taxiiPost(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`, [second], analystToken.token);
      expect(JSON.parse(reposted.text)).to.include({ success_count: 1, failure_count: 0 });
      const still = await taxiiGet(server.url, `${base}/versions/`, erfurtToken.token);
      expect(still.body.versions).to.have.length(2);
    });

    it('serves a withdrawn advisory as a new, revoked version', async () => {
      const cert = await loginAs(server.url, 'analyst@lagebild.test');
      const id = await publishedAdvisory(cert, advisoryBody({ title: { de: 'TAXII zurückgezogen' } }));
      const base = `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/report--${id}/`;
      const before = await taxiiGet(server.url, base, erfurtToken.token);
      expect(before.body.objects[0]).to.not.have.property('revoked');
      await new Promise((resolve) => setTimeout(resolve, 5));
      const withdrawn = await cert.agent.post(`/api/v1/advisories/${id}/withdraw`).set('X-CSRF-Token', cert.csrfToken).send({ reason: 'Fehlalarm' });
      expect(withdrawn.status).to.equal(200);
      const after = await taxiiGet(server.url, base, erfurtToken.token);
      expect(after.body.objects[0]).to.include({ revoked: true });
      expect(Date.parse(after.headers['x-taxii-date-added-first'] as string)).to.be.greaterThan(Date.parse(before.headers['x-taxii-date-added-first'] as string));
    });

    it('filters by match[type] and match[spec_version]', async () => {
      const reports = await taxiiGet(server.url, `${API_ROOT}/collections/${PUBLIC_COLLECTION_ID}/objects/?match[type]=report`);
      expect(reports.body.objects.length).to.be.greaterThan(0);
      expect(new Set(reports.body.objects.map((object: { type: string }) => object.type))).to.deep.equal(new Set(['report']));
      const several = await taxiiGet(server.url, `${API_ROOT}/collections/${PUBLIC_COLLECTION_ID}/objects/?match[type]=report,marking-definition`);
      expect(new Set(several.body.objects.map((object: { type: string }) => object.type))).to.deep.equal(new Set(['report', 'marking-definition']));
      const old = await taxiiGet(server.url, `${API_ROOT}/collections/${PUBLIC_COLLECTION_ID}/objects/?match[spec_version]=2.0`);
      expect(old.status).to.equal(200);
      expect(old.body.objects ?? []).to.deep.equal([]);
    });

    it('refuses adding objects without taxii:write (403) and without authentication (401)', async () => {
      const forbidden = await taxiiPost(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`, [indicator('indicator--2e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', '2026-03-01T10:00:00.000Z')], erfurtToken.token);
      expect(forbidden.status).to.equal(403);
      const anonymous = await taxiiPost(server.url, `${API_ROOT}/collections/${PUBLIC_COLLECTION_ID}/objects/`, []);
      expect(anonymous.status).to.equal(401);
      const readOnlyAnalyst = await createToken(server.url, 'analyst@lagebild.test', ['read']);
      const scoped = await taxiiPost(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`, [], readOnlyAnalyst.token);
      expect(scoped.status).to.equal(403);
    });

    it('answers 400 to a body that is not an envelope', async () => {
      const response = await request(server.url).post(`${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`).set('Accept', TAXII).set('Content-Type', TAXII).set('Authorization', `Bearer ${analystToken.token}`).send('{"objects": 5}');
      expect(response.status).to.equal(400);
      const broken = await request(server.url).post(`${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`).set('Accept', TAXII).set('Content-Type', TAXII).set('Authorization', `Bearer ${analystToken.token}`).send('{"objects": [');
      expect(broken.status).to.equal(400);
    });

    it('puts objects posted to a group collection under AMBER for that group only', async () => {
      const energy = groups.get('Energiesektor Thüringen')!;
      const groupId = 'indicator--3e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
      const posted = await taxiiPost(server.url, `${API_ROOT}/collections/${energy}/objects/`, [indicator(groupId, '2026-03-01T10:00:00.000Z')], analystToken.token);
      expect(JSON.parse(posted.text).success_count).to.equal(1);
      const swnt = await createToken(server.url, 'soc@swnt.lagebild.test', ['read']);
      const seen = await taxiiGet(server.url, `${API_ROOT}/collections/${energy}/objects/${groupId}/`, swnt.token);
      expect(seen.status).to.equal(200);
      expect(seen.body.objects[0].object_marking_refs).to.deep.equal([TLP2_MARKING_IDS.amber]);
      const inAmber = await taxiiGet(server.url, `${API_ROOT}/collections/${AMBER_COLLECTION_ID}/objects/?match[id]=${groupId}`, erfurtToken.token);
      expect(inAmber.body.objects ?? []).to.deep.equal([]);
    });
  });
});
