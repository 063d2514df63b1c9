/**
 * Small traversal helpers over the pattern AST, shared by the semantic checks, the reference
 * listing and the formatter.
 */
import type { ComparisonExpression, ComparisonNode, ExistsNode, ObservationExpression } from './ast.js';

/** Every comparison expression (the content of each `[...]`), left to right. */
export function observationComparisons(expression: ObservationExpression): ComparisonExpression[] {
  switch (expression.type) {
    case 'observation':
      return [expression.comparison];
    case 'observation-binary':
      return [...observationComparisons(expression.left), ...observationComparisons(expression.right)];
    case 'observation-group':
    case 'qualified':
      return observationComparisons(expression.expression);
  }
}

/** Every property test (comparison or EXISTS) inside a comparison expression, left to right. */
export function propertyTests(expression: ComparisonExpression): (ComparisonNode | ExistsNode)[] {
  switch (expression.type) {
    case 'comparison':
    case 'exists':
      return [expression];
    case 'comparison-binary':
      return [...propertyTests(expression.left), ...propertyTests(expression.right)];
    case 'comparison-group':
      return propertyTests(expression.expression);
  }
}
