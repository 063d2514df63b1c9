/**
 * CSV import and export of an inventory. Columns (header required, any order, case-insensitive):
 * `vendor, product, version, cpe, purl, criticality, where_used, tags` (vendor and product may be empty
 * when a purl names the package) (tags separated by `;`; a file whose header uses `;` as the delimiter, as German spreadsheets write it, is read as such — quote tag lists there). Parsed by
 * csv-parse, every line validated with the same schema as the API; problems are reported by the
 * line number in the file (the header is line 1), all of them, not just the first.
 */
import { parse, CsvError } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { FieldProblem } from '../platform/errors.js';
import { zodIssuesToProblems } from '../platform/http/validate.js';
import { AssetInputSchema, type AssetInput } from './inventory.schemas.js';
import type { AssetRow } from './inventory.table.js';

export const CSV_COLUMNS = ['vendor', 'product', 'version', 'cpe', 'purl', 'criticality', 'where_used', 'tags'] as const;
export const MAX_CSV_ROWS = 5_000;

export type CsvParseResult = { assets: AssetInput[]; problems: FieldProblem[] };

/**
 * A problem of the file at `line` (and `column`). `message` is English; `code` and `params` let a
 * client word it: `params.line` and `params.column` always, and for a problem of the file itself
 * (not of a value) `code: 'custom'` with `params.key` naming it (`csv-syntax`, `csv-empty`,
 * `csv-unknown-columns`, `csv-missing-column`, `csv-too-many-lines`) and what its wording needs.
 */
function problem(line: number, column: string | undefined, message: string, issue: Pick<FieldProblem, 'code' | 'params'> = {}): FieldProblem {
  const params = { ...issue.params, line, ...(column ? { column } : {}) };
  return { path: column ? `line ${line}: ${column}` : `line ${line}`, message, ...(issue.code ? { code: issue.code } : {}), params };
}

/** A problem of the file itself, named by `key` (see {@link problem}). */
function fileProblem(line: number, message: string, key: string, params: Record<string, string | number> = {}): FieldProblem {
  return problem(line, undefined, message, { code: 'custom', params: { key, ...params } });
}

function toInput(record: Record<string, string>): Record<string, unknown> {
  const value = (key: string) => {
    const text = record[key]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const tags = value('tags');
  return {
    vendor: record.vendor ?? '',
    product: record.product ?? '',
    ...(value('purl') ? { purl: value('purl') } : {}),
    ...(value('version') ? { version: value('version') } : {}),
    ...(value('cpe') ? { cpe: value('cpe') } : {}),
    ...(value('criticality') ? { criticality: value('criticality')!.toLowerCase() } : {}),
    ...(value('where_used') ? { whereUsed: value('where_used') } : {}),
    ...(tags ? { tags: tags.split(';').map((tag) => tag.trim()).filter((tag) => tag !== '') } : {}),
  };
}

// German spreadsheet programs write ";"-separated files: decide by the header line.
function delimiterOf(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

/** Parses and validates a whole CSV file; never throws for bad input (problems are returned). */
export function parseInventoryCsv(text: string): CsvParseResult {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false, delimiter: delimiterOf(text) }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      return { assets: [], problems: [fileProblem(line, error.message.replace(/^Invalid[^:]*:\s*/, ''), 'csv-syntax', { csvCode: error.code })] };
    }
    throw error;
  }
  const [header, ...body] = rows;
  if (!header) return { assets: [], problems: [fileProblem(1, 'The file is empty; expected a header line', 'csv-empty')] };
  const columns = header.record.map((name) => name.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const problems: FieldProblem[] = [];
  const unknown = columns.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) problems.push(fileProblem(header.info.lines, `Unknown column(s) ${unknown.join(', ')}; expected ${CSV_COLUMNS.join(', ')}`, 'csv-unknown-columns', { columns: unknown.join(', '), expected: CSV_COLUMNS.join(', ') }));
  // Vendor and product are needed, unless a purl column names the package instead.
  if (!columns.includes('purl')) for (const name of ['vendor', 'product']) if (!columns.includes(name)) problems.push(fileProblem(header.info.lines, `Missing column ${name}`, 'csv-missing-column', { name }));
  if (body.length > MAX_CSV_ROWS) problems.push(fileProblem(header.info.lines, `At most ${MAX_CSV_ROWS} lines per import`, 'csv-too-many-lines', { maximum: MAX_CSV_ROWS }));
  if (problems.length > 0) return { assets: [], problems };
  const assets: AssetInput[] = [];
  for (const row of body) {
    const record = Object.fromEntries(columns.map((name, i) => [name, row.record[i] ?? '']));
    const parsed = AssetInputSchema.safeParse(toInput(record));
    if (parsed.success) assets.push(parsed.data);
    else for (const issue of zodIssuesToProblems(parsed.error.issues)) problems.push(problem(row.info.lines, csvField(issue.path), issue.message, issue));
  }
  return { assets: problems.length > 0 ? [] : assets, problems };
}

function csvField(path: string): string {
  const [first] = path.split('.');
  return first === 'whereUsed' ? 'where_used' : String(first ?? '');
}

/** The inventory as CSV, in the import format (so an export re-imports unchanged). */
export function inventoryToCsv(rows: readonly AssetRow[]): string {
  return stringify(
    rows.map((row) => [row.vendor, row.product, row.version ?? '', row.cpe ?? '', row.purl ?? '', row.criticality, row.whereUsed ?? '', row.tags.join(';')]),
    { header: true, columns: [...CSV_COLUMNS] },
  );
}
