/**
 * AST of a STIX 2.1 pattern (§9). Node names follow the spec's grammar: observation expressions
 * combined with AND/OR/FOLLOWEDBY and qualified with WITHIN/REPEATS/START…STOP, each wrapping a
 * comparison expression of property tests. Every node records the 0-based `offset` where it
 * starts in the source, so later checks can point at the right place.
 */

/** Operators between observation expressions, loosest first: FOLLOWEDBY < OR < AND (§9). */
export type ObservationOperator = 'AND' | 'OR' | 'FOLLOWEDBY';
/** Operators between comparison expressions: OR < AND (§9). */
export type ComparisonConnective = 'AND' | 'OR';
/** Comparison operators (§9 table); `==` and `<>` are normalised to `=` and `!=`. */
export type ComparisonOperator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'IN'
  | 'LIKE'
  | 'MATCHES'
  | 'ISSUBSET'
  | 'ISSUPERSET';

/** A literal constant (§9): strings are unescaped, numbers keep their source text. */
export type Literal =
  | { kind: 'string'; value: string; offset: number }
  | { kind: 'int'; value: number; raw: string; offset: number }
  | { kind: 'float'; value: number; raw: string; offset: number }
  | { kind: 'bool'; value: boolean; offset: number }
  | { kind: 'timestamp'; value: string; offset: number }
  | { kind: 'hex'; value: string; offset: number }
  | { kind: 'binary'; value: string; offset: number };

/** A set literal `('a', 'b')` — only valid on the right of IN. */
export interface SetLiteral {
  kind: 'set';
  values: Literal[];
  offset: number;
}

/** One step after the object type: a property name or a list index (`[0]`, `[*]`). */
export type PathStep = { kind: 'property'; name: string } | { kind: 'index'; index: number | '*' };

/** An object path `type:prop.sub[*].x` (§9). The first step is always a property. */
export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
  offset: number;
}

/** `path [NOT] operator value`, e.g. `file:name = 'a.exe'`. */
export interface ComparisonNode {
  type: 'comparison';
  path: ObjectPath;
  negated: boolean;
  operator: ComparisonOperator;
  value: Literal | SetLiteral;
  offset: number;
}

/** `EXISTS path`. */
export interface ExistsNode {
  type: 'exists';
  path: ObjectPath;
  offset: number;
}

/** Two comparison expressions joined by AND or OR. */
export interface ComparisonBinaryNode {
  type: 'comparison-binary';
  operator: ComparisonConnective;
  left: ComparisonExpression;
  right: ComparisonExpression;
  offset: number;
}

/** A parenthesised comparison expression. */
export interface ComparisonGroupNode {
  type: 'comparison-group';
  expression: ComparisonExpression;
  offset: number;
}

/** What goes between `[` and `]`. */
export type ComparisonExpression = ComparisonNode | ExistsNode | ComparisonBinaryNode | ComparisonGroupNode;

/** Qualifiers (§9). */
export type Qualifier =
  | { kind: 'within'; seconds: number; offset: number }
  | { kind: 'repeats'; times: number; offset: number }
  | { kind: 'start-stop'; start: string; stop: string; offset: number };

/** A simple observation expression `[ … ]`. */
export interface ObservationNode {
  type: 'observation';
  comparison: ComparisonExpression;
  offset: number;
}

/** Two observation expressions joined by AND, OR or FOLLOWEDBY. */
export interface ObservationBinaryNode {
  type: 'observation-binary';
  operator: ObservationOperator;
  left: ObservationExpression;
  right: ObservationExpression;
  offset: number;
}

/** A parenthesised observation expression. */
export interface ObservationGroupNode {
  type: 'observation-group';
  expression: ObservationExpression;
  offset: number;
}

/** An observation expression with one qualifier (chains nest, innermost first). */
export interface QualifiedObservationNode {
  type: 'qualified';
  qualifier: Qualifier;
  expression: ObservationExpression;
  offset: number;
}

/** Anything that can stand where the grammar has observationExpressions. */
export type ObservationExpression =
  | ObservationNode
  | ObservationBinaryNode
  | ObservationGroupNode
  | QualifiedObservationNode;

/** The root: one (possibly compound) observation expression. */
export interface PatternAst {
  type: 'pattern';
  expression: ObservationExpression;
}
