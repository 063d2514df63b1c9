import { expect } from 'chai';
import { taxiiAdapter, type TaxiiCursor } from '../../../../feeds/taxii/taxii.feed.js';
import { expectFeedError, expectValidOutput, readFixture, testRunContext } from '../../../support/feed-sources.js';
import { startTaxiiServer, type StoredObject, type TaxiiFixtureServer } from '../../../support/taxii-fixture-server.js';

type Fixture = { id: string; title: string; objects: StoredObject[]; added_later: StoredObject[] };

describe('feeds/taxii adapter against a TAXII 2.1 server on 127.0.0.1', function () {
  this.timeout(20_000);
  const fixture = JSON.parse(readFixture('taxii', 'collection.json').toString()) as Fixture;
  let server: TaxiiFixtureServer;

  beforeEach(async () => {
    server = await startTaxiiServer([{ id: fixture.id, title: fixture.title, objects: [...fixture.objects] }, { id: 'write-only', title: 'Inbox', can_read: false, objects: [] }]);
  });
  afterEach(() => server.close());

  async function run(input: { cursor?: unknown; options?: Record<string, unknown>; credentials?: Record<string, string>; url?: string }) {
    const test = testRunContext({ type: 'taxii', url: input.url ?? `${server.base}/taxii2/`, cursor: input.cursor, options: input.options ?? {}, credentials: input.credentials ?? {} });
    try {
      const output = await taxiiAdapter.run(test.context);
      expectValidOutput(output);
      return { output, logs: test.logs };
    } finally {
      await test.close();
    }
  }

  const objectRequests = () => server.requests.filter((r) => r.path.endsWith('/objects/')).map((r) => r.url);

  it('walks discovery → API root → collections → objects pages (next/more) and resumes from the last date added', async () => {
    server.authorizations = [`Basic ${Buffer.from('cert:s3cret').toString('base64')}`];
    const { output: first } = await run({ options: { limit: 2 }, credentials: { username: 'cert', password: 's3cret' } });
    expect(server.requests.map((r) => r.path).slice(0, 3)).to.deep.equal(['/taxii2/', '/api1/', '/api1/collections/']);
    expect(server.requests.every((r) => r.headers.accept?.includes('application/taxii+json;version=2.1'))).to.equal(true);
    expect(objectRequests().map((u) => u.searchParams.get('next'))).to.deep.equal([null, '2', '4']);
    expect(first.stixObjects.map((o) => o.id)).to.deep.equal(fixture.objects.slice(0, 5).map((o) => o.object.id));
    expect(first.stixObjects[2]!.object_marking_refs).to.deep.equal(['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421']);
    expect(first.problems.map((p) => p.ref)).to.deep.equal([`${fixture.id}/indicator--0f6cbb0b-24de-4b5e-9c5b-8c4bfb0a0001`]);
    expect(first.cursor).to.deep.equal({ collections: { [fixture.id]: '2025-06-01T10:00:05.000000Z' } });

    server.collections[0]!.objects.push(...fixture.added_later);
    const mark = objectRequests().length;
    const { output: second } = await run({ cursor: first.cursor, options: { limit: 2 }, credentials: { username: 'cert', password: 's3cret' } });
    expect(objectRequests()[mark]!.searchParams.get('added_after')).to.equal('2025-06-01T10:00:05.000000Z');
    expect(second.stixObjects.map((o) => o.id)).to.deep.equal(['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd03']);
    expect((second.cursor as TaxiiCursor).collections[fixture.id]).to.equal('2025-06-05T08:00:00.000000Z');

    const { output: third } = await run({ cursor: second.cursor, credentials: { username: 'cert', password: 's3cret' } });
    expect(third.stixObjects).to.deep.equal([]);
    expect(third.cursor).to.deep.equal(second.cursor);
  });

  it('sends bearer tokens, and fails cleanly with wrong credentials', async () => {
    server.authorizations = ['Bearer t0ken'];
    const { output } = await run({ credentials: { token: 't0ken' }, options: { collections: [fixture.id] } });
    expect(output.stixObjects).to.have.length(5);
    expect((await expectFeedError(run({ credentials: { token: 'wrong' } }))).code).to.equal('http_error');
  });

  it('falls back to the run start as cursor when the server sends no X-TAXII-Date-Added-Last', async () => {
    server.dateHeaders = false;
    const { output, logs } = await run({});
    expect(output.cursor).to.deep.equal({ collections: { [fixture.id]: '2024-11-11T00:00:00.000Z' } });
    expect(logs.some((l) => l.level === 'warn' && /X-TAXII-Date-Added-Last/.test(l.message))).to.equal(true);
  });

  it('retries a 503 on an objects page through the fetcher', async () => {
    server.failures = 2;
    const { output } = await run({ options: { limit: 2 } });
    expect(server.failures).to.equal(0);
    expect(output.stixObjects).to.have.length(5);
  });

  it('fails cleanly for an unknown collection and for a non-TAXII answer', async () => {
    expect((await expectFeedError(run({ options: { collections: ['nope'] } }))).code).to.equal('bad_document');
    expect((await expectFeedError(run({ url: `${server.base}/api1/collections/` }))).code).to.equal('bad_document');
  });
});
