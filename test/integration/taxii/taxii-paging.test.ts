import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { advisoryBody, publishedAdvisory } from '../../support/advisories.js';
import { API_ROOT, createToken, pageAll, taxiiGet, taxiiPost } from '../../support/taxii.js';
import { COMMUNITY_COLLECTION_ID } from '../../../server/taxii/taxii.collections.js';
import { createIndicatorPackage } from '../../../server/indicators/index.js';
import { loadUserPrincipal } from '../../../server/auth/principal.js';
import { newStixId } from '../../../server/stix/common.js';

// The must-show: `added_after` + `limit` + `next` returns every object of a collection exactly once,
// across all three sources (advisory exports, shared indicator packages, stored STIX objects), with
// many objects sharing one date_added millisecond, and with objects arriving while a client pages.

function indicator(index: number) {
  return { type: 'indicator', spec_version: '2.1', id: newStixId('indicator'), created: '2026-04-01T08:00:00.000Z', modified: '2026-04-01T08:00:00.000Z', name: `Paging ${index}`, pattern: `[domain-name:value = 'c2-${index}.example.org']`, pattern_type: 'stix', valid_from: '2026-04-01T08:00:00.000Z' };
}

const key = (object: Record<string, unknown>) => `${String(object.id)}|${String(object.modified ?? object.created)}`;

describe('TAXII paging: added_after, limit and next return every object exactly once', () => {
  let server: TestServer;
  let reader: { id: string; token: string };
  let writer: { id: string; token: string };
  const advisoryIds: string[] = [];

  before(async () => {
    server = await startTestServer();
    reader = await createToken(server.url, 'it@jena.lagebild.test', ['read']);
    writer = await createToken(server.url, 'analyst@lagebild.test', ['taxii']);
    const cert = await loginAs(server.url, 'analyst@lagebild.test');
    for (let index = 0; index < 5; index += 1) {
      advisoryIds.push(await publishedAdvisory(cert, advisoryBody({ title: { de: `Paging-Warnmeldung ${index}` }, cves: [`CVE-2026-100${index}`, `CVE-2026-200${index}`] })));
    }
    const db = server.database.db;
    const analyst = (await loadUserPrincipal(db, cert.userId))!;
    for (let pkg = 0; pkg < 2; pkg += 1) {
      await db.transaction((tx) =>
        createIndicatorPackage(
          tx,
          analyst,
          { indicators: Array.from({ length: 5 }, (_, index) => ({ observableType: 'domain' as const, value: `pkg${pkg}-${index}.example.net` })), tlp: 'green', audience: { organizations: [], sharingGroups: [], users: [] }, name: `Paket ${pkg}`, description: 'Paging', certOrganizationId: analyst.organizationIds[0] ?? null },
          new Date(),
        ),
      );
    }
    for (let batch = 0; batch < 3; batch += 1) {
      const posted = await taxiiPost(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`, Array.from({ length: 15 }, (_, index) => indicator(batch * 100 + index)), writer.token);
      expect(JSON.parse(posted.text).success_count).to.equal(15);
    }
  });
  after(async () => server.close());

  it('pages with small limits through exactly the objects of one big page, in the same order, no repeats', async () => {
    const all = await pageAll(server.url, COMMUNITY_COLLECTION_ID, reader.token, 1000);
    expect(all.pages).to.equal(1);
    const expected = all.objects.map(key);
    // 2 fixed (identity, marking) + 5 advisories × (report, 2 vulnerabilities, course-of-action, language-content ×1–2) + 2 × 6 package objects + 45 posted
    expect(expected.length).to.be.greaterThan(2 + 5 * 4 + 12 + 45);
    expect(new Set(expected).size).to.equal(expected.length);
    for (const type of ['identity', 'marking-definition', 'report', 'vulnerability', 'grouping', 'indicator']) expect(all.objects.map((object) => object.type)).to.include(type);
    for (const limit of [1, 4, 7, 50]) {
      const paged = await pageAll(server.url, COMMUNITY_COLLECTION_ID, reader.token, limit);
      expect(paged.objects.map(key), `limit ${limit}`).to.deep.equal(expected);
      expect(paged.pages).to.equal(Math.max(1, Math.ceil(expected.length / limit)));
    }
  });

  it('returns filtered advisory objects once when the filter makes the server read further batches', async () => {
    // A batch of limit + 2 advisories yields fewer matches than the page needs, and the batch boundary
    // is itself a match that the next batch reads again: it must be served once, and `more` must not
    // promise an empty page.
    for (const wanted of [[advisoryIds[3]!], [advisoryIds[1]!, advisoryIds[3]!]].map((ids) => ids.map((id) => `report--${id}`))) {
      for (const limit of [1, 2, 3, 4]) {
        const paged = await pageAll(server.url, COMMUNITY_COLLECTION_ID, reader.token, limit, `match[id]=${wanted.join(',')}`);
        expect(paged.objects.map((object) => object.id), `limit ${limit}`).to.deep.equal(wanted);
        expect(paged.pages, `pages at limit ${limit}`).to.equal(Math.ceil(wanted.length / limit));
      }
    }
  });

  it('returns with added_after exactly the objects added later, per the manifest date_added', async () => {
    const manifest = await taxiiGet(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/manifest/?limit=1000`, reader.token);
    const entries = manifest.body.objects as { id: string; date_added: string; version: string }[];
    const dates = [...new Set(entries.map((entry) => entry.date_added))].sort();
    expect(dates.length).to.be.greaterThan(3);
    for (const cut of [dates[0]!, dates[Math.floor(dates.length / 2)]!, dates.at(-1)!]) {
      const expected = entries.filter((entry) => entry.date_added > cut).map((entry) => `${entry.id}|${entry.version}`);
      const paged = await pageAll(server.url, COMMUNITY_COLLECTION_ID, reader.token, 3, `added_after=${cut}`);
      expect(paged.objects.map(key), cut).to.deep.equal(expected);
    }
  });

  it('sets X-TAXII-Date-Added-First/Last to the first and last object of each page', async () => {
    const manifest = await taxiiGet(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/manifest/?limit=5`, reader.token);
    const entries = manifest.body.objects as { date_added: string }[];
    expect(manifest.headers['x-taxii-date-added-first']).to.equal(entries[0]!.date_added);
    expect(manifest.headers['x-taxii-date-added-last']).to.equal(entries.at(-1)!.date_added);
    expect(manifest.body.more).to.equal(true);
  });

  it('delivers objects that arrive while a client pages once, after what it had already seen', async () => {
    const seen: string[] = [];
    let next: string | undefined;
    let injected = false;
    for (;;) {
      const response = await taxiiGet(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/?limit=9${next ? `&next=${next}` : ''}`, reader.token);
      seen.push(...(response.body.objects as Record<string, unknown>[]).map(key));
      if (!injected) {
        injected = true;
        const posted = await taxiiPost(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`, [indicator(900), indicator(901)], writer.token);
        expect(JSON.parse(posted.text).success_count).to.equal(2);
      }
      if (!response.body.more) break;
      next = response.body.next as string;
    }
    expect(new Set(seen).size).to.equal(seen.length);
    const names = seen.slice(-2);
    const all = await pageAll(server.url, COMMUNITY_COLLECTION_ID, reader.token, 1000);
    expect(all.objects.map(key)).to.deep.equal(seen);
    expect(all.objects.slice(-2).map((object) => object.name)).to.deep.equal(['Paging 900', 'Paging 901']);
    expect(names).to.have.length(2);
  });
});
