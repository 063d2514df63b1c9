/**
 * The problems of a CSV import (server/inventory/inventory.csv.ts) in the reader's language: where
 * ("Zeile 3, Spalte „criticality“") and what. Each problem brings `params.line` (and `column`); a
 * problem of the file itself names itself in `params.key`, a problem of a value is a field problem
 * like any other (lib/field-problems.ts). Free of the client's i18n module, so the tests can load it.
 */
import type { fieldProblemsDe } from '../../lib/field-problems.messages.js';
import { fieldProblemText, paramText } from '../../lib/field-problems.js';
import type { inventoryDe } from './inventory.messages.js';

/** A field problem as lib/api.ts keeps it (structurally, for the tests). */
type FieldError = { path?: string; message: string; code?: string; params?: Record<string, string | number | boolean> };
type Translate = (key: keyof typeof inventoryDe | keyof typeof fieldProblemsDe, params?: Record<string, string | number>) => string;

/** csv-parse's error codes (`params.csvCode`) that say more than "not valid CSV". */
const SYNTAX: Record<string, keyof typeof inventoryDe> = {
  CSV_QUOTE_NOT_CLOSED: 'inventory.csv.problem.quoteNotClosed',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'inventory.csv.problem.fieldCount',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'inventory.csv.problem.fieldCount',
  CSV_INVALID_CLOSING_QUOTE: 'inventory.csv.problem.quote',
  INVALID_OPENING_QUOTE: 'inventory.csv.problem.quote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'inventory.csv.problem.quote',
};

/** True for a problem of a CSV import (it names its line). */
export function isCsvProblem(problem: FieldError): boolean {
  return typeof problem.params?.line === 'number';
}

/** Where in the file: "Zeile 3" or "Zeile 3, Spalte „criticality“" (column names are the file's own). */
export function csvProblemPlace(t: Translate, problem: FieldError): string {
  const line = Number(problem.params?.line);
  const column = problem.params?.column;
  return typeof column === 'string' ? t('inventory.csv.at.column', { line, column }) : t('inventory.csv.at.line', { line });
}

/** What is wrong, in the reader's language; a value's problem is worded as in any form. */
export function csvProblemText(t: Translate, problem: FieldError): string {
  const params = problem.params ?? {};
  switch (params.key) {
    case 'csv-syntax':
      return t((typeof params.csvCode === 'string' ? SYNTAX[params.csvCode] : undefined) ?? 'inventory.csv.problem.syntax');
    case 'csv-empty':
      return t('inventory.csv.problem.empty');
    case 'csv-unknown-columns':
      return t('inventory.csv.problem.unknownColumns', { columns: paramText(params, 'columns'), expected: paramText(params, 'expected') });
    case 'csv-missing-column':
      return t('inventory.csv.problem.missingColumn', { name: paramText(params, 'name') });
    case 'csv-too-many-lines':
      return t('inventory.csv.problem.tooManyLines', { maximum: Number(params.maximum) });
  }
  if (params.column === 'criticality' && problem.code === 'invalid_value') return t('inventory.csv.problem.criticality');
  return fieldProblemText(t, problem);
}
