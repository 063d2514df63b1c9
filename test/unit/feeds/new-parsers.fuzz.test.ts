/**
 * Fuzz properties of the parsers issue 16 added (they join `npm run fuzz` through fuzzRuns): the
 * EUVD list parser, purl parsing, the ecosystem version orders, KEV product splitting and the
 * lenient CSAF acceptance. Each never throws anything but its own typed error, and the version
 * orders are antisymmetric.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { parseEuvdList } from '../../../feeds/euvd/euvd.parse.js';
import { kevProducts } from '../../../feeds/cisa-kev/cisa-kev.parse.js';
import { acceptCsafDocument } from '../../../feeds/csaf/csaf.accept.js';
import { CsafParseError } from '../../../feeds/csaf/csaf.parse.js';
import { FeedError } from '../../../feeds/feed.js';
import { compareVersionsIn, VERSION_SCHEMES } from '../../../server/products/version-schemes.js';
import { safeParsePurl } from '../../../server/products/purl.js';
import { SEED_INDEX } from '../../../server/products/alias-index.js';
import { fuzzRuns } from '../../support/fuzz.js';

const versionText = fc.stringMatching(/^[0-9a-z.~^:+_-]{0,20}$/);

describe('fuzz: parsers of issue 16', () => {
  it('parseEuvdList throws only FeedError, on any JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.array(fc.record({ id: fc.string(), aliases: fc.string(), enisaIdProduct: fc.anything() })).map((items) => JSON.stringify({ items }))), (text) => {
        try {
          const page = parseEuvdList(text);
          expect(page.records.length + page.problems.length).to.be.at.least(0);
        } catch (error) {
          expect(error).to.be.instanceOf(FeedError);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('purl parsing never throws through safeParsePurl; a parsed purl re-parses to the same key', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.tuple(fc.constantFrom('rpm', 'deb', 'npm', 'maven', 'pypi', 'generic'), fc.stringMatching(/^[a-z0-9.-]{1,10}$/), fc.stringMatching(/^[a-z0-9._-]{1,12}$/), versionText).map(([type, ns, name, version]) => `pkg:${type}/${ns}/${name}${version ? `@${version}` : ''}`)), (text) => {
        const purl = safeParsePurl(text);
        if (purl) expect(safeParsePurl(purl.canonical)?.key).to.equal(purl.key);
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('every version order is antisymmetric and reflexive', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VERSION_SCHEMES), versionText, versionText, (scheme, a, b) => {
        expect(compareVersionsIn(scheme, a, a)).to.equal(0);
        expect(compareVersionsIn(scheme, a, b)).to.equal(-compareVersionsIn(scheme, b, a) || 0);
      }),
      { numRuns: fuzzRuns(1_000) },
    );
  });

  it('KEV product splitting and alias keys never throw and stay bounded', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (vendorProject, product) => {
        const products = kevProducts({ vendorProject, product });
        expect(products.length).to.be.at.most(20);
        for (const entry of products) expect(SEED_INDEX.nameKey(entry.vendor, entry.product)).to.be.a('string');
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('acceptCsafDocument throws only CsafParseError, on any object', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.object(), fc.record({ document: fc.record({ title: fc.string(), tracking: fc.record({ id: fc.string() }) }), vulnerabilities: fc.anything() })), async (value) => {
        try {
          await acceptCsafDocument(value);
        } catch (error) {
          expect(error).to.be.instanceOf(CsafParseError);
        }
      }),
      { numRuns: fuzzRuns(100) },
    );
  });
});
