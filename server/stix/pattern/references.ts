/**
 * Lists what a pattern looks at: the SCO types and object paths it references. Ingestion uses
 * it to index indicators ("which indicators test file hashes?") without re-parsing text.
 */
import type { PatternAst } from './ast.js';
import { formatObjectPath } from './format.js';
import { observationComparisons, propertyTests } from './walk.js';

/** Object types and full object paths referenced by a pattern, unique, in order of appearance. */
export interface PatternReferences {
  objectTypes: string[];
  objectPaths: string[];
}

/** Collects the object types and paths of every comparison and EXISTS test. */
export function patternReferences(ast: PatternAst): PatternReferences {
  const types = new Set<string>();
  const paths = new Set<string>();
  for (const comparison of observationComparisons(ast.expression)) {
    for (const test of propertyTests(comparison)) {
      types.add(test.path.objectType);
      paths.add(formatObjectPath(test.path));
    }
  }
  return { objectTypes: [...types], objectPaths: [...paths] };
}
