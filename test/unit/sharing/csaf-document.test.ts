import { expect } from 'chai';
import fc from 'fast-check';
import validate from '@secvisogram/csaf-validator-lib/validate.js';
import * as basic from '@secvisogram/csaf-validator-lib/basic.js';
import { AdvisoryContentSchema } from '../../../server/advisories/advisories.schemas.js';
import { parseVersionRanges, type VersionRange } from '../../../server/products/version-range.js';
import { advisoryToCsaf, csafFileName, type CsafSource } from '../../../server/sharing/csaf/csaf.document.js';
import { buildProductTree, rangeToVers } from '../../../server/sharing/csaf/csaf.products.js';
import { CsafProvider } from '../../../server/sharing/csaf/csaf.provider.js';
import { fuzzRuns } from '../../support/fuzz.js';
import { advisoryBody } from '../../support/advisories.js';
import { testConfig } from '../../support/config.js';

const CONTEXT = {
  publisher: { name: 'CERT-Thüringen', namespace: 'https://www.cert.thueringen.de', contactDetails: 'cert@example.test', issuingAuthority: 'CERT-Thüringen' },
  trackingIdPrefix: 'CERT-TH',
  webUrl: 'https://lagebild.test/warnmeldungen/x',
};

const CVSS = ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.0/AV:L/AC:H/PR:L/UI:R/S:C/C:L/I:N/A:N', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N'];

const text = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }).filter((value) => value.trim().length > 0);
const version = fc.tuple(fc.nat(40), fc.nat(20), fc.constantFrom('', '-rc1', '-49.15', 'a')).map(([major, minor, suffix]) => `${major}.${minor}${suffix}`);
const range: fc.Arbitrary<VersionRange> = fc.oneof(
  version.map((exact) => ({ exact })),
  fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 9 })).map(([from, span]) => ({ from: `${from}.0`, below: `${from + span}.0` })),
  fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 9 })).map(([from, span]) => ({ from: `${from}.0`, fromInclusive: false, upTo: `${from + span}.1` })),
  version.map((below) => ({ below })),
  fc.constant({ all: true as const }),
);
const product = fc.record({ vendor: text(40), product: text(40), versions: fc.array(range, { maxLength: 3 }), cpe: fc.option(fc.constant('cpe:2.3:a:citrix:netscaler_gateway:13.1:*:*:*:*:*:*:*'), { nil: undefined }) });
const cve = fc.tuple(fc.integer({ min: 2000, max: 2030 }), fc.integer({ min: 1000, max: 999_999 })).map(([year, number]) => `CVE-${year}-${number}`);

const advisory = fc.record({
  title: fc.record({ de: text(120), en: fc.option(text(120), { nil: undefined }) }),
  summary: fc.record({ de: text(300) }),
  body: fc.record({ de: text(600), en: fc.option(text(300), { nil: undefined }) }),
  products: fc.array(product, { maxLength: 4 }),
  cves: fc.array(cve, { maxLength: 4 }),
  cvss: fc.subarray(CVSS),
  recommendations: fc.option(fc.record({ de: text(200) }), { nil: undefined }),
  tlp: fc.constantFrom('CLEAR', 'GREEN', 'AMBER', 'RED'),
});

function source(overrides: Record<string, unknown>, revisions: number, withdrawn: boolean): CsafSource {
  const body = advisoryBody({ ...overrides, pap: undefined });
  const tlp = String(body.tlp);
  const content = AdvisoryContentSchema.parse({
    ...Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)),
    audience: tlp === 'AMBER' ? { organizations: ['00000000-0000-4000-8000-000000000002'], sharingGroups: [], users: [] } : tlp === 'RED' ? { organizations: [], sharingGroups: [], users: ['00000000-0000-4000-8000-0000000000b6'] } : { organizations: [], sharingGroups: [], users: [] },
  });
  const start = Date.parse('2026-01-01T08:00:00Z');
  return {
    id: '6d1f0c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f',
    content,
    status: withdrawn ? 'withdrawn' : revisions > 1 ? 'revised' : 'published',
    revisions: Array.from({ length: revisions }, (_, index) => ({ version: index + 1, publishedAt: new Date(start + index * 3_600_000) })),
    withdrawnAt: withdrawn ? new Date(start + revisions * 3_600_000) : null,
  };
}

describe('CSAF document builder', () => {
  it('turns any valid advisory into a document with zero errors in the schema and mandatory tests (fuzz)', async () => {
    await fc.assert(
      fc.asyncProperty(advisory, fc.integer({ min: 1, max: 4 }), fc.boolean(), async (overrides, revisions, withdrawn) => {
        const document = advisoryToCsaf(source(overrides, revisions, withdrawn), CONTEXT);
        const result = await validate(Object.values(basic), document);
        const failures = result.tests.filter((test) => test.errors.length > 0);
        expect(failures, JSON.stringify(failures)).to.deep.equal([]);
        expect(JSON.stringify(document)).to.equal(JSON.stringify(advisoryToCsaf(source(overrides, revisions, withdrawn), CONTEXT)));
      }),
      { numRuns: fuzzRuns(25) },
    );
  });

  it('writes version ranges as vers strings that our range parser reads back to the same interval (fuzz)', () => {
    fc.assert(
      fc.property(range, (input) => {
        const vers = rangeToVers(input);
        if (input.all) {
          expect(vers).to.equal(undefined);
          return;
        }
        const [parsed] = parseVersionRanges(vers!);
        const normalized = Object.fromEntries(Object.entries(parsed!).filter(([key, value]) => !(key === 'fromInclusive' && value === true)));
        const expected = Object.fromEntries(Object.entries(input).filter(([key, value]) => !(key === 'fromInclusive' && value === true)));
        expect(normalized).to.deep.equal(expected);
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('gives every leaf product one unique id, merging duplicate vendors and products', () => {
    const { tree, productIds } = buildProductTree([
      { vendor: 'Citrix', product: 'ADC', versions: [{ exact: '13.1' }] },
      { vendor: 'Citrix', product: 'ADC', versions: [{ exact: '13.1' }, { exact: '14.1' }] },
      { vendor: 'Citrix', product: 'Gateway', versions: [] },
    ]);
    expect(productIds).to.deep.equal(['CSAFPID-0001', 'CSAFPID-0002', 'CSAFPID-0003']);
    expect(tree.branches).to.have.length(1);
    expect(tree.branches[0]!.branches!.map((branch) => branch.name)).to.deep.equal(['ADC', 'Gateway']);
  });

  it('derives file names by the CSAF rule and reads advisory ids back only from exact names (fuzz)', () => {
    const config = testConfig();
    const provider = new CsafProvider({ db: undefined as never, baseUrl: 'https://lagebild.test', settings: config.settings.csaf, signingKey: () => Promise.reject(new Error('unused')) });
    expect(csafFileName('CERT-TH 2026/001:ä')).to.equal('cert-th_2026_001_.json');
    fc.assert(
      fc.property(fc.uuid(), fc.string({ maxLength: 80 }), (id, noise) => {
        const name = csafFileName(`CERT-TH-${id}`);
        expect(name).to.match(/^[+\-a-z0-9_]+\.json$/);
        expect(provider.advisoryIdOf(name)).to.equal(id.toLowerCase());
        const parsed = provider.advisoryIdOf(noise);
        if (parsed !== undefined) expect(noise).to.equal(`cert-th-${parsed}.json`);
        expect(csafFileName(noise)).to.match(/^[+\-a-z0-9_]*\.json$/);
      }),
      { numRuns: fuzzRuns(500) },
    );
  });
});
