// Property-based tests: CPE, version and range parsers take arbitrary input without throwing
// anything but their typed errors, stay fast, and obey the algebraic laws matching relies on.
import { expect } from 'chai';
import fc from 'fast-check';
import { CPE_ATTRIBUTES, CpeParseError, CpeSchema, cpeMatches, formatCpe23, parseCpe, type Cpe } from '../../../server/products/cpe.js';
import { compareVersions, parseVersion } from '../../../server/products/version.js';
import {
  describeRange,
  formatVersionRange,
  isVersionInRange,
  parseVersionRange,
  parseVersionRanges,
  VersionRangeParseError,
  VersionRangeSchema,
  VersionRangeStringSchema,
} from '../../../server/products/version-range.js';
import { fuzzRuns } from '../../support/fuzz.js';

// Generous per-call bound: catches catastrophic backtracking or quadratic loops, not jitter.
const MAX_MS = 250;

function timed<T>(fn: () => T): T {
  const start = performance.now();
  const result = fn();
  expect(performance.now() - start, 'call took too long').to.be.below(MAX_MS);
  return result;
}

function expectOnly<T>(errorType: new (...args: never[]) => Error, fn: () => T): T | undefined {
  try {
    return timed(fn);
  } catch (error) {
    expect(error).to.be.instanceOf(errorType);
    return undefined;
  }
}

const anyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

// CPE-shaped strings from the characters that matter to the parsers.
const cpeComponent = fc.string({ unit: fc.constantFrom('a', 'o', 'h', 'x', '1', '.', '_', '-', '*', '?', '\\', '%', '0', '2', '~', '!', ' ', 'Ä'), maxLength: 8 });
const cpeLike = fc.oneof(
  fc.array(cpeComponent, { minLength: 9, maxLength: 13 }).map((parts) => `cpe:2.3:${parts.join(':')}`),
  fc.array(cpeComponent, { maxLength: 9 }).map((parts) => `cpe:/${parts.join(':')}`),
);

// Valid literal values: printable ASCII, lower case (the parser lower-cases everything).
const literal = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c).toLowerCase()), minLength: 1, maxLength: 12 });
const cpeValue = fc.oneof(
  fc.constant({ kind: 'any' as const }),
  fc.constant({ kind: 'na' as const }),
  literal.map((value) => ({ kind: 'value' as const, value })),
);
const cpeObject = fc
  .tuple(fc.constantFrom('a', 'o', 'h'), fc.array(cpeValue, { minLength: 10, maxLength: 10 }))
  .map(([part, rest]) => Object.fromEntries(CPE_ATTRIBUTES.map((a, i) => [a, i === 0 ? { kind: 'value', value: part } : rest[i - 1]])) as Cpe);

const dotted = fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.'));
const version = fc
  .tuple(
    fc.constantFrom('', 'v', 'V'),
    dotted,
    fc.constantFrom('', '-rc1', '-rc.2', '-beta', '-alpha.1', 'a', 'w', 'za', ' SP1', ' Update 2', 'p1', '-49.15', '-48.47', ' build123', '+meta'),
  )
  .map(([prefix, core, suffix]) => `${prefix}${core}${suffix}`);

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

// Reference order for purely numeric dotted versions: numeric tuples padded with zeros.
function referenceCompare(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return sign(d);
  }
  return 0;
}

