// Property-based tests: the CSAF parsers take arbitrary input and throw nothing but their typed
// errors; whatever parseCsafDocument returns is a valid feed item draft.
import { expect } from 'chai';
import fc from 'fast-check';
import { parseChangesCsv, parseIndexTxt, parseRolieFeed } from '../../../../feeds/csaf/csaf.distribution.js';
import { CsafParseError, parseCsafDocument } from '../../../../feeds/csaf/csaf.parse.js';
import { CsafVerificationError, parseHashFile } from '../../../../feeds/csaf/csaf.verify.js';
import { FeedError, FeedItemDraftSchema } from '../../../../feeds/feed.js';
import { buildCsafDocument } from '../../../support/csaf-provider-fixture.js';
import { fuzzRuns } from '../../../support/fuzz.js';

function expectOnly(errorType: new (...args: never[]) => Error, fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(errorType);
  }
}

const text = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('<1.2.3', 'vers:generic/>=1.0|<2.0', 'Warehouse <5.1.0', 'cpe:/a:x:y:1.0', 'WHITE', 'hoch', '', 'CVE-2026-1234'));
const leaf = fc.record({ category: fc.constantFrom('vendor', 'product_name', 'product_version', 'product_version_range', 'product_family', 'x'), name: text, product: fc.option(fc.record({ name: text, product_id: fc.constantFrom('A', 'B', 'C'), product_identification_helper: fc.option(fc.record({ cpe: text }), { nil: undefined }) }), { nil: undefined }) });
const branches = fc.array(fc.record({ category: fc.constantFrom('vendor', 'product_name'), name: text, branches: fc.array(leaf, { maxLength: 4 }) }), { maxLength: 3 });

// Valid fixture documents with randomly replaced parts: stresses the mapping, not just the schema.
const mutated = fc
  .record({
    title: text,
    lang: fc.option(text, { nil: undefined }),
    tlp: fc.option(text, { nil: undefined }),
    severity: fc.option(text, { nil: undefined }),
    cves: fc.array(text, { maxLength: 3 }),
    version: fc.option(text, { nil: undefined }),
    released: fc.option(text, { nil: undefined }),
    branches,
    status: fc.dictionary(fc.constantFrom('known_affected', 'fixed', 'first_affected', 'known_not_affected'), fc.array(fc.constantFrom('A', 'B', 'C', 'D'), { maxLength: 3 })),
    score: fc.option(fc.oneof(fc.double(), fc.integer()), { nil: undefined }),
  })
  .map((m) => {
    const doc = buildCsafDocument({ id: 'FUZZ-1', version: 1, title: m.title, released: '2026-02-01T10:00:00.000Z' }) as { document: Record<string, unknown> & { tracking: Record<string, unknown> } };
    if (m.lang !== undefined) doc.document.lang = m.lang;
    if (m.tlp !== undefined) doc.document.distribution = { tlp: { label: m.tlp } };
    if (m.severity !== undefined) doc.document.aggregate_severity = { text: m.severity };
    if (m.version !== undefined) doc.document.tracking.version = m.version;
    if (m.released !== undefined) doc.document.tracking.current_release_date = m.released;
    return {
      ...doc,
      product_tree: { branches: m.branches },
      vulnerabilities: m.cves.map((cve) => ({ cve, product_status: m.status, ...(m.score !== undefined ? { scores: [{ products: ['A'], cvss_v3: { vectorString: 'CVSS:3.1/AV:N', baseScore: m.score } }] } : {}) })),
    };
  });

describe('feeds/csaf fuzz: only typed errors', () => {
  it('parseCsafDocument: arbitrary JSON, strings and mutated documents', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string(), mutated), (input) => {
        expectOnly(CsafParseError, () => {
          const item = parseCsafDocument(input);
          const checked = FeedItemDraftSchema.safeParse(item);
          expect(checked.success, JSON.stringify(checked.error?.issues.slice(0, 3))).to.equal(true);
        });
      }),
      { numRuns: fuzzRuns(400) },
    );
  });

  it('listing and hash parsers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.jsonValue(), (raw, json) => {
        expectOnly(FeedError, () => parseChangesCsv(raw, 'https://x.test/dir/', 'd'));
        expectOnly(FeedError, () => parseRolieFeed(json, 'https://x.test/feed.json', undefined, 'd'));
        expectOnly(CsafVerificationError, () => parseHashFile(raw, 'sha256'));
        for (const ref of parseIndexTxt(raw, 'https://x.test/dir/', 'd')) expect(ref.url).to.match(/^https?:\/\//);
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
