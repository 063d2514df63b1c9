import { expect } from 'chai';
import fc from 'fast-check';
import { kevEnrichment, kevItem, kevNoteUrls, parseKevCatalog } from '../../../feeds/cisa-kev/cisa-kev.parse.js';
import { CveEnrichmentSchema, FeedError, FeedItemDraftSchema } from '../../../feeds/feed.js';
import { readFixture, thrown } from '../../support/feed-sources.js';
import { fuzzRuns } from '../../support/fuzz.js';

describe('feeds/cisa-kev: parseKevCatalog', () => {
  it('parses the catalog, maps ransomware use, due date and note URLs', () => {
    const catalog = parseKevCatalog(readFixture('cisa-kev', 'kev-2024.04.12.json'));
    expect(catalog.catalogVersion).to.equal('2024.04.12');
    expect(catalog.entries.map((e) => e.cveID)).to.deep.equal(['CVE-2024-3400', 'CVE-2023-4966', 'CVE-2021-44228']);
    expect(catalog.problems).to.deep.equal([]);
    const citrix = kevEnrichment(catalog.entries[1]!);
    expect(citrix.kev).to.include({ dateAdded: '2023-10-18', dueDate: '2023-11-08', knownRansomwareCampaignUse: true, vendor: 'Citrix' });
    expect(kevEnrichment(catalog.entries[0]!).kev?.knownRansomwareCampaignUse).to.equal(false);
    const item = FeedItemDraftSchema.parse(kevItem(catalog.entries[0]!, 'clear'));
    expect(item).to.include({ externalId: 'CVE-2024-3400', kind: 'vulnerability', tlp: 'clear' });
    expect(item.cves).to.deep.equal(['CVE-2024-3400']);
    expect(item.references).to.deep.equal(['https://security.paloaltonetworks.com/CVE-2024-3400', 'https://nvd.nist.gov/vuln/detail/CVE-2024-3400']);
    expect(item.remediation.en).to.match(/Apply mitigations/);
    expect(CveEnrichmentSchema.safeParse(citrix).success).to.equal(true);
  });

  it('turns a broken entry into a problem and keeps the rest; duplicates keep the first', () => {
    const catalog = JSON.parse(readFixture('cisa-kev', 'kev-2024.04.12.json').toString()) as { vulnerabilities: Record<string, unknown>[] };
    catalog.vulnerabilities.push({ ...catalog.vulnerabilities[0], dateAdded: '12.04.2024' });
    catalog.vulnerabilities.push({ cveID: 'not-a-cve' });
    catalog.vulnerabilities.push({ ...catalog.vulnerabilities[1] });
    const parsed = parseKevCatalog(catalog);
    expect(parsed.entries).to.have.length(3);
    expect(parsed.problems.map((p) => p.ref)).to.deep.equal(['CVE-2024-3400', 'not-a-cve', 'CVE-2023-4966']);
    expect(parsed.problems[0]!.message).to.match(/dateAdded/);
  });

  it('throws bad_document for something that is not a KEV catalog', () => {
    for (const input of ['<html>', '{"foo":1}', '[]', Buffer.from('{"catalogVersion":"1","dateReleased":"x","vulnerabilities":{}}')]) {
      const error = thrown(() => parseKevCatalog(input));
      expect(error).to.be.instanceOf(FeedError);
      expect((error as FeedError).code).to.equal('bad_document');
    }
  });

  it('extracts only http(s) URLs from notes', () => {
    expect(kevNoteUrls('see https://a.example/x ; https://b.example/y), and ftp://c')).to.deep.equal(['https://a.example/x', 'https://b.example/y']);
    expect(kevNoteUrls(undefined)).to.deep.equal([]);
  });

  it('never throws anything but a FeedError, on any JSON or text (fuzzed)', () => {
    const entry = fc.record({ cveID: fc.oneof(fc.string(), fc.constant('CVE-2024-0001')), vendorProject: fc.string(), product: fc.string(), vulnerabilityName: fc.string(), dateAdded: fc.oneof(fc.string(), fc.constant('2024-01-01')), shortDescription: fc.string(), requiredAction: fc.string(), knownRansomwareCampaignUse: fc.oneof(fc.string(), fc.constant('Known')), notes: fc.string() }, { requiredKeys: [] });
    const input = fc.oneof(fc.string(), fc.json(), fc.record({ catalogVersion: fc.string(), dateReleased: fc.string(), vulnerabilities: fc.array(fc.oneof(entry, fc.anything()), { maxLength: 10 }) }));
    fc.assert(
      fc.property(input, (value) => {
        try {
          const catalog = parseKevCatalog(value);
          for (const e of catalog.entries) {
            expect(FeedItemDraftSchema.safeParse(kevItem(e, 'green')).success).to.equal(true);
            expect(CveEnrichmentSchema.safeParse(kevEnrichment(e)).success).to.equal(true);
          }
        } catch (error) {
          expect(error).to.be.instanceOf(FeedError);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
