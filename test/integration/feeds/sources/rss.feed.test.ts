import { expect } from 'chai';
import { rssAdapter } from '../../../../feeds/rss/rss.feed.js';
import { expectFeedError, expectValidOutput, readFixture, startFixtureServer, testRunContext, type FixtureServer } from '../../../support/feed-sources.js';

describe('feeds/rss adapter against a real HTTP server (RSS 2.0 and Atom)', function () {
  this.timeout(20_000);
  let server: FixtureServer;
  let atomHits = 0;
  const LAST_MODIFIED = 'Fri, 12 Apr 2024 08:30:00 GMT';

  before(async () => {
    server = await startFixtureServer((req, res, url) => {
      if (url.pathname === '/securityAdvisory/rss') {
        if (req.headers['if-modified-since'] === LAST_MODIFIED) return void res.writeHead(304).end();
        return void res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'last-modified': LAST_MODIFIED }).end(readFixture('rss', 'bsi-wid.rss'));
      }
      if (url.pathname === '/feed.atom') {
        // No validators, and the first attempt fails: retried by the fetcher.
        if (++atomHits === 1) return void res.writeHead(502).end();
        return void res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(readFixture('rss', 'vendor.atom'));
      }
      if (url.pathname === '/html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
      if (url.pathname === '/not-a-feed') return void res.writeHead(200, { 'content-type': 'application/xml' }).end('<html><body>x</body></html>');
      res.writeHead(404).end();
    });
  });
  after(() => server.close());

  async function run(path: string, cursor?: unknown) {
    const test = testRunContext({ type: 'rss', url: `${server.base}${path}`, cursor });
    try {
      const output = await rssAdapter.run(test.context);
      expectValidOutput(output);
      return output;
    } finally {
      await test.close();
    }
  }

  it('turns BSI RSS entries into German news items, then answers 304 with nothing new', async () => {
    const first = await run('/securityAdvisory/rss');
    expect(first.items.map((i) => i.externalId)).to.deep.equal(['WID-SEC-2024-0874', 'WID-SEC-2023-2679', 'https://wid.cert-bund.de/portal/wid/securityadvisory?name=WID-SEC-2024-0001']);
    expect(first.items[0]!.title.de).to.match(/^\[hoch\] Palo Alto Networks PAN-OS/);
    expect(first.items[1]!.cves).to.deep.equal(['CVE-2023-4966', 'CVE-2023-4967']);
    expect(first.problems).to.have.length(1);
    const second = await run('/securityAdvisory/rss', first.cursor);
    expect(server.requests.at(-1)!.headers['if-modified-since']).to.equal(LAST_MODIFIED);
    expect(second).to.deep.include({ items: [], unchanged: 3 });
  });

  it('Atom without validators: retried 502, then unchanged entries are recognised by fingerprint', async () => {
    const first = await run('/feed.atom');
    expect(atomHits).to.equal(2);
    expect(first.items.map((i) => [i.externalId, i.title.en])).to.deep.equal([
      ['urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a', 'EX-2024-001: Stack overflow in Example Router <2.3.1'],
      ['urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6b', 'EX-2024-002: Information disclosure'],
    ]);
    const second = await run('/feed.atom', first.cursor);
    expect(second).to.deep.include({ items: [], unchanged: 2 });
  });

  it('fails cleanly on the wrong content type and on XML that is no feed', async () => {
    expect((await expectFeedError(run('/html'))).code).to.equal('bad_content_type');
    expect((await expectFeedError(run('/not-a-feed'))).code).to.equal('bad_document');
  });
});
