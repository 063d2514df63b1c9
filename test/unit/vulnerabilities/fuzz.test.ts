// Property-based tests: the CVE and CVSS parsers accept arbitrary input without throwing anything
// but their typed errors, without slow paths, and with consistent results on generated valid input.
import { expect } from 'chai';
import fc from 'fast-check';
import { CveIdSchema, extractCveIds, isCveId, normalizeCveId } from '../../../server/vulnerabilities/cve-id.js';
import {
  BSI_SEVERITIES,
  CVSS3_METRICS,
  CVSS4_METRICS,
  CvssParseError,
  cvssSeverity,
  CvssVectorSchema,
  parseCvssVector,
  safeParseCvssVector,
  severityFromCvss,
  type CvssMetricDefinition,
} from '../../../server/vulnerabilities/cvss.js';
import { fuzzRuns } from '../../support/fuzz.js';

// Generous per-call bound: catches catastrophic backtracking or quadratic loops, not jitter.
const MAX_MS = 250;

function timed<T>(fn: () => T): T {
  const start = performance.now();
  const result = fn();
  expect(performance.now() - start, 'call took too long').to.be.below(MAX_MS);
  return result;
}

const anyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const cveLike = fc
  .tuple(fc.constantFrom('CVE', 'cve', 'CvE', 'XCVE', 'CAN'), fc.constantFrom('-', '\u2011', '\u2013', ' ', ''),
    fc.integer({ min: 1990, max: 2100 }), fc.constantFrom('-', '\u2011', '_'), fc.stringMatching(/^\d{1,22}$/))
  .map(([p, d1, y, d2, seq]) => `${p}${d1}${y}${d2}${seq}`);

function vectorFor(version: '3.1' | '3.0' | '4.0', definitions: readonly CvssMetricDefinition[]) {
  const choices = definitions.map((d) =>
    d.mandatory ? fc.constantFrom(...d.values).map((v) => `${d.key}:${v}`) : fc.option(fc.constantFrom(...d.values).map((v) => `${d.key}:${v}`)),
  );
  return fc.tuple(...choices).chain((parts) => {
    const present = parts.filter((p): p is string => p !== null);
    return fc.shuffledSubarray(present, { minLength: present.length, maxLength: present.length }).map((shuffled) => ({
      canonical: [`CVSS:${version}`, ...present].join('/'),
      shuffled: [`CVSS:${version}`, ...shuffled].join('/'),
    }));
  });
}

// Vectors built from real metric names and values, so the fuzzing reaches the deeper checks.
const vectorLike = fc
  .tuple(
    fc.constantFrom('CVSS:3.1', 'CVSS:3.0', 'CVSS:4.0', 'cvss:3.1', 'CVSS:2.0', 'CVSS:', ''),
    fc.array(
      fc.tuple(
        fc.constantFrom(...new Set([...CVSS3_METRICS, ...CVSS4_METRICS].map((d) => d.key)), 'Au', 'XX', ''),
        fc.constantFrom(':', '::', '', ':'),
        fc.constantFrom('N', 'L', 'H', 'X', 'P', 'A', 'U', 'C', 'R', 'Clear', 'q', ''),
      ).map(([k, sep, v]) => `${k}${sep}${v}`),
      { maxLength: 40 },
    ),
  )
  .map(([prefix, parts]) => [prefix, ...parts].join('/'));

