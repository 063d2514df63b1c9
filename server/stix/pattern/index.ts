/**
 * STIX 2.1 Patterning (§9): parse a pattern to an AST, validate it, list what it references,
 * and print it back. Used by the indicator schema for `pattern_type: "stix"`.
 */
import type { PatternAst } from './ast.js';
import { checkPattern } from './checks.js';
import { PatternSyntaxError } from './errors.js';
import { parsePattern } from './parser.js';

export type * from './ast.js';
export { PatternSyntaxError } from './errors.js';
export { MAX_PATTERN_NESTING, parsePattern } from './parser.js';
export { formatObjectPath, formatPattern, quoteString } from './format.js';
export { patternReferences, type PatternReferences } from './references.js';
export { observationComparisons, propertyTests } from './walk.js';
export { tokenize, type Token, type TokenKind } from './tokenizer.js';

/** Outcome of `validatePattern`: never throws, the error carries offset and message. */
export type PatternValidation = { ok: true; ast: PatternAst } | { ok: false; error: PatternSyntaxError };

/**
 * Parses a pattern and applies the semantic rules (duplicate qualifiers, positive REPEATS and
 * WITHIN, STOP after START, hash digest formats). Errors other than `PatternSyntaxError` would be
 * bugs and are rethrown rather than hidden.
 */
export function validatePattern(pattern: string): PatternValidation {
  if (typeof pattern !== 'string') return { ok: false, error: new PatternSyntaxError('A pattern is a string', 0) };
  try {
    const ast = parsePattern(pattern);
    checkPattern(ast);
    return { ok: true, ast };
  } catch (error) {
    if (error instanceof PatternSyntaxError) return { ok: false, error };
    throw error;
  }
}
