/**
 * Affected-version ranges as used when matching advisories against inventories.
 *
 * A range is one interval (`{ from: '13.1', below: '13.1-49.15' }`), one exact version, or all
 * versions. Versions are ordered by {@link compareVersions}. Range strings from CSAF/BSI
 * documents (`<1.25.2`, `<=7.2.4`, `>=13.1 <13.1-49.15`, `all`, `vers:generic/>=1.0|<2.0`) are
 * parsed by {@link parseVersionRanges} (vers syntax lives in `./vers.ts`).
 *
 * Isomorphic: only `zod` and siblings.
 */
import { z } from 'zod';
import { compareVersions, VersionSchema } from './version.js';
import { parseVers, VersionRangeParseError, type VersionConstraint } from './vers.js';

export { VersionRangeParseError } from './vers.js';

/** A version order: the generic {@link compareVersions}, or an ecosystem's (server/products/version-schemes.ts). */
export type VersionCompare = (a: string, b: string) => -1 | 0 | 1;

/**
 * An affected-version range. Exactly one shape is valid (see {@link VersionRangeSchema}):
 * `{ all: true }`, `{ exact }`, or an interval with `from` (inclusive unless
 * `fromInclusive: false`) and/or one upper bound, `below` (exclusive) or `upTo` (inclusive).
 */
export interface VersionRange {
  readonly from?: string;
  readonly fromInclusive?: boolean;
  readonly below?: string;
  readonly upTo?: string;
  readonly exact?: string;
  readonly all?: true;
}

/** Zod schema for the {@link VersionRange} object; rejects contradictory or empty ranges. */
export const VersionRangeSchema = z
  .strictObject({
    from: VersionSchema.optional(),
    fromInclusive: z.boolean().optional(),
    below: VersionSchema.optional(),
    upTo: VersionSchema.optional(),
    exact: VersionSchema.optional(),
    all: z.literal(true).optional(),
  })
  .superRefine((range, ctx) => {
    const problem = rangeProblem(range);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem.message, params: problem.params });
  });

