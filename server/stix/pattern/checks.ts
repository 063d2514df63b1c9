/**
 * Semantic rules the grammar cannot express, applied after parsing:
 *
 * - one qualifier of each kind directly on an observation: `[…] WITHIN 5 SECONDS WITHIN 6 SECONDS`
 *   is rejected, a qualifier on a parenthesised group is not counted (the OASIS
 *   cti-pattern-validator's rule and its test cases);
 * - REPEATS needs a positive count and WITHIN a positive duration (§9, qualifiers);
 * - START … STOP needs STOP later than START, otherwise the window is empty;
 * - `…hashes.<algorithm> = '…'` compares against a well-formed digest for the algorithms the
 *   validator knows (MD5, SHA-1, SHA-256, …), catching `'f00'` as a SHA-256.
 */
import { compareTimestamps } from '../common.js';
import type { ComparisonNode, ObservationExpression, PatternAst } from './ast.js';
import { PatternSyntaxError } from './errors.js';
import { observationComparisons, propertyTests } from './walk.js';

// The validator's table, keyed by upper-cased name without '-' (so SHA-256, sha256, SHA256 match).
const HASH_FORMATS: Readonly<Record<string, RegExp>> = {
  MD5: /^[a-fA-F0-9]{32}$/,
  MD6: /^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{56}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$/,
  RIPEMD160: /^[a-fA-F0-9]{40}$/,
  SHA1: /^[a-fA-F0-9]{40}$/,
  SHA224: /^[a-fA-F0-9]{56}$/,
  SHA256: /^[a-fA-F0-9]{64}$/,
  SHA384: /^[a-fA-F0-9]{96}$/,
  SHA512: /^[a-fA-F0-9]{128}$/,
  SHA3224: /^[a-fA-F0-9]{56}$/,
  SHA3256: /^[a-fA-F0-9]{64}$/,
  SHA3384: /^[a-fA-F0-9]{96}$/,
  SHA3512: /^[a-fA-F0-9]{128}$/,
  SSDEEP: /^[a-zA-Z0-9/+:.]{1,128}$/,
  WHIRLPOOL: /^[a-fA-F0-9]{128}$/,
};

function checkQualifiers(expression: ObservationExpression, directOnObservation: Set<string> | undefined): void {
  switch (expression.type) {
    case 'observation':
      return;
    case 'observation-binary':
      checkQualifiers(expression.left, undefined);
      checkQualifiers(expression.right, undefined);
      return;
    case 'observation-group':
      checkQualifiers(expression.expression, undefined);
      return;
    case 'qualified': {
      const { qualifier } = expression;
      if (qualifier.kind === 'repeats' && qualifier.times < 1) {
        throw new PatternSyntaxError('REPEATS needs a positive number of times', qualifier.offset);
      }
      if (qualifier.kind === 'within' && !(qualifier.seconds > 0)) {
        throw new PatternSyntaxError('WITHIN needs a positive number of seconds', qualifier.offset);
      }
      if (qualifier.kind === 'start-stop' && compareTimestamps(qualifier.stop, qualifier.start) <= 0) {
        throw new PatternSyntaxError('STOP must be later than START', qualifier.offset);
      }
      // Qualifiers are collected outermost first; only a chain ending in `[...]` is counted.
      const seen = directOnObservation ?? new Set<string>();
      if (innermost(expression).type === 'observation') {
        if (seen.has(qualifier.kind)) {
          throw new PatternSyntaxError(`Duplicate ${qualifier.kind.toUpperCase()} qualifier on one observation`, qualifier.offset);
        }
        seen.add(qualifier.kind);
      }
      checkQualifiers(expression.expression, seen);
    }
  }
}

function innermost(expression: ObservationExpression): ObservationExpression {
  return expression.type === 'qualified' ? innermost(expression.expression) : expression;
}

function checkHashComparison(test: ComparisonNode): void {
  const steps = test.path.steps;
  const last = steps[steps.length - 1];
  const isHashPath = steps.some((step) => step.kind === 'property' && step.name === 'hashes');
  if (!isHashPath || last?.kind !== 'property' || !['=', '!=', 'IN'].includes(test.operator)) return;
  const format = HASH_FORMATS[last.name.toUpperCase().replace(/-/g, '')];
  if (format === undefined) return;
  const values = test.value.kind === 'set' ? test.value.values : [test.value];
  for (const value of values) {
    if (value.kind !== 'string' || !format.test(value.value)) {
      // The value itself is not echoed: indicator content may be TLP:AMBER or RED.
      throw new PatternSyntaxError(`Not a valid ${last.name} hash value`, value.offset);
    }
  }
}

/** Applies the semantic rules; throws `PatternSyntaxError` at the first violation. */
export function checkPattern(ast: PatternAst): void {
  checkQualifiers(ast.expression, undefined);
  for (const comparison of observationComparisons(ast.expression)) {
    for (const test of propertyTests(comparison)) {
      if (test.type === 'comparison') checkHashComparison(test);
    }
  }
}
