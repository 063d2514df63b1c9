import { expect } from 'chai';
import fc from 'fast-check';
import { CveEnrichmentSchema, FeedError, FeedItemDraftSchema } from '../../../feeds/feed.js';
import { parseCve5Record, parseNvdPage } from '../../../feeds/nvd/nvd.parse.js';
import { RollingWindowLimiter, type LimiterClock } from '../../../feeds/nvd/rate-limiter.js';
import { nvdDate } from '../../../feeds/nvd/nvd.feed.js';
import { readFixture, thrown } from '../../support/feed-sources.js';
import { fuzzRuns } from '../../support/fuzz.js';

function page(cves: unknown[], startIndex = 0, totalResults = cves.length): Record<string, unknown> {
  return { resultsPerPage: cves.length, startIndex, totalResults, format: 'NVD_CVE', version: '2.0', timestamp: '2024-11-11T00:00:00.000', vulnerabilities: cves.map((cve) => ({ cve })) };
}

describe('feeds/nvd: parseNvdPage and parseCve5Record', () => {
  const cves = JSON.parse(readFixture('nvd', 'cves.json').toString()) as Record<string, unknown>[];

  it('maps an API 2.0 page: description, CVSS, CPE ranges, rejected CVEs without item', () => {
    const parsed = parseNvdPage(JSON.stringify(page(cves, 0, 9)), 'green');
    expect(parsed).to.include({ startIndex: 0, totalResults: 9, count: 5 });
    expect(parsed.problems).to.deep.equal([]);
    const pan = parsed.records[0]!;
    const item = FeedItemDraftSchema.parse(pan.item);
    expect(item).to.include({ externalId: 'CVE-2024-3400', kind: 'vulnerability', tlp: 'green', revision: '2024-11-10T10:00:00.000' });
    expect(item.cvss).to.deep.equal(['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H']);
    expect(item.products).to.deep.equal([
      { vendor: 'paloaltonetworks', product: 'pan-os', versions: [{ from: '10.2.0', below: '10.2.9' }], cpe: 'cpe:2.3:o:paloaltonetworks:pan-os:*:*:*:*:*:*:*:*' },
      { vendor: 'paloaltonetworks', product: 'pan-os', versions: [{ exact: '11.1.2' }], cpe: 'cpe:2.3:o:paloaltonetworks:pan-os:11.1.2:h1:*:*:*:*:*:*' },
    ]);
    expect(item.published?.toISOString()).to.equal('2024-04-12T08:15:06.230Z');
    expect(pan.enrichment.nvd?.description).to.match(/^A command injection/);
    expect(parsed.records[1]!.item?.products?.[0]?.versions).to.deep.equal([{ from: '7.4.0', upTo: '7.4.2' }]);
    const rejected = parsed.records.find((r) => r.cve === 'CVE-2024-9999')!;
    expect(rejected.item).to.equal(undefined);
    expect(CveEnrichmentSchema.safeParse(rejected.enrichment).success).to.equal(true);
    // Only vulnerable CPE matches become products (the router hardware is platform context).
    expect(parsed.records[4]!.item?.products?.map((p) => p.product)).to.deep.equal(['router_firmware']);
  });

  it('turns an invalid cve entry into a problem', () => {
    const parsed = parseNvdPage(page([{ id: 'CVE-2024-0001' }, cves[0]], 10, 12));
    expect(parsed.records).to.have.length(1);
    expect(parsed.problems).to.have.length(1);
    expect(parsed.problems[0]!.ref).to.equal('CVE-2024-0001');
    expect(parsed.count).to.equal(2);
  });

  it('throws bad_document for a page that is not an API 2.0 response', () => {
    for (const input of ['nope', '{}', JSON.stringify({ ...page([]), totalResults: -1 }), JSON.stringify({ ...page([]), format: 'NVD_CPE' })]) {
      const error = thrown(() => parseNvdPage(input));
      expect(error).to.be.instanceOf(FeedError);
      expect((error as FeedError).code).to.equal('bad_document');
    }
  });

  it('parses a CVE JSON 5 record: CNA title, affected versions, CVSS 3.1 and 4.0, CPEs, ADP containers', () => {
    const result = parseCve5Record(readFixture('nvd', 'CVE-2024-50001.cve5.json'));
    expect(result.state).to.equal('PUBLISHED');
    const item = FeedItemDraftSchema.parse(result.item);
    expect(item.title.en).to.equal('CVE-2024-50001: Stack overflow in Example Router web interface');
    expect(item.cvss).to.deep.equal(['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N']);
    expect(item.products).to.deep.equal([
      { vendor: 'Example', product: 'Router Firmware', versions: [{ from: '2.0', below: '2.3.1' }, { exact: '1.9.7' }], cpe: 'cpe:2.3:o:example:router_firmware:*:*:*:*:*:*:*:*' },
    ]);
    expect(item.revision).to.equal('2024-11-10T18:00:00.000Z');
    expect(result.enrichment.nvd?.cpes).to.deep.equal(['cpe:2.3:o:example:router_firmware:*:*:*:*:*:*:*:*']);
  });

  it('keeps a REJECTED record as enrichment only, with the rejection reason', () => {
    const result = parseCve5Record(readFixture('nvd', 'CVE-2024-9999.cve5.json'));
    expect(result).to.include({ cve: 'CVE-2024-9999', state: 'REJECTED', item: undefined });
    expect(result.enrichment.nvd?.description).to.equal('This candidate was withdrawn by its CNA.');
  });

  it('throws bad_document for something that is not a CVE record', () => {
    const record = JSON.parse(readFixture('nvd', 'CVE-2024-50001.cve5.json').toString()) as { cveMetadata: { state: string } };
    record.cveMetadata.state = 'RESERVED';
    for (const input of [record, '{"dataType":"CVE_RECORD"}', '[1]', '']) {
      expect((thrown(() => parseCve5Record(input)) as FeedError).code).to.equal('bad_document');
    }
  });

  it('formats window dates with an explicit offset', () => {
    expect(nvdDate(new Date('2024-11-10T18:00:00Z'))).to.equal('2024-11-10T18:00:00.000+00:00');
  });

  it('rate limiter: the sixth request within 30 s waits for the oldest to leave the window', async () => {
    let now = 1_000;
    const sleeps: number[] = [];
    const clock: LimiterClock = {
      now: () => now,
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
    const limiter = new RollingWindowLimiter(5, 30_000, clock);
    for (let i = 0; i < 5; i++) {
      expect(await limiter.acquire()).to.equal(0);
      now += 1_000;
    }
    expect(await limiter.acquire()).to.equal(25_000);
    expect(sleeps).to.deep.equal([25_000]);
    expect(now).to.equal(31_000);
  });

  it('never throws anything but a FeedError; what it returns satisfies the contract (fuzzed)', () => {
    const cpe = fc.constantFrom('cpe:2.3:a:v:p:*:*:*:*:*:*:*:*', 'cpe:2.3:o:v:p:1.0:*:*:*:*:*:*:*', 'cpe:/a:v:p', 'x');
    const version = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('1.0', '2.3.1', '*', '-', 'n/a'));
    const nvdCve = fc.record({
      id: fc.oneof(fc.constant('CVE-2024-1234'), fc.string()),
      published: fc.oneof(fc.constant('2024-01-01T00:00:00.000'), fc.string()),
      lastModified: fc.oneof(fc.constant('2024-01-02T00:00:00.000'), fc.string()),
      vulnStatus: fc.constantFrom('Analyzed', 'Rejected'),
      descriptions: fc.array(fc.record({ lang: fc.constantFrom('en', 'de'), value: fc.string() }), { maxLength: 2 }),
      configurations: fc.array(fc.record({ nodes: fc.array(fc.record({ cpeMatch: fc.array(fc.record({ vulnerable: fc.boolean(), criteria: cpe, versionStartIncluding: version, versionEndExcluding: version }, { requiredKeys: ['vulnerable', 'criteria'] }), { maxLength: 3 }) }), { maxLength: 2 }) }), { maxLength: 2 }),
    }, { requiredKeys: [] });
    const affected = fc.record({ vendor: fc.string(), product: fc.string(), versions: fc.array(fc.record({ version, status: fc.constantFrom('affected', 'unaffected'), lessThan: version, lessThanOrEqual: version }, { requiredKeys: ['version', 'status'] }), { maxLength: 4 }), defaultStatus: fc.constantFrom('affected', 'unaffected') }, { requiredKeys: [] });
    const cve5 = fc.record({
      dataType: fc.constant('CVE_RECORD'),
      dataVersion: fc.constant('5.1'),
      cveMetadata: fc.record({ cveId: fc.oneof(fc.constant('CVE-2024-1234'), fc.string()), state: fc.constantFrom('PUBLISHED', 'REJECTED', 'X'), dateUpdated: fc.string() }),
      containers: fc.record({ cna: fc.record({ title: fc.string(), descriptions: fc.array(fc.record({ lang: fc.constant('en'), value: fc.string() })), affected: fc.array(affected, { maxLength: 3 }) }, { requiredKeys: [] }) }),
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.array(nvdCve, { maxLength: 4 }).map((list) => page(list)), cve5), (input) => {
        for (const parse of [() => parseNvdPage(input).records, () => [parseCve5Record(input)]]) {
          try {
            for (const record of parse()) {
              if (record.item) expect(FeedItemDraftSchema.safeParse(record.item).success, JSON.stringify(record.item)).to.equal(true);
              expect(CveEnrichmentSchema.safeParse(record.enrichment).success).to.equal(true);
            }
          } catch (error) {
            expect(error).to.be.instanceOf(FeedError);
          }
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
