// Property-based tests: the pattern parser and the object/bundle parsers take arbitrary input
// without throwing anything but their typed results, without slow paths, and generated valid
// patterns always parse (and survive a format → parse round trip).
import { expect } from 'chai';
import fc from 'fast-check';
import {
  PatternSyntaxError,
  formatPattern,
  parseBundle,
  parsePattern,
  parseStixObject,
  validatePattern,
} from '../../../server/stix/index.js';
import { fuzzRuns } from '../../support/fuzz.js';
import { VALID } from './fixtures.js';

// Generous per-call bound: catches catastrophic backtracking or quadratic loops, not jitter.
const MAX_MS = 250;

function timed<T>(fn: () => T): T {
  const start = performance.now();
  const result = fn();
  expect(performance.now() - start, 'call took too long').to.be.below(MAX_MS);
  return result;
}

const numRuns = fuzzRuns(200);

const anyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

// Token soup from the pattern vocabulary, so the fuzzing reaches the parser rather than the lexer.
const PIECES = [
  '[', ']', '(', ')', ':', '.', ',', '*', '=', '==', '!=', '<>', '<', '<=', '>', '>=', 'AND', 'OR', 'NOT',
  'FOLLOWEDBY', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET', 'EXISTS', 'IN', 'START', 'STOP', 'WITHIN',
  'SECONDS', 'REPEATS', 'TIMES', 'true', 'false', 'file', 'name', 'hashes', 'MD5', 'ipv4-addr', 'value',
  "'x'", "'a\\'b'", '0', '5', '-3', '1.5', "t'2020-01-01T00:00:00Z'", "h'ff'", "b'AAAA'", '/* c */', "'", '\\',
];
const patternSoup = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).chain((parts) =>
  fc.array(fc.constantFrom(' ', '', '\n'), { minLength: parts.length, maxLength: parts.length }).map((seps) =>
    parts.map((part, i) => `${part}${seps[i] ?? ''}`).join(''),
  ),
);

// ---- Generator of grammatical patterns (STIX 2.1 §9) ----
const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const ident = fc.stringMatching(/^[a-z_][a-z0-9_]{0,7}$/).filter((s) => !['true', 'false', 'hashes'].includes(s));
const objectType = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/).filter((s) => s !== 'true' && s !== 'false');
const propertyName = fc.oneof(ident, fc.string({ maxLength: 8 }).filter((s) => s !== 'hashes').map(quote));
const step = fc.oneof(
  propertyName.map((name) => `.${name}`),
  fc.oneof(fc.integer({ min: -5, max: 50 }).map(String), fc.constant('*')).map((i) => `[${i}]`),
);
const objectPath = fc.tuple(objectType, propertyName, fc.array(step, { maxLength: 3 })).map(([t, first, rest]) => `${t}:${first}${rest.join('')}`);
const timestamp = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const orderable = fc.oneof(
  fc.string({ maxLength: 12 }).map(quote),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.tuple(fc.integer({ min: -999, max: 999 }), fc.stringMatching(/^[0-9]{1,3}$/)).map(([i, f]) => `${i}.${f}`),
  timestamp.map((t) => `t'${t}'`),
  fc.stringMatching(/^([0-9a-f]{2}){0,6}$/).map((h) => `h'${h}'`),
  fc.uint8Array({ minLength: 1, maxLength: 9 }).map((bytes) => `b'${btoa(String.fromCharCode(...bytes))}'`),
);
const primitive = fc.oneof(orderable, fc.constantFrom('true', 'false'));
const not = fc.constantFrom('', 'NOT ');
const propTest = fc.oneof(
  fc.tuple(objectPath, not, fc.constantFrom('=', '!=', '==', '<>'), primitive).map(([p, n, op, v]) => `${p} ${n}${op} ${v}`),
  fc.tuple(objectPath, not, fc.constantFrom('<', '<=', '>', '>='), orderable).map(([p, n, op, v]) => `${p} ${n}${op} ${v}`),
  fc.tuple(objectPath, not, fc.array(primitive, { maxLength: 4 })).map(([p, n, vs]) => `${p} ${n}IN (${vs.join(', ')})`),
  fc.tuple(objectPath, not, fc.constantFrom('LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'), fc.string({ maxLength: 12 }))
    .map(([p, n, op, s]) => `${p} ${n}${op} ${quote(s)}`),
  objectPath.map((p) => `EXISTS ${p}`),
);
const qualifiers = fc
  .tuple(
    fc.option(fc.integer({ min: 1, max: 1000 }).map((n) => `REPEATS ${n} TIMES`)),
    fc.option(fc.oneof(fc.integer({ min: 1, max: 86400 }).map(String), fc.constantFrom('0.5', '2.25')).map((n) => `WITHIN ${n} SECONDS`)),
    fc.option(fc.tuple(timestamp, timestamp).filter(([a, b]) => a !== b).map(([a, b]) => (a < b ? [a, b] : [b, a])).map(([a, b]) => `START t'${a}' STOP t'${b}'`)),
  )
  .chain((qs) => fc.shuffledSubarray(qs.filter((q): q is string => q !== null)))
  .map((qs) => (qs.length === 0 ? '' : ` ${qs.join(' ')}`));

