import { expect } from 'chai';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { epssEnrichment, parseEpssCsv } from '../../../feeds/epss/epss.parse.js';
import { CveEnrichmentSchema, FeedError } from '../../../feeds/feed.js';
import { readFixture, thrown } from '../../support/feed-sources.js';
import { fuzzRuns } from '../../support/fuzz.js';

describe('feeds/epss: parseEpssCsv', () => {
  it('reads the comment line, the header and every row', () => {
    const file = parseEpssCsv(readFixture('epss', 'epss_scores-2025-08-25.csv'));
    expect(file.modelVersion).to.equal('v2025.03.14');
    expect(file.scoreDate).to.equal('2025-08-25T12:55:00Z');
    expect(file.rows).to.have.length(5);
    expect(file.rows[1]).to.deep.equal({ cve: 'CVE-2021-44228', epss: 0.94358, percentile: 0.99967 });
    expect(epssEnrichment(file.rows[1]!, file.scoreDate)).to.deep.equal({ cve: 'CVE-2021-44228', epss: { score: 0.94358, percentile: 0.99967, date: '2025-08-25' } });
  });

  it('inflates a gzip body itself and handles CRLF line ends', () => {
    const text = readFixture('epss', 'epss_scores-2025-08-25.csv').toString().replaceAll('\n', '\r\n');
    expect(parseEpssCsv(gzipSync(text)).rows).to.have.length(5);
  });

  it('records bad rows as problems and keeps the good ones', () => {
    const file = parseEpssCsv(readFixture('epss', 'epss_scores-2025-08-26.csv'));
    expect(file.rows).to.have.length(5);
    expect(file.problems).to.deep.equal([{ ref: 'line 8', message: file.problems[0]!.message }]);
    expect(file.problems[0]!.message).to.match(/Invalid EPSS row/);
    const many = ['#score_date:2025-01-01', 'cve,epss,percentile', ...Array.from({ length: 150 }, () => 'CVE-2024-1,2,3')].join('\n');
    const parsed = parseEpssCsv(many);
    expect(parsed.problems).to.have.length(101);
    expect(parsed.problems[100]!.message).to.equal('50 further invalid EPSS rows');
  });

  it('throws bad_document without header, without score date, or for corrupt gzip', () => {
    for (const input of ['cve,score\nCVE-2024-0001,0.1', 'cve,epss,percentile\nCVE-2024-0001,0.1,0.2', '', Buffer.from([0x1f, 0x8b, 1, 2, 3])]) {
      const error = thrown(() => parseEpssCsv(input));
      expect(error, JSON.stringify(input)).to.be.instanceOf(FeedError);
      expect((error as FeedError).code).to.equal('bad_document');
    }
  });

  it('parses 300,000 rows (gzip) without quadratic cost (under 5 s even on a loaded machine)', () => {
    const lines = ['#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z', 'cve,epss,percentile'];
    for (let i = 0; i < 300_000; i++) lines.push(`CVE-2024-${String(10000 + i)},0.0${i % 10}123,0.${String(i % 1000).padStart(3, '0')}`);
    const body = gzipSync(lines.join('\n'));
    const started = performance.now();
    const file = parseEpssCsv(body);
    expect(file.rows).to.have.length(300_000);
    expect(performance.now() - started).to.be.below(5_000);
  });

  it('never throws anything but a FeedError, and every row it returns is a valid enrichment (fuzzed)', () => {
    const row = fc.tuple(fc.oneof(fc.constant('CVE-2024-12345'), fc.string()), fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }).map(String), fc.string()), fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }).map(String), fc.string())).map((r) => r.join(','));
    const file = fc.tuple(fc.oneof(fc.constant('#model_version:v1,score_date:2025-01-01'), fc.string()), fc.oneof(fc.constant('cve,epss,percentile'), fc.string()), fc.array(fc.oneof(row, fc.string()), { maxLength: 20 })).map(([c, h, rows]) => [c, h, ...rows].join('\n'));
    fc.assert(
      fc.property(fc.oneof(file, fc.string(), fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a))), (input) => {
        try {
          const parsed = parseEpssCsv(input);
          for (const r of parsed.rows) expect(CveEnrichmentSchema.safeParse(epssEnrichment(r, parsed.scoreDate)).success).to.equal(true);
        } catch (error) {
          expect(error).to.be.instanceOf(FeedError);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
