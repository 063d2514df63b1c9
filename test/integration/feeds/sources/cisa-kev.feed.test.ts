import { expect } from 'chai';
import { cisaKevAdapter, type KevCursor } from '../../../../feeds/cisa-kev/cisa-kev.feed.js';
import { expectFeedError, expectValidOutput, readFixture, startFixtureServer, testRunContext, type FixtureServer } from '../../../support/feed-sources.js';

describe('feeds/cisa-kev adapter against a real HTTP server', function () {
  this.timeout(20_000);
  let server: FixtureServer;
  let version = '2024.04.12';
  let flakyHits = 0;

  before(async () => {
    server = await startFixtureServer((req, res, url) => {
      if (url.pathname === '/kev.json' || url.pathname === '/flaky.json') {
        if (url.pathname === '/flaky.json' && ++flakyHits <= 2) return void res.writeHead(503).end('busy');
        const etag = `"kev-${version}"`;
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        return void res.writeHead(200, { 'content-type': 'application/json', etag }).end(readFixture('cisa-kev', `kev-${version}.json`));
      }
      if (url.pathname === '/garbage.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('<html>Maintenance</html>');
      res.writeHead(404).end();
    });
  });
  after(() => server.close());

  async function run(path: string, cursor?: unknown, now = '2024-04-20T00:00:00Z') {
    const test = testRunContext({ type: 'cisa-kev', url: `${server.base}${path}`, cursor, now: new Date(now), options: { initialItemDays: 30 } });
    try {
      const output = await cisaKevAdapter.run(test.context);
      expectValidOutput(output);
      return output;
    } finally {
      await test.close();
    }
  }

  it('first run enriches every entry and makes items only of recent additions; then 304; then only the delta', async () => {
    version = '2024.04.12';
    const first = await run('/kev.json');
    expect(first.enrichments.map((e) => e.cve)).to.deep.equal(['CVE-2024-3400', 'CVE-2023-4966', 'CVE-2021-44228']);
    expect(first.items.map((i) => i.externalId)).to.deep.equal(['CVE-2024-3400']);
    expect((first.cursor as KevCursor).etag).to.equal('"kev-2024.04.12"');

    const second = await run('/kev.json', first.cursor);
    expect(server.requests.at(-1)!.headers['if-none-match']).to.equal('"kev-2024.04.12"');
    expect(second).to.deep.include({ items: [], enrichments: [], unchanged: 3 });
    expect(second.cursor).to.deep.equal(first.cursor);

    version = '2024.04.15';
    const third = await run('/kev.json', second.cursor);
    expect(third.items.map((i) => i.externalId)).to.deep.equal(['CVE-2024-21762']);
    // CVE-2024-3400 changed (ransomware use now known): enrichment again, but no new inbox item.
    expect(third.enrichments.map((e) => [e.cve, e.kev?.knownRansomwareCampaignUse])).to.deep.equal([
      ['CVE-2024-21762', false],
      ['CVE-2024-3400', true],
    ]);
    expect(third.unchanged).to.equal(2);
  });

  it('a new catalog version without changed entries writes nothing', async () => {
    version = '2024.04.15';
    const first = await run('/kev.json');
    const replay = await run('/kev.json', { ...(first.cursor as KevCursor), etag: '"stale"' });
    expect(replay).to.deep.include({ items: [], enrichments: [], unchanged: 4 });
  });

  it('retries 5xx through the fetcher', async () => {
    const output = await run('/flaky.json');
    expect(flakyHits).to.equal(3);
    expect(output.enrichments).to.have.length.greaterThan(0);
  });

  it('fails cleanly (bad_document) on garbage and (http_error) on 404', async () => {
    expect((await expectFeedError(run('/garbage.json'))).code).to.equal('bad_document');
    expect((await expectFeedError(run('/missing.json'))).code).to.equal('http_error');
  });
});
