/**
 * Hand-written lexer for the STIX 2.1 Patterning grammar (§9; the spec's ANTLR `STIXPattern.g4`,
 * as used by the OASIS cti-pattern-validator). It follows ANTLR's longest-match rule, so for
 * example `h'ffd8'` is a hex literal but `AND-x` is an identifier. Where ANTLR would fall back to
 * tokens that no parser rule accepts (a lone `-`, a malformed `t'…'`, a bad escape) we fail right
 * here with a clearer message; the set of accepted patterns is the same.
 */
import { BinarySchema, isStixTimestamp } from '../common.js';
import { PatternSyntaxError } from './errors.js';

/** Reserved words; they can never be identifiers (`LAST` is reserved but unused). */
export const KEYWORDS = [
  'AND', 'OR', 'NOT', 'FOLLOWEDBY', 'LIKE', 'MATCHES', 'ISSUPERSET', 'ISSUBSET', 'EXISTS', 'LAST',
  'IN', 'START', 'STOP', 'SECONDS', 'WITHIN', 'REPEATS', 'TIMES',
] as const;
/** One of the reserved words. */
export type Keyword = (typeof KEYWORDS)[number];

/** Token kinds: literal kinds, punctuation/operators by their text, and `eof`. */
export type TokenKind =
  | 'keyword' | 'identifier' | 'bool' | 'int' | 'float' | 'string' | 'timestamp' | 'hex' | 'binary'
  | '[' | ']' | '(' | ')' | ':' | '.' | ',' | '*' | '=' | '!=' | '<' | '<=' | '>' | '>='
  | 'eof';

/** One lexical token with its 0-based source offset. */
export interface Token {
  kind: TokenKind;
  /** Source text (for literals: decoded value, see `value`). */
  text: string;
  /** Decoded value of string/hex/binary/timestamp literals. */
  value?: string;
  offset: number;
}

// The WS rule of the grammar (ASCII whitespace plus the Unicode spaces it lists).
const WHITESPACE = /[ \t\r\n\v\f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const IDENT_START = /[a-zA-Z_]/;
const IDENT_PART = /[a-zA-Z0-9_-]/;
const DIGIT = /[0-9]/;
const HEX_BODY = /^([a-fA-F0-9]{2})*$/;
const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);
const BASE64 = BinarySchema;

/** Longest operator first, as the lexer would match it. */
const OPERATORS: readonly [string, TokenKind][] = [
  ['==', '='], ['!=', '!='], ['<>', '!='], ['<=', '<='], ['>=', '>='],
  ['=', '='], ['<', '<'], ['>', '>'],
  ['[', '['], [']', ']'], ['(', '('], [')', ')'], [':', ':'], [',', ','], ['*', '*'],
];

class Lexer {
  private pos = 0;
  readonly tokens: Token[] = [];

  constructor(private readonly src: string) {}

  run(): Token[] {
    while (this.skipTrivia()) this.next();
    this.tokens.push({ kind: 'eof', text: '', offset: this.src.length });
    return this.tokens;
  }

