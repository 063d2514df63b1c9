import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { epssAdapter, type EpssCursor } from '../../../../feeds/epss/epss.feed.js';
import { expectFeedError, expectValidOutput, readFixture, startFixtureServer, testRunContext, type FixtureServer } from '../../../support/feed-sources.js';

describe('feeds/epss adapter against a real HTTP server (gzip CSV)', function () {
  this.timeout(20_000);
  let server: FixtureServer;
  let day = '2025-08-25';
  let failures = 0;

  before(async () => {
    server = await startFixtureServer((req, res, url) => {
      if (url.pathname === '/epss_scores-current.csv.gz') {
        if (failures > 0) {
          failures -= 1;
          return void res.writeHead(500).end();
        }
        const lastModified = new Date(`${day}T13:00:00Z`).toUTCString();
        if (req.headers['if-modified-since'] === lastModified) return void res.writeHead(304).end();
        return void res.writeHead(200, { 'content-type': 'application/gzip', 'last-modified': lastModified }).end(gzipSync(readFixture('epss', `epss_scores-${day}.csv`)));
      }
      if (url.pathname === '/broken.csv.gz') return void res.writeHead(200, { 'content-type': 'application/gzip' }).end(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4]));
      if (url.pathname === '/no-header.csv.gz') return void res.writeHead(200, { 'content-type': 'application/gzip' }).end(gzipSync('hello,world\n'));
      res.writeHead(404).end();
    });
  });
  after(() => server.close());

  async function run(path: string, cursor?: unknown, options: Record<string, unknown> = {}) {
    const test = testRunContext({ type: 'epss', url: `${server.base}${path}`, cursor, options });
    try {
      const output = await epssAdapter.run(test.context);
      expectValidOutput(output);
      return output;
    } finally {
      await test.close();
    }
  }

  it('enriches every CVE, answers 304 next time, and takes the next day in full', async () => {
    day = '2025-08-25';
    const first = await run('/epss_scores-current.csv.gz');
    expect(first.enrichments).to.have.length(5);
    expect(first.enrichments.find((e) => e.cve === 'CVE-2024-3400')!.epss).to.deep.equal({ score: 0.94326, percentile: 0.99951, date: '2025-08-25' });
    expect((first.cursor as EpssCursor).scoreDate).to.equal('2025-08-25T12:55:00Z');

    const second = await run('/epss_scores-current.csv.gz', first.cursor);
    expect(server.requests.at(-1)!.headers['if-modified-since']).to.equal(new Date('2025-08-25T13:00:00Z').toUTCString());
    expect(second).to.deep.include({ enrichments: [], unchanged: 5 });

    day = '2025-08-26';
    const third = await run('/epss_scores-current.csv.gz', second.cursor, { minPercentile: 0.9 });
    expect(third.enrichments.map((e) => e.cve)).to.deep.equal(['CVE-2021-44228', 'CVE-2023-4966', 'CVE-2024-3400']);
    expect(third.problems).to.have.length(1);
  });

  it('a re-published file with the same score date counts as unchanged', async () => {
    day = '2025-08-25';
    const first = await run('/epss_scores-current.csv.gz');
    const again = await run('/epss_scores-current.csv.gz', { ...(first.cursor as EpssCursor), lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' });
    expect(again).to.deep.include({ enrichments: [], unchanged: 5 });
  });

  it('retries 500s through the fetcher', async () => {
    day = '2025-08-25';
    failures = 2;
    expect((await run('/epss_scores-current.csv.gz')).enrichments).to.have.length(5);
    expect(failures).to.equal(0);
  });

  it('fails cleanly on corrupt gzip and on a CSV without the EPSS header', async () => {
    expect((await expectFeedError(run('/broken.csv.gz'))).code).to.equal('bad_document');
    expect((await expectFeedError(run('/no-header.csv.gz'))).code).to.equal('bad_document');
  });
});