/** Zod schema: a range string (see {@link parseVersionRange}) transformed into a {@link VersionRange}. */
export const VersionRangeStringSchema = z.string().transform((input, ctx): VersionRange => {
  try {
    return parseVersionRange(input);
  } catch (error) {
    if (!(error instanceof VersionRangeParseError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
});

/**
 * Why a range object is contradictory or empty: the English `message`, and `params.key` naming the
 * problem for a client to word (`range-combined`, `range-bounds`, `range-empty`, with `from` and
 * `upper` for the last).
 */
function rangeProblem(range: VersionRange, compare: VersionCompare = compareVersions): { message: string; params: { key: string; from?: string; upper?: string } } | undefined {
  const { from, fromInclusive, below, upTo, exact, all } = range;
  const bounds = [from, below, upTo].filter((v) => v !== undefined).length;
  const combined = (message: string) => ({ message, params: { key: 'range-combined' } });
  if (all === true && (bounds > 0 || exact !== undefined)) return combined('"all" cannot be combined with other fields');
  if (exact !== undefined && bounds > 0) return combined('"exact" cannot be combined with bounds');
  if (below !== undefined && upTo !== undefined) return combined('Use either "below" or "upTo", not both');
  if (fromInclusive !== undefined && from === undefined) return combined('"fromInclusive" requires "from"');
  if (all !== true && exact === undefined && bounds === 0) return { message: 'Range needs "all", "exact", "from", "below" or "upTo"', params: { key: 'range-bounds' } };
  if (from !== undefined) {
    const upper = below ?? upTo;
    const c = upper === undefined ? -1 : compare(from, upper);
    const strict = below !== undefined || fromInclusive === false;
    if (c > 0 || (c === 0 && strict)) return { message: `Empty range: lower bound ${from} is not below upper bound ${String(upper)}`, params: { key: 'range-empty', from, upper: String(upper) } };
  }
  return undefined;
}

/**
 * True if `version` lies in `range`. A range without any field counts as "all versions", so an
 * unvalidated empty object over-matches rather than silently hiding an affected system.
 */
export function isVersionInRange(version: string, range: VersionRange, compare: VersionCompare = compareVersions): boolean {
  if (range.all === true) return true;
  if (range.exact !== undefined) return compare(version, range.exact) === 0;
  if (range.from !== undefined) {
    const c = compare(version, range.from);
    if (range.fromInclusive === false ? c <= 0 : c < 0) return false;
  }
  if (range.below !== undefined && compare(version, range.below) >= 0) return false;
  if (range.upTo !== undefined && compare(version, range.upTo) > 0) return false;
  return true;
}

/** True if `version` lies in any of `ranges` (e.g. the result of a multi-interval vers string). */
export function isVersionInAnyRange(version: string, ranges: readonly VersionRange[], compare: VersionCompare = compareVersions): boolean {
  return ranges.some((range) => isVersionInRange(version, range, compare));
}

const ALL_WORDS = new Set(['all', '*', 'any', 'all versions', 'alle', 'alle versionen']);
// "12.1 all versions" (Fortinet), "12.1.x", "12.1.*", "12.1 alle Versionen": the whole release line.
const SERIES = /^(v?\d+(?:\.\d+)*)(?:\.[x*]|\s+(?:all versions|alle versionen))$/i;
const OPERATOR = /<=|>=|==|!=|=|<|>|≤|≥/g;
// Glue between constraints that we drop from the end of a version: ",", ";", "|", "&&", "and", "und".
const TRAILING_GLUE = /(?:\s*(?:[,;|]|&&?|\band\b|\bund\b))+\s*$/i;

/**
 * Parses a range string into one or more ranges (several only for vers strings that list
 * disjoint intervals, e.g. `vers:generic/<1.0|>=2.0`). Accepted forms:
 * `all` / `*` / `alle Versionen`; a bare version (exact match); `12.1 all versions` / `12.1.x`
 * (>= 12.1 and < 12.2); operator lists `<1.25.2`, `<= 7.2.4`, `>=13.1 <13.1-49.15`,
 * `>= 13.1, < 14.1`, `>=12.2.1|<=12.2.2` (also `≤`/`≥`); and `vers:<scheme>/<constraints>`.
 * @throws VersionRangeParseError for anything else (e.g. product text like `Warehouse <5.1.0`).
 */
export function parseVersionRanges(input: string, compare: VersionCompare = compareVersions): VersionRange[] {
  if (typeof input !== 'string') throw new VersionRangeParseError('Version range must be a string', String(input));
  const text = input.trim();
  if (text === '') throw new VersionRangeParseError('Version range is empty', input);
  if (text.length > 512) throw new VersionRangeParseError('Version range is longer than 512 characters', input);
  if (/^vers:/i.test(text)) return constraintsToRanges(parseVers(text, input), input, compare);
  if (ALL_WORDS.has(text.toLowerCase().replace(/\s+/g, ' '))) return [{ all: true }];
  const series = SERIES.exec(text);
  if (series?.[1] !== undefined) return [{ from: series[1], below: nextRelease(series[1]) }];
  return [operatorListToRange(text, input)];
}

/**
 * Parses a range string that must describe a single range (see {@link parseVersionRanges}).
 * @throws VersionRangeParseError if it is malformed or lists several disjoint intervals.
 */
export function parseVersionRange(input: string): VersionRange {
  const ranges = parseVersionRanges(input);
  const [only] = ranges;
  if (only === undefined || ranges.length !== 1) {
    throw new VersionRangeParseError(`Version range describes ${ranges.length} separate intervals`, input);
  }
  return only;
}

// "12.1" → "12.2", "v6" → "v7": the first version of the next release line.
function nextRelease(version: string): string {
  return version.replace(/\d+$/, (last) => String(BigInt(last) + 1n));
}

function operatorListToRange(text: string, input: string): VersionRange {
  const operators = [...text.matchAll(OPERATOR)];
  const [first] = operators;
  if (first === undefined) return { exact: checkedVersion(text.replace(TRAILING_GLUE, '').trim(), input) };
  const leading = text.slice(0, first.index).trim();
  if (leading !== '') throw new VersionRangeParseError(`Unexpected text "${leading}" before the first operator`, input);
  const constraints: VersionConstraint[] = operators.map((match, i) => {
    const end = operators[i + 1]?.index ?? text.length;
    const raw = text.slice(match.index + match[0].length, end).replace(TRAILING_GLUE, '').trim();
    const op = ({ '==': '=', '≤': '<=', '≥': '>=' } as Record<string, string>)[match[0]] ?? match[0];
    return { op: op as VersionConstraint['op'], version: checkedVersion(raw, input) };
  });
  const ranges = constraintsToRanges(constraints, input);
  const [only] = ranges;
  if (only === undefined || ranges.length !== 1) {
    throw new VersionRangeParseError('Operator list must describe one interval (use vers: for several)', input);
  }
  return only;
}

function checkedVersion(raw: string, input: string): string {
  const result = VersionSchema.safeParse(raw);
  if (!result.success) throw new VersionRangeParseError(`Invalid version "${raw}" in range`, input);
  return result.data;
}

// Turns constraints into intervals following the vers containment rules: sorted by version, a
// lower bound (">", ">=") pairs with the next upper bound ("<", "<="); "=" stands alone.
function constraintsToRanges(constraints: readonly VersionConstraint[], input: string, compare: VersionCompare = compareVersions): VersionRange[] {
  if (constraints.some((c) => c.op === '*')) {
    if (constraints.length !== 1) throw new VersionRangeParseError('"*" must be the only constraint', input);
    return [{ all: true }];
  }
  if (constraints.some((c) => c.op === '!=')) {
    throw new VersionRangeParseError('"!=" constraints cannot be expressed as version ranges', input);
  }
  const sorted = [...constraints].sort((a, b) => compare(a.version, b.version));
  const ranges: VersionRange[] = [];
  let lower: VersionConstraint | undefined;
  let previous: 'lower' | 'upper' | undefined;
  for (const c of sorted) {
    if (c.op === '=') {
      ranges.push({ exact: c.version });
      continue;
    }
    const direction = c.op === '>' || c.op === '>=' ? 'lower' : 'upper';
    if (direction === previous) {
      throw new VersionRangeParseError(`Two ${direction} bounds in a row at "${c.op}${c.version}"`, input);
    }
    previous = direction;
    if (direction === 'lower') {
      lower = c;
      continue;
    }
    const range: { -readonly [K in keyof VersionRange]: VersionRange[K] } = {};
    if (lower !== undefined) {
      range.from = lower.version;
      if (lower.op === '>') range.fromInclusive = false;
    }
    if (c.op === '<') range.below = c.version;
    else range.upTo = c.version;
    lower = undefined;
    ranges.push(range);
  }
  if (lower !== undefined) ranges.push(lower.op === '>' ? { from: lower.version, fromInclusive: false } : { from: lower.version });
  for (const range of ranges) {
    const problem = rangeProblem(range, compare);
    if (problem !== undefined) throw new VersionRangeParseError(problem.message, input);
  }
  return ranges;
}

/**
 * Formats a range as a string that {@link parseVersionRange} reads back:
 * `all`, `=13.1`, `>=13.1 <13.1-49.15`, `>7.0 <=7.2.4`.
 */
export function formatVersionRange(range: VersionRange): string {
  if (range.exact !== undefined && range.all !== true) return `=${range.exact}`;
  const parts = boundParts(range);
  return parts.length === 0 ? 'all' : parts.join(' ');
}

function boundParts(range: VersionRange): string[] {
  if (range.all === true || range.exact !== undefined) return [];
  const parts: string[] = [];
  if (range.from !== undefined) parts.push(`${range.fromInclusive === false ? '>' : '>='}${range.from}`);
  if (range.below !== undefined) parts.push(`<${range.below}`);
  if (range.upTo !== undefined) parts.push(`<=${range.upTo}`);
  return parts;
}

/** Language of generated text. */
export type RangeLanguage = 'de' | 'en';

/**
 * Short human-readable reason text for a match, e.g. `betroffen < 13.1-49.15` /
 * `affected >= 13.1 and < 13.1-49.15` / `alle Versionen betroffen`.
 */
export function describeRange(range: VersionRange, lang: RangeLanguage): string {
  const affected = lang === 'de' ? 'betroffen' : 'affected';
  if (range.exact !== undefined && range.all !== true) return `${affected} = ${range.exact}`;
  const parts = boundParts(range).map((part) => part.replace(/^([<>]=?)/, '$1 '));
  if (parts.length === 0) return lang === 'de' ? 'alle Versionen betroffen' : 'all versions affected';
  return `${affected} ${parts.join(lang === 'de' ? ' und ' : ' and ')}`;
}
