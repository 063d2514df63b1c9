/**
 * Prints a pattern AST back to canonical STIX pattern text: single spaces, `=`/`!=` for the
 * alternative spellings, parentheses only where the source had them, and property names quoted
 * only when they are not plain identifiers. `parsePattern(formatPattern(ast))` gives the same AST
 * (up to offsets), which the property tests check.
 */
import type { ComparisonExpression, Literal, ObjectPath, ObservationExpression, PatternAst, Qualifier, SetLiteral } from './ast.js';
import { KEYWORDS } from './tokenizer.js';

const PLAIN_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RESERVED: ReadonlySet<string> = new Set<string>([...KEYWORDS, 'true', 'false']);

/** Quotes a string literal, escaping `\` and `'` as the grammar requires. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function propertyName(name: string): string {
  // Single-letter t/h/b would otherwise read as the start of a t'…'/h'…'/b'…' literal only when a
  // quote follows, which never happens after a name, so they can stay bare.
  return PLAIN_NAME.test(name) && !RESERVED.has(name) ? name : quoteString(name);
}

/** `type:prop.sub[*].x`, quoting names that need it. */
export function formatObjectPath(path: ObjectPath): string {
  let out = `${path.objectType}:`;
  path.steps.forEach((step, index) => {
    if (step.kind === 'index') out += `[${step.index}]`;
    else out += index === 0 ? propertyName(step.name) : `.${propertyName(step.name)}`;
  });
  return out;
}

function formatLiteral(literal: Literal | SetLiteral): string {
  switch (literal.kind) {
    case 'set':
      return `(${literal.values.map(formatLiteral).join(', ')})`;
    case 'string':
      return quoteString(literal.value);
    case 'int':
    case 'float':
      return literal.raw;
    case 'bool':
      return String(literal.value);
    case 'timestamp':
      return `t'${literal.value}'`;
    case 'hex':
      return `h'${literal.value}'`;
    case 'binary':
      return `b'${literal.value}'`;
  }
}

function formatComparison(expression: ComparisonExpression): string {
  switch (expression.type) {
    case 'comparison': {
      const not = expression.negated ? ' NOT' : '';
      return `${formatObjectPath(expression.path)}${not} ${expression.operator} ${formatLiteral(expression.value)}`;
    }
    case 'exists':
      return `EXISTS ${formatObjectPath(expression.path)}`;
    case 'comparison-binary':
      return `${formatComparison(expression.left)} ${expression.operator} ${formatComparison(expression.right)}`;
    case 'comparison-group':
      return `(${formatComparison(expression.expression)})`;
  }
}

function formatQualifier(qualifier: Qualifier): string {
  switch (qualifier.kind) {
    case 'within':
      return `WITHIN ${qualifier.seconds} SECONDS`;
    case 'repeats':
      return `REPEATS ${qualifier.times} TIMES`;
    case 'start-stop':
      return `START t'${qualifier.start}' STOP t'${qualifier.stop}'`;
  }
}

function formatObservation(expression: ObservationExpression): string {
  switch (expression.type) {
    case 'observation':
      return `[${formatComparison(expression.comparison)}]`;
    case 'observation-binary':
      return `${formatObservation(expression.left)} ${expression.operator} ${formatObservation(expression.right)}`;
    case 'observation-group':
      return `(${formatObservation(expression.expression)})`;
    case 'qualified':
      return `${formatObservation(expression.expression)} ${formatQualifier(expression.qualifier)}`;
  }
}

/** Canonical text of a parsed pattern. */
export function formatPattern(ast: PatternAst): string {
  return formatObservation(ast.expression);
}
