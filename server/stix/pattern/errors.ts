/**
 * The one error type of the STIX Patterning parser: every rejected pattern, whether by the
 * grammar (§9, ANTLR grammar of the spec) or by a semantic rule, becomes a `PatternSyntaxError`
 * with the 0-based character offset of the offending token. Callers never see other errors.
 */
export class PatternSyntaxError extends Error {
  /** 0-based offset into the pattern string (pattern length for "unexpected end"). */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.name = 'PatternSyntaxError';
    this.offset = offset;
  }
}