describe('products: property-based tests', function () {
  this.timeout(120_000);
  const numRuns = fuzzRuns(200);

  describe('CPE', () => {
    it('parseCpe throws only CpeParseError for arbitrary and CPE-shaped input', () => {
      fc.assert(
        fc.property(fc.oneof(anyText, cpeLike), (input) => {
          const cpe = expectOnly(CpeParseError, () => parseCpe(input));
          expect(CpeSchema.safeParse(input).success).to.equal(cpe !== undefined);
          if (cpe === undefined) return;
          // Whatever parses formats to a 2.3 name that parses back to the same object.
          expect(parseCpe(formatCpe23(cpe))).to.deep.equal(cpe);
        }),
        { numRuns },
      );
    });

    it('formatCpe23 / parseCpe round-trip generated names', () => {
      fc.assert(
        fc.property(cpeObject, (cpe) => {
          expect(parseCpe(formatCpe23(cpe))).to.deep.equal(cpe);
        }),
        { numRuns },
      );
    });

    it('a wildcard-free name matches itself and the all-ANY pattern', () => {
      const anyPattern = 'cpe:2.3:*:*:*:*:*:*:*:*:*:*:*';
      fc.assert(
        fc.property(cpeObject, (cpe) => {
          expect(cpeMatches(cpe, cpe)).to.equal(true);
          expect(cpeMatches(anyPattern, cpe)).to.equal(true);
        }),
        { numRuns },
      );
    });
  });

  describe('versions', () => {
    it('compareVersions never throws and is antisymmetric on arbitrary strings', () => {
      fc.assert(
        fc.property(fc.oneof(anyText, version), fc.oneof(anyText, version), (a, b) => {
          const ab = timed(() => compareVersions(a, b));
          expect(compareVersions(b, a)).to.equal(-ab || 0);
          expect(compareVersions(a, a)).to.equal(0);
          expect(parseVersion(a).release).to.be.an('array');
        }),
        { numRuns },
      );
    });

    it('orders plain dotted versions like numeric tuples', () => {
      fc.assert(
        fc.property(dotted, dotted, (a, b) => {
          expect(compareVersions(a, b)).to.equal(referenceCompare(a, b));
        }),
        { numRuns },
      );
    });

    it('is transitive on generated vendor-style versions', () => {
      fc.assert(
        fc.property(version, version, version, (a, b, c) => {
          const sorted = [a, b, c].sort(compareVersions);
          const [x, y, z] = sorted as [string, string, string];
          expect(compareVersions(x, y)).to.be.at.most(0);
          expect(compareVersions(y, z)).to.be.at.most(0);
          expect(compareVersions(x, z)).to.be.at.most(0);
          if (compareVersions(x, y) === 0 && compareVersions(y, z) === 0) expect(compareVersions(x, z)).to.equal(0);
        }),
        { numRuns },
      );
    });
  });

  describe('version ranges', () => {
    const op = fc.constantFrom('<', '<=', '>', '>=', '=', '==', '!=', '≤', '≥', '', ' ');
    const rangeLike = fc.oneof(
      fc.array(fc.tuple(op, version, fc.constantFrom(' ', ', ', '|', ' und ', '')), { maxLength: 4 }).map((parts) =>
        parts.map(([o, v, sep]) => `${o}${v}${sep}`).join(''),
      ),
      fc.array(fc.tuple(op, fc.oneof(version, anyText)), { maxLength: 4 }).map((parts) =>
        `vers:generic/${parts.map(([o, v]) => `${o}${v}`).join('|')}`,
      ),
      fc.constantFrom('all', '*', 'vers:all/*', '12.1 all versions', '7.0.x'),
    );

    it('parseVersionRanges throws only VersionRangeParseError and returns valid ranges', () => {
      fc.assert(
        fc.property(fc.oneof(anyText, rangeLike), (input) => {
          const ranges = expectOnly(VersionRangeParseError, () => parseVersionRanges(input));
          expect(() => VersionRangeStringSchema.safeParse(input)).not.to.throw();
          for (const range of ranges ?? []) {
            expect(VersionRangeSchema.safeParse(range).success, JSON.stringify(range)).to.equal(true);
            expect(describeRange(range, 'de')).to.be.a('string');
            expect(parseVersionRange(formatVersionRange(range))).to.deep.equal(range);
          }
        }),
        { numRuns },
      );
    });

    it('isVersionInRange agrees with the bounds it was built from', () => {
      fc.assert(
        fc.property(version, version, version, fc.boolean(), (a, b, v, inclusiveUpper) => {
          if (compareVersions(a, b) >= 0) return;
          const range = inclusiveUpper ? { from: a, upTo: b } : { from: a, below: b };
          const expected = compareVersions(v, a) >= 0 && (inclusiveUpper ? compareVersions(v, b) <= 0 : compareVersions(v, b) < 0);
          expect(isVersionInRange(v, range)).to.equal(expected);
          expect(isVersionInRange(v, parseVersionRange(formatVersionRange(range)))).to.equal(expected);
        }),
        { numRuns },
      );
    });
  });

  it('stays fast on long pathological input', () => {
    for (const input of [`cpe:2.3:${'\\'.repeat(2000)}`, `cpe:/${'%'.repeat(2000)}`, `cpe:2.3:${'?'.repeat(2000)}:*:*:*:*:*:*:*:*:*:*`]) {
      expectOnly(CpeParseError, () => parseCpe(input));
    }
    const long = `cpe:2.3:a:x:${'?'.repeat(900)}a${'?'.repeat(900)}:*:*:*:*:*:*:*:*`;
    const pattern = expectOnly(CpeParseError, () => parseCpe(long));
    if (pattern) timed(() => cpeMatches(pattern, `cpe:2.3:a:x:${'a'.repeat(1900)}:*:*:*:*:*:*:*:*`));
    timed(() => compareVersions('1.'.repeat(50_000), '1.'.repeat(50_000)));
    timed(() => compareVersions('9'.repeat(100_000), '9'.repeat(99_999)));
    for (const input of ['<'.repeat(10_000), `vers:generic/${'|'.repeat(10_000)}`, `${'>=1 '.repeat(5_000)}`]) {
      expectOnly(VersionRangeParseError, () => parseVersionRanges(input));
    }
  });
});
