/**
 * Recursive-descent parser for STIX 2.1 Patterning (§9), one method per rule of the spec's ANTLR
 * grammar. The grammar's left-recursive rules (`observationExpressions FOLLOWEDBY …`, `… OR …`,
 * `… AND …`) are left-associative, which the loops below reproduce; qualifiers are postfix and
 * bind tighter than AND. Nesting is capped so hostile input cannot exhaust the stack.
 */
import type {
  ComparisonExpression,
  ComparisonOperator,
  Literal,
  ObjectPath,
  ObservationExpression,
  PathStep,
  PatternAst,
  Qualifier,
  SetLiteral,
} from './ast.js';
import { PatternSyntaxError } from './errors.js';
import { tokenize, type Token, type TokenKind } from './tokenizer.js';

/** Deepest allowed nesting of parentheses/brackets. */
export const MAX_PATTERN_NESTING = 100;

const ORDER_OPERATORS: ReadonlySet<TokenKind> = new Set(['<', '<=', '>', '>=']);
const STRING_OPERATORS: ReadonlySet<string> = new Set(['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);
const ORDERABLE_KINDS: ReadonlySet<TokenKind> = new Set(['int', 'float', 'string', 'binary', 'hex', 'timestamp']);

// Names what was found without echoing literal content (patterns may be TLP:AMBER/RED):
// keywords, identifiers and punctuation are shown, literals only by their kind.
function describe(token: Token): string {
  if (token.kind === 'eof') return 'end of pattern';
  if (token.kind === 'keyword' || token.kind === 'identifier' || token.kind === 'bool' || token.text.length <= 2) {
    return `'${token.text.slice(0, 40)}'`;
  }
  return `a ${token.kind} literal`;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    // The lexer always ends the list with an `eof` token, and `advance` never moves past it.
    return this.tokens[this.index] ?? { kind: 'eof', text: '', offset: 0 };
  }

  private fail(expected: string, token = this.peek()): never {
    throw new PatternSyntaxError(`Expected ${expected} but found ${describe(token)}`, token.offset);
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  private isKeyword(word: string): boolean {
    return this.peek().kind === 'keyword' && this.peek().text === word;
  }

  private expect(kind: TokenKind, expected: string): Token {
    if (this.peek().kind !== kind) this.fail(expected);
    return this.advance();
  }

  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) this.fail(word);
    this.advance();
  }

  private enter(token: Token): void {
    this.depth += 1;
    if (this.depth > MAX_PATTERN_NESTING) throw new PatternSyntaxError('Pattern is nested too deeply', token.offset);
  }

  /** pattern : observationExpressions EOF */
  parsePattern(): PatternAst {
    const expression = this.observationExpressions();
    if (this.peek().kind !== 'eof') this.fail('AND, OR, FOLLOWEDBY, a qualifier or end of pattern');
    return { type: 'pattern', expression };
  }

  /** observationExpressions : observationExpressions FOLLOWEDBY observationExpressions | observationExpressionOr */
  private observationExpressions(): ObservationExpression {
    return this.binaryObservation('FOLLOWEDBY', () => this.binaryObservation('OR', () => this.binaryObservation('AND', () => this.qualified())));
  }

  private binaryObservation(operator: 'AND' | 'OR' | 'FOLLOWEDBY', operand: () => ObservationExpression): ObservationExpression {
    let left = operand();
    while (this.isKeyword(operator)) {
      this.advance();
      const right = operand();
      left = { type: 'observation-binary', operator, left, right, offset: left.offset };
    }
    return left;
  }

  /** observationExpression followed by any number of qualifiers. */
  private qualified(): ObservationExpression {
    let expression = this.observationPrimary();
    for (let qualifier = this.qualifier(); qualifier; qualifier = this.qualifier()) {
      expression = { type: 'qualified', qualifier, expression, offset: expression.offset };
    }
    return expression;
  }

  /** startStopQualifier | withinQualifier | repeatedQualifier, or undefined when none follows. */
  private qualifier(): Qualifier | undefined {
    const offset = this.peek().offset;
    if (this.isKeyword('START')) {
      this.advance();
      const start = this.expect('timestamp', "a timestamp literal t'…'").value ?? '';
      this.expectKeyword('STOP');
      const stop = this.expect('timestamp', "a timestamp literal t'…'").value ?? '';
      return { kind: 'start-stop', start, stop, offset };
    }
    if (this.isKeyword('WITHIN')) {
      this.advance();
      const kind = this.peek().kind;
      if ((kind !== 'int' && kind !== 'float') || this.peek().text.startsWith('-')) this.fail('a positive number of seconds');
      const seconds = Number(this.advance().text);
      this.expectKeyword('SECONDS');
      return { kind: 'within', seconds, offset };
    }
    if (this.isKeyword('REPEATS')) {
      this.advance();
      if (this.peek().kind !== 'int' || this.peek().text.startsWith('-')) this.fail('a positive integer');
      const times = Number(this.advance().text);
      this.expectKeyword('TIMES');
      return { kind: 'repeats', times, offset };
    }
    return undefined;
  }

  /** LBRACK comparisonExpression RBRACK | LPAREN observationExpressions RPAREN */
  private observationPrimary(): ObservationExpression {
    const open = this.peek();
    if (open.kind !== '[' && open.kind !== '(') this.fail("'[' or '('");
    this.advance();
    this.enter(open);
    let expression: ObservationExpression;
    if (open.kind === '[') {
      const comparison = this.comparisonOr();
      this.expect(']', "AND, OR or ']'");
      expression = { type: 'observation', comparison, offset: open.offset };
    } else {
      const inner = this.observationExpressions();
      this.expect(')', "AND, OR, FOLLOWEDBY, a qualifier or ')'");
      expression = { type: 'observation-group', expression: inner, offset: open.offset };
    }
    this.depth -= 1;
    return expression;
  }

  /** comparisonExpression : comparisonExpression OR comparisonExpression | comparisonExpressionAnd */
  private comparisonOr(): ComparisonExpression {
    let left = this.comparisonAnd();
    while (this.isKeyword('OR')) {
      this.advance();
      const right = this.comparisonAnd();
      left = { type: 'comparison-binary', operator: 'OR', left, right, offset: left.offset };
    }
    return left;
  }

  private comparisonAnd(): ComparisonExpression {
    let left = this.propTest();
    while (this.isKeyword('AND')) {
      this.advance();
      const right = this.propTest();
      left = { type: 'comparison-binary', operator: 'AND', left, right, offset: left.offset };
    }
    return left;
  }

  /** propTest: a comparison, EXISTS objectPath, or a parenthesised comparison expression. */
  private propTest(): ComparisonExpression {
    const start = this.peek();
    if (start.kind === '(') {
      this.advance();
      this.enter(start);
      const expression = this.comparisonOr();
      this.expect(')', "AND, OR or ')'");
      this.depth -= 1;
      return { type: 'comparison-group', expression, offset: start.offset };
    }
    if (this.isKeyword('EXISTS')) {
      this.advance();
      return { type: 'exists', path: this.objectPath(), offset: start.offset };
    }
    const path = this.objectPath();
    const negated = this.isKeyword('NOT');
    if (negated) this.advance();
    const { operator, value } = this.operatorAndValue();
    return { type: 'comparison', path, negated, operator, value, offset: start.offset };
  }

  private operatorAndValue(): { operator: ComparisonOperator; value: Literal | SetLiteral } {
    const token = this.peek();
    if (token.kind === '=' || token.kind === '!=') {
      this.advance();
      return { operator: token.kind, value: this.literal(true) };
    }
    if (ORDER_OPERATORS.has(token.kind)) {
      this.advance();
      return { operator: token.kind as ComparisonOperator, value: this.literal(false) };
    }
    if (token.kind === 'keyword' && token.text === 'IN') {
      this.advance();
      return { operator: 'IN', value: this.setLiteral() };
    }
    if (token.kind === 'keyword' && STRING_OPERATORS.has(token.text)) {
      this.advance();
      const value = this.expect('string', 'a string literal');
      return { operator: token.text as ComparisonOperator, value: { kind: 'string', value: value.value ?? '', offset: value.offset } };
    }
    return this.fail('a comparison operator (= != < <= > >= IN LIKE MATCHES ISSUBSET ISSUPERSET)');
  }

  /** primitiveLiteral (withBool) or orderableLiteral. */
  private literal(withBool: boolean): Literal {
    const token = this.peek();
    if (!(ORDERABLE_KINDS.has(token.kind) || (withBool && token.kind === 'bool'))) {
      this.fail(withBool ? 'a literal' : 'an orderable literal (not a boolean)');
    }
    this.advance();
    const offset = token.offset;
    switch (token.kind) {
      case 'int':
      case 'float':
        return { kind: token.kind, value: Number(token.text), raw: token.text, offset };
      case 'bool':
        return { kind: 'bool', value: token.text === 'true', offset };
      case 'string':
      case 'timestamp':
      case 'hex':
      case 'binary':
        return { kind: token.kind, value: token.value ?? '', offset };
      default:
        return this.fail('a literal', token);
    }
  }

  /** setLiteral : LPAREN RPAREN | LPAREN primitiveLiteral (COMMA primitiveLiteral)* RPAREN */
  private setLiteral(): SetLiteral {
    const open = this.expect('(', "'(' starting a set");
    const values: Literal[] = [];
    if (this.peek().kind !== ')') {
      values.push(this.literal(true));
      while (this.peek().kind === ',') {
        this.advance();
        values.push(this.literal(true));
      }
    }
    this.expect(')', "',' or ')'");
    return { kind: 'set', values, offset: open.offset };
  }

  /** objectPath : objectType COLON firstPathComponent objectPathComponent? */
  private objectPath(): ObjectPath {
    const typeToken = this.expect('identifier', 'an object type such as file or ipv4-addr');
    this.expect(':', "':' after the object type");
    const steps: PathStep[] = [{ kind: 'property', name: this.propertyName() }];
    for (;;) {
      if (this.peek().kind === '.') {
        this.advance();
        steps.push({ kind: 'property', name: this.propertyName() });
      } else if (this.peek().kind === '[') {
        this.advance();
        if (this.peek().kind === '*') {
          this.advance();
          steps.push({ kind: 'index', index: '*' });
        } else {
          steps.push({ kind: 'index', index: Number(this.expect('int', "a list index or '*'").text) });
        }
        this.expect(']', "']'");
      } else {
        return { objectType: typeToken.text, steps, offset: typeToken.offset };
      }
    }
  }

  /** IdentifierWithoutHyphen | StringLiteral (hyphenated names must be quoted). */
  private propertyName(): string {
    const token = this.peek();
    if (token.kind === 'identifier' && !token.text.includes('-')) return this.advance().text;
    if (token.kind === 'string') return this.advance().value ?? '';
    return this.fail('a property name (quote names that contain hyphens)');
  }
}

/** Parses a STIX 2.1 pattern to its AST; throws `PatternSyntaxError` when it is not grammatical. */
export function parsePattern(pattern: string): PatternAst {
  return new Parser(tokenize(pattern)).parsePattern();
}
