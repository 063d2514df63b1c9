import { expect } from 'chai';
import { mispAdapter, type MispCursor } from '../../../../feeds/misp/misp.feed.js';
import { expectFeedError, expectValidOutput, readFixture, startFixtureServer, testRunContext, type FixtureServer } from '../../../support/feed-sources.js';

const EVENT_1 = '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const EVENT_2 = '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b';

describe('feeds/misp adapter against a MISP feed directory on a real server', function () {
  this.timeout(20_000);
  let server: FixtureServer;
  let state: 'initial' | 'updated' = 'initial';
  let tamperedHashes = false;
  let missingEvent = false;
  let eventFailures = 0;

  before(async () => {
    server = await startFixtureServer((req, res, url) => {
      const name = url.pathname.replace(/^\/feed\//, '');
      const prefix = state === 'updated' ? 'updated-' : '';
      if (url.pathname === '/garbage/manifest.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('["not","a","manifest"]');
      if (name === 'manifest.json') {
        const etag = `"manifest-${state}"`;
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        return void res.writeHead(200, { 'content-type': 'application/json', etag }).end(readFixture('misp', `${prefix}manifest.json`));
      }
      if (name === 'hashes.csv') {
        const text = readFixture('misp', `${prefix}hashes.csv`).toString();
        return void res.writeHead(200, { 'content-type': 'text/csv' }).end(tamperedHashes ? text.replace(/^[0-9a-f]{32},7d1c/m, `${'0'.repeat(32)},7d1c`) : text);
      }
      if (name === `${EVENT_1}.json`) {
        if (missingEvent) return void res.writeHead(404).end();
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(readFixture('misp', `${EVENT_1}.json`));
      }
      if (name === `${EVENT_2}.json` && eventFailures > 0) {
        eventFailures -= 1;
        return void res.writeHead(500).end();
      }
      if (name === `${EVENT_2}.json`) return void res.writeHead(200, { 'content-type': 'application/json' }).end(readFixture('misp', `${state === 'updated' ? 'updated-' : ''}${EVENT_2}.json`));
      res.writeHead(404).end();
    });
  });
  after(() => server.close());

  async function run(cursor?: unknown, options: Record<string, unknown> = {}, path = '/feed/') {
    const test = testRunContext({ type: 'misp', url: `${server.base}${path}`, cursor, options, defaultTlp: 'green' });
    try {
      const output = await mispAdapter.run(test.context);
      expectValidOutput(output);
      return output;
    } finally {
      await test.close();
    }
  }

  const fetchedEvents = (from: number) => server.requests.slice(from).map((r) => r.path.replace('/feed/', '')).filter((p) => p.endsWith('.json') && p !== 'manifest.json');

  it('imports every event once, answers 304, then fetches only the event whose timestamp moved', async () => {
    state = 'initial';
    tamperedHashes = false;
    missingEvent = false;
    let mark = server.requests.length;
    const first = await run();
    expect(fetchedEvents(mark).sort()).to.deep.equal([`${EVENT_1}.json`, `${EVENT_2}.json`]);
    expect(first.items.map((i) => [i.externalId, i.tlp])).to.deep.equal([
      [EVENT_1, 'amber'],
      [EVENT_2, 'green'],
    ]);
    expect(first.problems).to.deep.equal([]);
    const ids = new Set(first.stixObjects.map((o) => o.id));
    for (const item of first.items) for (const id of item.stixObjectIds ?? []) expect(ids.has(id), id).to.equal(true);
    expect(first.stixObjects.filter((o) => o.type === 'report')).to.have.length(2);

    mark = server.requests.length;
    const second = await run(first.cursor);
    expect(server.requests.slice(mark).map((r) => r.headers['if-none-match'])).to.deep.equal(['"manifest-initial"']);
    expect(second).to.deep.include({ items: [], stixObjects: [], unchanged: 2 });

    state = 'updated';
    mark = server.requests.length;
    const third = await run(second.cursor);
    expect(fetchedEvents(mark)).to.deep.equal([`${EVENT_2}.json`]);
    expect(third.items.map((i) => [i.externalId, i.revision])).to.deep.equal([[EVENT_2, '1749052800']]);
    expect(third.unchanged).to.equal(1);
    expect((third.cursor as MispCursor).events[EVENT_2]).to.equal(1749052800);
    expect(third.stixObjects.some((o) => o.pattern === "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']")).to.equal(true);
  });

  it('verifies hashes.csv: an event whose values are not listed is rejected, the others go on', async () => {
    state = 'initial';
    tamperedHashes = true;
    const output = await run(undefined, { verifyHashes: true });
    expect(output.items.map((i) => i.externalId)).to.deep.equal([EVENT_2]);
    expect(output.problems).to.have.length(1);
    expect(output.problems[0]).to.deep.include({ ref: EVENT_1 });
    expect(output.problems[0]!.message).to.match(/not listed in hashes\.csv/);
    // The rejected event is not recorded, and no validators are kept, so the next run retries it.
    expect((output.cursor as MispCursor).events).to.not.have.property(EVENT_1);
    expect(output.cursor).to.not.have.property('etag');
    tamperedHashes = false;
    const retry = await run(output.cursor, { verifyHashes: true });
    expect(retry.items.map((i) => i.externalId)).to.deep.equal([EVENT_1]);
    expect(retry.unchanged).to.equal(1);
  });

  it('a missing event file is a problem for that event only', async () => {
    state = 'initial';
    missingEvent = true;
    const output = await run();
    missingEvent = false;
    expect(output.items.map((i) => i.externalId)).to.deep.equal([EVENT_2]);
    expect(output.problems.map((p) => p.ref)).to.deep.equal([EVENT_1]);
  });

  it('an event answered with 500 is retried by the fetcher', async () => {
    state = 'initial';
    eventFailures = 2;
    const output = await run();
    expect(eventFailures).to.equal(0);
    expect(output.items).to.have.length(2);
    expect(output.problems).to.deep.equal([]);
  });

  it('fails cleanly when manifest.json is garbage', async () => {
    expect((await expectFeedError(run(undefined, {}, '/garbage/'))).code).to.equal('bad_document');
  });
});