  /** Skips whitespace and comments; false at end of input. */
  private skipTrivia(): boolean {
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === undefined) return false;
      if (WHITESPACE.test(ch)) {
        this.pos += 1;
      } else if (this.src.startsWith('/*', this.pos)) {
        const end = this.src.indexOf('*/', this.pos + 2);
        if (end < 0) throw new PatternSyntaxError('Unterminated comment', this.pos);
        this.pos = end + 2;
      } else if (this.src.startsWith('//', this.pos)) {
        const nl = this.src.slice(this.pos).search(/[\r\n]/);
        this.pos = nl < 0 ? this.src.length : this.pos + nl;
      } else {
        return true;
      }
    }
  }

  private next(): void {
    const start = this.pos;
    const ch = this.src.charAt(start);
    if (ch === "'") {
      const value = this.readQuoted(start);
      return this.push('string', this.src.slice(start, this.pos), start, 0, value);
    }
    if (IDENT_START.test(ch)) return this.identifierOrPrefixedLiteral(start);
    if (DIGIT.test(ch) || ((ch === '+' || ch === '-' || ch === '.') && this.startsNumber(start))) return this.number(start);
    if (ch === '.') return this.push('.', '.', start, 1);
    for (const [text, kind] of OPERATORS) {
      if (this.src.startsWith(text, start)) return this.push(kind, text, start, text.length);
    }
    throw new PatternSyntaxError(`Unexpected character ${JSON.stringify(ch)}`, start);
  }

  private push(kind: TokenKind, text: string, offset: number, advance = 0, value?: string): void {
    this.pos += advance;
    this.tokens.push(value === undefined ? { kind, text, offset } : { kind, text, offset, value });
  }

  /** Reads `'…'` starting at `start` (the quote); returns the decoded content. */
  private readQuoted(start: number): string {
    let out = '';
    let i = start + 1;
    for (;;) {
      const c = this.src[i];
      if (c === undefined) throw new PatternSyntaxError('Unterminated string literal', start);
      if (c === "'") break;
      if (c === '\\') {
        const escaped = this.src[i + 1];
        if (escaped !== "'" && escaped !== '\\') {
          throw new PatternSyntaxError("Invalid escape in string literal: only \\' and \\\\ are allowed", i);
        }
        out += escaped;
        i += 2;
      } else {
        out += c;
        i += 1;
      }
    }
    this.pos = i + 1;
    return out;
  }

  private identifierOrPrefixedLiteral(start: number): void {
    let end = start + 1;
    while (end < this.src.length && IDENT_PART.test(this.src.charAt(end))) end += 1;
    const word = this.src.slice(start, end);
    if ((word === 't' || word === 'h' || word === 'b') && this.src[end] === "'") {
      this.pos = end;
      const body = this.readQuoted(end);
      const text = this.src.slice(start, this.pos);
      // Messages never echo literal content: patterns may carry TLP:AMBER/RED indicator values.
      if (word === 't' && !isStixTimestamp(body)) throw new PatternSyntaxError("Invalid timestamp literal t'…'", start);
      if (word === 'h' && !HEX_BODY.test(body)) throw new PatternSyntaxError("Invalid hex literal h'…'", start);
      if (word === 'b' && !BASE64.safeParse(body).success) throw new PatternSyntaxError("Invalid base64 literal b'…'", start);
      return this.push(word === 't' ? 'timestamp' : word === 'h' ? 'hex' : 'binary', text, start, 0, body);
    }
    this.pos = end;
    const kind: TokenKind = KEYWORD_SET.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : 'identifier';
    this.tokens.push({ kind, text: word, offset: start });
  }

  private startsNumber(start: number): boolean {
    let i = start;
    if (this.src[i] === '+' || this.src[i] === '-') i += 1;
    if (DIGIT.test(this.src.charAt(i))) return true;
    return this.src[i] === '.' && DIGIT.test(this.src.charAt(i + 1));
  }

  private number(start: number): void {
    let i = start;
    if (this.src[i] === '+' || this.src[i] === '-') i += 1;
    const digitsStart = i;
    while (DIGIT.test(this.src.charAt(i))) i += 1;
    if (this.src[i] === '.' && DIGIT.test(this.src.charAt(i + 1))) {
      i += 1;
      while (DIGIT.test(this.src.charAt(i))) i += 1;
      return this.push('float', this.src.slice(start, i), start, i - start);
    }
    const digits = this.src.slice(digitsStart, i);
    if (digits.length > 1 && digits.startsWith('0')) {
      throw new PatternSyntaxError('Integer literals have no leading zeros', start);
    }
    this.push('int', this.src.slice(start, i), start, i - start);
  }
}

/** Splits a pattern into tokens; throws `PatternSyntaxError` on input no token can start. */
export function tokenize(pattern: string): Token[] {
  return new Lexer(pattern).run();
}