describe('vulnerabilities: property-based tests', function () {
  this.timeout(120_000);
  const numRuns = fuzzRuns(200);

  describe('CVE IDs', () => {
    it('extractCveIds never throws and returns only distinct canonical IDs', () => {
      fc.assert(
        fc.property(fc.oneof(anyText, fc.array(fc.oneof(cveLike, anyText), { maxLength: 20 }).map((a) => a.join(' '))), (text) => {
          const ids = timed(() => extractCveIds(text));
          expect(new Set(ids).size).to.equal(ids.length);
          for (const id of ids) {
            expect(isCveId(id)).to.equal(true);
            expect(normalizeCveId(id)).to.equal(id);
          }
        }),
        { numRuns },
      );
    });

    it('finds every embedded valid ID in order', () => {
      const validId = fc
        .tuple(fc.integer({ min: 1999, max: 2099 }), fc.stringMatching(/^\d{4,19}$/))
        .map(([year, seq]) => `CVE-${year}-${seq}`);
      fc.assert(
        fc.property(fc.array(fc.tuple(validId, fc.constantFrom(' ', ', ', ' (', ') ', '\n', ' und '))), (parts) => {
          const text = parts.map(([id, sep]) => `${id}${sep}`).join('');
          expect(extractCveIds(text)).to.deep.equal([...new Set(parts.map(([id]) => id))]);
        }),
        { numRuns },
      );
    });

    it('CveIdSchema never throws and agrees with isCveId', () => {
      fc.assert(
        fc.property(fc.oneof(cveLike, anyText, fc.anything()), (value) => {
          const result = timed(() => CveIdSchema.safeParse(value));
          expect(result.success).to.equal(isCveId(value));
          if (result.success) expect(CveIdSchema.parse(result.data)).to.equal(result.data);
        }),
        { numRuns },
      );
    });
  });

  describe('CVSS', () => {
    it('parseCvssVector throws only CvssParseError for arbitrary input', () => {
      fc.assert(
        fc.property(fc.oneof(anyText, vectorLike), (input) => {
          try {
            const parsed = timed(() => parseCvssVector(input));
            expect(parsed.baseScore).to.be.within(0, 10);
          } catch (error) {
            expect(error).to.be.instanceOf(CvssParseError);
          }
          expect(safeParseCvssVector(input).success).to.be.a('boolean');
          expect(CvssVectorSchema.safeParse(input).success).to.be.a('boolean');
        }),
        { numRuns },
      );
    });

    for (const [version, definitions] of [['3.1', CVSS3_METRICS], ['3.0', CVSS3_METRICS], ['4.0', CVSS4_METRICS]] as const) {
      it(`valid ${version} vectors parse in any metric order to a stable, normalized result`, () => {
        fc.assert(
          fc.property(vectorFor(version, definitions), ({ canonical, shuffled }) => {
            const parsed = timed(() => parseCvssVector(canonical));
            expect(parsed.version).to.equal(version);
            expect(parsed.baseScore).to.be.within(0, 10);
            expect(Math.round(parsed.baseScore * 10) / 10).to.equal(parsed.baseScore);
            expect(parsed.severity).to.equal(cvssSeverity(parsed.baseScore));
            expect(parseCvssVector(shuffled)).to.deep.equal(parsed);
            expect(parseCvssVector(parsed.vector)).to.deep.equal(parsed);
            expect(parseCvssVector(canonical.toLowerCase()).baseScore).to.equal(parsed.baseScore);
          }),
          { numRuns },
        );
      });
    }

    it('BSI and CVSS severities are monotonic in the score', () => {
      fc.assert(
        fc.property(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(BSI_SEVERITIES.indexOf(severityFromCvss(low))).to.be.at.most(BSI_SEVERITIES.indexOf(severityFromCvss(high)));
          const order = ['none', 'low', 'medium', 'high', 'critical'];
          expect(order.indexOf(cvssSeverity(low))).to.be.at.most(order.indexOf(cvssSeverity(high)));
        }),
        { numRuns },
      );
    });
  });

  it('stays fast on long pathological input', () => {
    for (const input of ['CVE-'.repeat(20_000), 'CVE-2024-'.repeat(10_000), `CVE-2024-${'9'.repeat(50_000)}`]) {
      timed(() => extractCveIds(input));
    }
    for (const input of [`CVSS:3.1/${'AV:N/'.repeat(5_000)}`, ':'.repeat(100_000), '/'.repeat(100_000)]) {
      expect(timed(() => safeParseCvssVector(input)).success).to.equal(false);
    }
  });
});
