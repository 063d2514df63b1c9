/**
 * The EUVD adapter against a fixture server on 127.0.0.1 speaking the EUVD API's shapes (arrays for
 * the exploited and latest lists, `{items, total}` for the paged search; newline-separated aliases
 * and references; "Apr 15, 2025, 2:30:10 PM" dates).
 */
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { euvdAdapter } from '../../../../feeds/euvd/euvd.feed.js';
import { createFeedHttp } from '../../../../feeds/http.js';
import type { FeedRunContext } from '../../../../feeds/feed.js';

const http = createFeedHttp({ allowance: { allowedNetworks: ['127.0.0.1'] }, backoffBaseMs: 1, retries: 1, timeoutMs: 5_000 });

function record(n: number, extra: Record<string, unknown> = {}) {
  return {
    id: `EUVD-2025-${10_000 + n}`,
    enisaUuid: `uuid-${n}`,
    description: `Buffer overflow ${n}`,
    datePublished: 'Apr 15, 2025, 2:30:10 PM',
    dateUpdated: 'Apr 16, 2025, 8:00:00 AM',
    baseScore: 9.4,
    baseScoreVersion: '4.0',
    baseScoreVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
    references: `https://vendor.example/advisory/${n}\nhttps://nvd.nist.gov/vuln/detail/CVE-2025-${20_000 + n}\n`,
    aliases: `CVE-2025-${20_000 + n}\nGHSA-xxxx-${n}\n`,
    assigner: 'citrix',
    epss: 12.5,
    enisaIdProduct: [{ id: `p${n}`, product: { name: 'NetScaler ADC' }, product_version: '13.1 <13.1-58.32' }],
    enisaIdVendor: [{ id: `v${n}`, vendor: { name: 'Citrix' } }],
    ...extra,
  };
}

describe('feeds/euvd: the ENISA EU Vulnerability Database against a fixture server', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/api/exploitedvulnerabilities') return res.end(JSON.stringify([record(1, { exploitedSince: 'Jul 1, 2025, 12:00:00 AM' })]));
      if (url.pathname === '/api/lastvulnerabilities') return res.end(JSON.stringify([record(1), record(2), { id: 'not-an-euvd-id' }]));
      if (url.pathname === '/api/search') {
        const page = Number(url.searchParams.get('page'));
        const size = Number(url.searchParams.get('size'));
        const all = [3, 4, 5].map((n) => record(n));
        return res.end(JSON.stringify({ items: all.slice(page * size, (page + 1) * size), total: all.length }));
      }
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const run = (cursor: unknown, options: Record<string, unknown> = {}) => {
    const context: FeedRunContext = { source: { id: 's', type: 'euvd', name: 'EUVD', url: base, defaultTlp: 'clear', options, credentials: {} }, http, cursor, now: () => new Date('2026-11-20T10:00:00Z'), log: () => undefined, signal: new AbortController().signal };
    return euvdAdapter.run(context);
  };

  it('reads exploited, latest and the paged search; correlates by CVE alias; marks exploitation; keeps a broken record as a problem', async () => {
    const out = await run(undefined, { pageSize: 2 });
    expect(out.items.map((item) => item.externalId).sort()).to.deep.equal(['EUVD-2025-10001', 'EUVD-2025-10002', 'EUVD-2025-10003', 'EUVD-2025-10004', 'EUVD-2025-10005']);
    const first = out.items.find((item) => item.externalId === 'EUVD-2025-10001')!;
    expect(first.cves).to.deep.equal(['CVE-2025-20001']);
    expect(first.products).to.deep.equal([{ vendor: 'Citrix', product: 'NetScaler ADC', versions: [{ from: '13.1', below: '13.1-58.32' }] }]);
    expect(first.summary?.en).to.match(/ENISA: known exploited since Jul 1, 2025/);
    expect(first.references).to.deep.equal(['https://vendor.example/advisory/1', 'https://nvd.nist.gov/vuln/detail/CVE-2025-20001']);
    const euvd = out.enrichments.find((enrichment) => enrichment.cve === 'CVE-2025-20001')!.euvd!;
    expect(euvd).to.include({ id: 'EUVD-2025-10001', exploited: true, baseScore: 9.4, epss: 12.5 });
    expect(out.enrichments.find((enrichment) => enrichment.cve === 'CVE-2025-20002')!.euvd).to.include({ exploited: false });
    expect(out.problems).to.have.length(1);
    expect(out.problems[0]!.message).to.match(/EUVD record is invalid/);
    expect(out.cursor).to.deep.equal({ searchedUntil: '2026-11-20' });
    expect(out.records).to.deep.equal({ total: 6, noun: 'vulnerabilities', storedAs: 'items' });
    expect(requests.filter((path) => path.startsWith('/api/search')).map((path) => new URL(path, 'http://x').searchParams.get('fromDate'))).to.deep.equal(['2026-11-13', '2026-11-13']);
  });

  it('searches from the stored day on, and only what the options name', async () => {
    requests.length = 0;
    const out = await run({ searchedUntil: '2026-11-19' }, { lists: ['search'] });
    expect(requests).to.have.length(1);
    expect(requests[0]).to.include('fromDate=2026-11-19&toDate=2026-11-20');
    expect(out.items).to.have.length(3);
  });
});
