import { expect } from 'chai';
import { taxiiAdapter, type TaxiiCursor } from '../../../feeds/taxii/taxii.feed.js';
import { COMMUNITY_COLLECTION_ID } from '../../../server/taxii/taxii.collections.js';
import { TLP2_MARKING_IDS } from '../../../server/stix/tlp.js';
import { newStixId } from '../../../server/stix/common.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { advisoryBody, publishedAdvisory } from '../../support/advisories.js';
import { expectValidOutput, testRunContext } from '../../support/feed-sources.js';
import { API_ROOT, createToken, pageAll, taxiiPost } from '../../support/taxii.js';

// Our own TAXII consumer (feeds/taxii, the adapter federation will use) against our TAXII server:
// Basic with the owner's e-mail and the token, paging with a small limit, and the incremental cursor
// (X-TAXII-Date-Added-Last → added_after) picking up exactly what was added since.

function indicator(index: number) {
  return { type: 'indicator', spec_version: '2.1', id: newStixId('indicator'), created: '2026-07-01T00:00:00.000Z', modified: '2026-07-01T00:00:00.000Z', name: `Rundreise ${index}`, pattern: `[domain-name:value = 'rt-${index}.example.org']`, pattern_type: 'stix', valid_from: '2026-07-01T00:00:00.000Z' };
}

describe('feeds/taxii reads Lagebild\'s own TAXII server', () => {
  let server: TestServer;
  let reader: { id: string; token: string };
  let writer: { id: string; token: string };

  before(async () => {
    server = await startTestServer();
    reader = await createToken(server.url, 'it@jena.lagebild.test', ['read']);
    writer = await createToken(server.url, 'analyst@lagebild.test', ['taxii']);
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Rundreise GREEN' } }));
    const posted = await taxiiPost(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`, [1, 2, 3, 4, 5].map(indicator), writer.token);
    expect(JSON.parse(posted.text).success_count).to.equal(5);
  });
  after(async () => server.close());

  async function run(cursor?: unknown) {
    const test = testRunContext({ type: 'taxii', url: `${server.url}/taxii2/`, cursor, options: { apiRoot: `${server.url}${API_ROOT}/`, collections: [COMMUNITY_COLLECTION_ID], limit: 3 }, credentials: { username: 'it@jena.lagebild.test', password: reader.token } });
    try {
      const output = await taxiiAdapter.run(test.context);
      expectValidOutput(output);
      return output;
    } finally {
      await test.close();
    }
  }

  it('gets every object of the collection once, marked, and resumes with only what was added since', async () => {
    const first = await run();
    const expected = (await pageAll(server.url, COMMUNITY_COLLECTION_ID, reader.token, 1000)).objects.map((object) => object.id);
    expect(first.stixObjects.map((object) => object.id)).to.deep.equal(expected);
    for (const object of first.stixObjects) if (object.type !== 'marking-definition') expect(object.object_marking_refs, String(object.id)).to.include(TLP2_MARKING_IDS.green);
    expect(first.problems).to.deep.equal([]);
    const mark = (first.cursor as TaxiiCursor).collections[COMMUNITY_COLLECTION_ID];
    expect(mark).to.match(/^\d{4}-\d\d-\d\dT/);

    const later = [6, 7].map(indicator);
    await taxiiPost(server.url, `${API_ROOT}/collections/${COMMUNITY_COLLECTION_ID}/objects/`, later, writer.token);
    const second = await run(first.cursor);
    expect(second.stixObjects.map((object) => object.id)).to.deep.equal(later.map((object) => object.id));
    const third = await run(second.cursor);
    expect(third.stixObjects).to.deep.equal([]);
  });
});
