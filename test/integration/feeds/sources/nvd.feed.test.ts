import { expect } from 'chai';
import { createNvdAdapter, NVD_MAX_WINDOW_DAYS } from '../../../../feeds/nvd/nvd.feed.js';
import type { LimiterClock } from '../../../../feeds/nvd/rate-limiter.js';
import { expectFeedError, expectValidOutput, readFixture, startFixtureServer, testRunContext, type FixtureServer } from '../../../support/feed-sources.js';

type Cve = { id: string; lastModified: string };
const OFFSET_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;

/** A virtual clock: sleeping advances time instantly and is recorded. */
function virtualClock(): LimiterClock & { sleeps: number[] } {
  let now = Date.parse('2024-11-11T00:00:00Z');
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('feeds/nvd adapter against a paged NVD CVE API 2.0 server', function () {
  this.timeout(20_000);
  let server: FixtureServer;
  let dataset: Cve[] = [];
  let failNext = 0;

  before(async () => {
    // Behaves as the API: both lastMod dates required, with offset, window ≤ 120 days; startIndex/resultsPerPage paging.
    server = await startFixtureServer((req, res, url) => {
      if (url.pathname === '/garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"maintenance"}');
      if (url.pathname !== '/rest/json/cves/2.0') return void res.writeHead(404).end();
      if (failNext > 0) {
        failNext -= 1;
        return void res.writeHead(503).end();
      }
      const start = url.searchParams.get('lastModStartDate') ?? '';
      const end = url.searchParams.get('lastModEndDate') ?? '';
      if (!OFFSET_DATE.test(start) || !OFFSET_DATE.test(end) || Date.parse(end) - Date.parse(start) > NVD_MAX_WINDOW_DAYS * 86_400_000 || Date.parse(end) < Date.parse(start)) {
        return void res.writeHead(404, { message: 'Invalid lastModified window' }).end();
      }
      const startIndex = Number(url.searchParams.get('startIndex') ?? '0');
      const perPage = Math.min(2000, Number(url.searchParams.get('resultsPerPage') ?? '2000'));
      const matching = dataset.filter((cve) => {
        const modified = Date.parse(`${cve.lastModified}Z`);
        return modified >= Date.parse(start) && modified <= Date.parse(end);
      });
      const slice = matching.slice(startIndex, startIndex + perPage);
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ resultsPerPage: slice.length, startIndex, totalResults: matching.length, format: 'NVD_CVE', version: '2.0', timestamp: '2024-11-11T00:00:00.000', vulnerabilities: slice.map((cve) => ({ cve })) }),
      );
    });
  });
  after(() => server.close());

  const original = (): Cve[] => JSON.parse(readFixture('nvd', 'cves.json').toString()) as Cve[];

  async function run(adapter: ReturnType<typeof createNvdAdapter>, input: { cursor?: unknown; now?: string; options?: Record<string, unknown>; credentials?: Record<string, string>; path?: string }) {
    const test = testRunContext({ type: 'nvd', url: `${server.base}${input.path ?? '/rest/json/cves/2.0'}`, cursor: input.cursor, now: new Date(input.now ?? '2024-11-11T00:00:00Z'), options: input.options ?? {}, credentials: input.credentials ?? {} });
    try {
      const output = await adapter.run(test.context);
      expectValidOutput(output);
      return { output, logs: test.logs };
    } finally {
      await test.close();
    }
  }

  function apiRequests(): URL[] {
    return server.requests.filter((r) => r.path === '/rest/json/cves/2.0').map((r) => r.url);
  }

  it('pages through a window, skips rejected CVEs as items, and then fetches only what changed', async () => {
    dataset = original();
    const clock = virtualClock();
    const adapter = createNvdAdapter({ clock });
    const before = apiRequests().length;
    const { output: first } = await run(adapter, { options: { resultsPerPage: 2 } });
    const pages = apiRequests().slice(before);
    expect(pages.map((u) => u.searchParams.get('startIndex'))).to.deep.equal(['0', '2', '4']);
    expect(pages[0]!.searchParams.get('lastModStartDate')).to.equal('2024-11-04T00:00:00.000+00:00');
    expect(pages[0]!.searchParams.get('lastModEndDate')).to.equal('2024-11-11T00:00:00.000+00:00');
    expect(first.items.map((i) => i.externalId)).to.deep.equal(['CVE-2024-3400', 'CVE-2024-21762', 'CVE-2024-47575', 'CVE-2024-50001']);
    expect(first.enrichments).to.have.length(5);
    expect(first.cursor).to.deep.equal({ lastModEnd: '2024-11-11T00:00:00.000Z' });
    expect(clock.sleeps).to.deep.equal([]);

    // Two days later CVE-2024-3400 was modified; the 10-hour overlap re-reads three old records.
    dataset = [...original().filter((c) => c.id !== 'CVE-2024-3400'), ...(JSON.parse(readFixture('nvd', 'cves-modified-2024-11-12.json').toString()) as Cve[])];
    const { output: second } = await run(adapter, { cursor: first.cursor, now: '2024-11-13T00:00:00Z', options: { overlapMinutes: 600 } });
    expect(apiRequests().at(-1)!.searchParams.get('lastModStartDate')).to.equal('2024-11-10T14:00:00.000+00:00');
    expect(second.items.map((i) => [i.externalId, i.revision])).to.deep.equal([['CVE-2024-3400', '2024-11-12T09:30:00.000']]);
    expect(second.unchanged).to.equal(3);
    expect(second.cursor).to.deep.equal({ lastModEnd: '2024-11-13T00:00:00.000Z' });

    // Nothing changed since: one request, nothing new.
    const { output: third } = await run(adapter, { cursor: second.cursor, now: '2024-11-13T01:00:00Z', options: { overlapMinutes: 0 } });
    expect(third.items).to.deep.equal([]);
    expect(third.enrichments).to.deep.equal([]);
  });

  it('splits a long catch-up into windows of at most 120 days and honours 5 requests / 30 s without a key', async () => {
    dataset = original();
    const clock = virtualClock();
    const adapter = createNvdAdapter({ clock });
    const before = apiRequests().length;
    const { output, logs } = await run(adapter, { options: { initialDays: 300, resultsPerPage: 1 } });
    const requests = apiRequests().slice(before);
    const windows = [...new Set(requests.map((u) => `${u.searchParams.get('lastModStartDate')}/${u.searchParams.get('lastModEndDate')}`))];
    expect(windows).to.deep.equal([
      '2024-01-16T00:00:00.000+00:00/2024-05-15T00:00:00.000+00:00',
      '2024-05-15T00:00:00.000+00:00/2024-09-12T00:00:00.000+00:00',
      '2024-09-12T00:00:00.000+00:00/2024-11-11T00:00:00.000+00:00',
    ]);
    expect(requests).to.have.length(7); // 1 + 1 empty windows, 5 single-record pages
    expect(output.items).to.have.length(4);
    // The first five went out at once (virtual time stands still); the sixth waited the full
    // rolling 30 s, after which the seventh fits again.
    expect(clock.sleeps).to.deep.equal([30_000]);
    expect(logs.some((l) => l.message.startsWith('NVD rate limit'))).to.equal(true);
  });

  it('sends the apiKey header and allows 50 requests / 30 s with a key', async () => {
    dataset = original();
    const clock = virtualClock();
    const adapter = createNvdAdapter({ clock });
    const before = server.requests.length;
    await run(adapter, { options: { initialDays: 300, resultsPerPage: 1 }, credentials: { apiKey: 'test-key-123' } });
    const requests = server.requests.slice(before);
    expect(requests).to.have.length(7);
    expect(requests.every((r) => r.headers.apikey === 'test-key-123')).to.equal(true);
    expect(clock.sleeps).to.deep.equal([]);
  });

  it('retries a 503 through the fetcher and fails cleanly on a non-API answer', async () => {
    dataset = original();
    failNext = 1;
    const { output } = await run(createNvdAdapter({ clock: virtualClock() }), {});
    expect(failNext).to.equal(0);
    expect(output.items).to.have.length(4);
    const error = await expectFeedError(run(createNvdAdapter({ clock: virtualClock() }), { path: '/garbage' }));
    expect(error.code).to.equal('bad_document');
  });
});