const { observations } = fc.letrec<{ comparison: string; observation: string; observations: string }>((tie) => ({
  comparison: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    propTest,
    fc.tuple(tie('comparison'), fc.constantFrom('AND', 'OR'), tie('comparison')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('comparison').map((c) => `(${c})`),
  ),
  observation: fc.tuple(
    fc.oneof({ depthSize: 'small' }, tie('comparison').map((c) => `[${c}]`), tie('observations').map((o) => `(${o})`)),
    qualifiers,
  ).map(([o, q]) => `${o}${q}`),
  observations: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('observation'),
    fc.tuple(tie('observations'), fc.constantFrom('AND', 'OR', 'FOLLOWEDBY'), tie('observations')).map(([a, op, b]) => `${a} ${op} ${b}`),
  ),
}));

function expectTypedPatternOutcome(input: string): void {
  const result = timed(() => validatePattern(input));
  if (result.ok) return;
  expect(result.error).to.be.instanceOf(PatternSyntaxError);
  expect(result.error.offset).to.be.within(0, input.length);
  expect(result.error.message).to.be.a('string').and.not.equal('');
}

// ---- Object inputs ----
const TYPES = Object.keys(VALID);
const mutatedObject = fc
  .tuple(fc.constantFrom(...TYPES), fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('id', 'type', 'created', 'modified', 'spec_version', 'object_marking_refs', 'extensions', 'x_custom', 'pattern', 'value', 'name')), fc.jsonValue({ maxDepth: 2 })), { maxLength: 3 }))
  .map(([type, changes]) => {
    const copy = structuredClone(VALID[type]) as Record<string, unknown>;
    for (const [key, value] of changes) copy[key] = value;
    return copy;
  });
const anyObjectInput = fc.oneof(fc.anything({ maxDepth: 3 }), mutatedObject, fc.jsonValue({ maxDepth: 3 }));

describe('stix fuzzing', () => {
  it('validatePattern never throws on arbitrary text', () => {
    fc.assert(fc.property(anyText, expectTypedPatternOutcome), { numRuns });
  });

  it('validatePattern never throws on token soup from the pattern vocabulary', () => {
    fc.assert(fc.property(patternSoup, expectTypedPatternOutcome), { numRuns });
  });

  it('parsePattern throws only PatternSyntaxError', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, patternSoup), (input) => {
        try {
          parsePattern(input);
        } catch (error) {
          expect(error).to.be.instanceOf(PatternSyntaxError);
        }
      }),
      { numRuns },
    );
  });

  it('generated grammatical patterns validate and survive format → parse', () => {
    fc.assert(
      fc.property(observations, (pattern) => {
        const result = timed(() => validatePattern(pattern));
        if (!result.ok) expect.fail(`${result.error.offset}: ${result.error.message} in ${pattern}`);
        const formatted = formatPattern(result.ast);
        expect(validatePattern(formatted).ok, formatted).to.equal(true);
        expect(formatPattern(parsePattern(formatted))).to.equal(formatted);
      }),
      { numRuns },
    );
  });

  it('parseStixObject returns a zod result for any input, and strict success implies lenient success', () => {
    fc.assert(
      fc.property(anyObjectInput, (input) => {
        const strict = timed(() => parseStixObject(input, { mode: 'strict' }));
        const lenient = timed(() => parseStixObject(input, { mode: 'lenient' }));
        expect(strict.success).to.be.a('boolean');
        expect(lenient.success).to.be.a('boolean');
        if (strict.success) expect(lenient.success).to.equal(true);
        if (lenient.success) expect(parseStixObject(lenient.data, { mode: 'lenient' }).data).to.deep.equal(lenient.data);
      }),
      { numRuns },
    );
  });

  it('parseBundle returns a zod result for arbitrary text and values', () => {
    const bundleish = fc.array(anyObjectInput, { maxLength: 4 }).map((objects) => ({ type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000001', objects }));
    fc.assert(
      fc.property(fc.oneof(anyText, bundleish, bundleish.map((b) => JSON.stringify(b)), fc.anything({ maxDepth: 2 })), (input) => {
        expect(timed(() => parseBundle(input, { mode: 'strict' })).success).to.be.a('boolean');
        expect(timed(() => parseBundle(input, { mode: 'lenient' })).success).to.be.a('boolean');
      }),
      { numRuns },
    );
  });
});
