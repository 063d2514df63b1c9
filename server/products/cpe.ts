/**
 * CPE names (NISTIR 7695 naming, NISTIR 7696 name matching).
 *
 * Parses CPE 2.3 formatted strings (`cpe:2.3:a:citrix:netscaler_adc:13.1:*:*:*:*:*:*:*`) and
 * CPE 2.2 URIs (`cpe:/a:citrix:netscaler_adc:13.1`, as BSI CERT-Bund CSAF documents use them)
 * into one normalized, JSON-friendly object that is close to a NIST well-formed name (WFN).
 *
 * Normalization: values are lower case (CPE comparison is case-insensitive), quoting/percent
 * encoding is removed so `value` is the literal text (`c++`, `11.5(4.65000.14)`), and unquoted
 * wildcards are kept apart in `leading`/`trailing`, the only places NISTIR 7695 allows them.
 *
 * Isomorphic: only `zod`.
 */
import { z } from 'zod';

/** Attribute value: logical ANY (`*`), logical NA (`-`), or a literal with optional wildcards. */
export type CpeValue =
  | { readonly kind: 'any' }
  | { readonly kind: 'na' }
  | {
      readonly kind: 'value';
      /** Literal text, lower case, unescaped. May be empty only if a wildcard is present. */
      readonly value: string;
      /** Unquoted wildcards before the literal: `*` or one or more `?` (patterns only). */
      readonly leading?: string;
      /** Unquoted wildcards after the literal: `*` or one or more `?` (patterns only). */
      readonly trailing?: string;
    };

/** The eleven WFN attributes in binding order. */
export const CPE_ATTRIBUTES = [
  'part', 'vendor', 'product', 'version', 'update', 'edition',
  'language', 'swEdition', 'targetSw', 'targetHw', 'other',
] as const;

/** Name of a WFN attribute. */
export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

/** A parsed CPE name; `part` is ANY, NA or one of `a` (application), `o` (OS), `h` (hardware). */
export type Cpe = { readonly [K in CpeAttribute]: CpeValue };

/** Logical value ANY. */
export const CPE_ANY: CpeValue = Object.freeze({ kind: 'any' });
/** Logical value NA (not applicable). */
export const CPE_NA: CpeValue = Object.freeze({ kind: 'na' });

/**
 * What is wrong with a CPE name, where more can be said than "not a CPE", for a client to word in
 * its reader's language: `reason` (`attribute-count`, `attribute-empty`, `wildcard`, `character`,
 * `part`) and what its wording needs.
 */
export type CpeProblem = { reason: string } & Record<string, string | number>;

/** Thrown for malformed CPE names; `attribute` names the offending attribute where known. */
export class CpeParseError extends Error {
  override readonly name = 'CpeParseError';
  constructor(
    message: string,
    readonly input: string,
    readonly attribute?: CpeAttribute,
    readonly problem?: CpeProblem,
  ) {
    super(message);
  }
}

// NVD's longest dictionary names are a few hundred characters; this only bounds hostile input.
const MAX_CPE_LENGTH = 2048;

// A character of an attribute value; `quoted` if it was escaped (FS) or percent-encoded (URI).
interface Char {
  readonly c: string;
  readonly quoted: boolean;
}

const isWild = (ch: Char): boolean => !ch.quoted && (ch.c === '*' || ch.c === '?');

/**
 * Parses a CPE 2.3 formatted string or a CPE 2.2 URI (`cpe:/…`).
 * @throws CpeParseError for anything that is neither.
 */
export function parseCpe(input: string): Cpe {
  if (typeof input !== 'string') throw new CpeParseError('CPE name must be a string', String(input));
  const text = input.trim();
  if (text.length > MAX_CPE_LENGTH) throw new CpeParseError(`CPE name is longer than ${MAX_CPE_LENGTH} characters`, input);
  const lower = text.toLowerCase();
  if (lower.startsWith('cpe:2.3:')) return parseFormattedString(text, input);
  if (lower.startsWith('cpe:/')) return parseUri(text, input);
  throw new CpeParseError('CPE name must start with "cpe:2.3:" (formatted string) or "cpe:/" (2.2 URI)', input);
}

/** Result-object variant of {@link parseCpe} that never throws for bad input. */
export function safeParseCpe(input: string): { success: true; data: Cpe } | { success: false; error: CpeParseError } {
  try {
    return { success: true, data: parseCpe(input) };
  } catch (error) {
    if (error instanceof CpeParseError) return { success: false, error };
    throw error;
  }
}

/** True if `value` is a string {@link parseCpe} accepts. */
export function isCpe(value: unknown): value is string {
  return typeof value === 'string' && safeParseCpe(value).success;
}

/** Zod schema: a CPE 2.3 formatted string or 2.2 URI, transformed into a {@link Cpe}. */
export const CpeSchema = z.string().transform((input, ctx): Cpe => {
  const result = safeParseCpe(input);
  if (result.success) return result.data;
  ctx.addIssue({ code: 'custom', message: result.error.message, params: { ...result.error.problem, key: 'cpe' } });
  return z.NEVER;
});

function parseFormattedString(text: string, input: string): Cpe {
  // Split on unquoted colons; a backslash always quotes the next character.
  const components: Char[][] = [[]];
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const current = components[components.length - 1]!;
    if (c === '\\') {
      if (i + 1 >= text.length) throw new CpeParseError('CPE 2.3 name ends with a lone backslash', input);
      current.push({ c: text.charAt(++i), quoted: true });
    } else if (c === ':') {
      components.push([]);
    } else {
      current.push({ c, quoted: false });
    }
  }
  // "cpe", "2.3" and the eleven attributes.
  if (components.length !== 13) {
    throw new CpeParseError(`CPE 2.3 name must have 11 attributes, found ${components.length - 2}`, input, undefined, { reason: 'attribute-count', found: components.length - 2 });
  }
  const values = CPE_ATTRIBUTES.map((attribute, index) => {
    const chars = components[index + 2]!;
    if (chars.length === 0) throw new CpeParseError(`CPE 2.3 attribute ${attribute} is empty (use * or -)`, input, attribute, { reason: 'attribute-empty', attribute });
    const [only] = chars;
    if (chars.length === 1 && only?.quoted === false && only.c === '-') return CPE_NA;
    return toValue(chars, attribute, input);
  });
  return toCpe(values, input);
}

function parseUri(text: string, input: string): Cpe {
  const components = text.slice('cpe:/'.length).split(':');
  if (components.length > 7) throw new CpeParseError(`CPE 2.2 URI has ${components.length} components, at most 7 allowed`, input);
  // A URI binds only the first seven attributes; missing trailing components are ANY ("").
  const raw = Object.fromEntries(CPE_ATTRIBUTES.map((a, i) => [a, i < 7 ? (components[i] ?? '') : ''])) as Record<CpeAttribute, string>;
  // NISTIR 7695 §6.1.3.2: an edition starting with "~" packs the five extended 2.3 attributes.
  if (raw.edition.startsWith('~')) {
    const packed = raw.edition.split('~');
    if (packed.length !== 6) throw new CpeParseError('Packed CPE 2.2 edition must have 5 "~"-separated fields', input, 'edition');
    [, raw.edition = '', raw.swEdition = '', raw.targetSw = '', raw.targetHw = '', raw.other = ''] = packed;
  }
  const values = CPE_ATTRIBUTES.map((attribute) => {
    const component = raw[attribute];
    if (component === '' || component === '*') return CPE_ANY;
    if (component === '-') return CPE_NA;
    return toValue(decodeUriComponent(component, attribute, input), attribute, input);
  });
  return toCpe(values, input);
}

function decodeUriComponent(component: string, attribute: CpeAttribute, input: string): Char[] {
  const chars: Char[] = [];
  for (let i = 0; i < component.length; i++) {
    const c = component.charAt(i);
    if (c !== '%') {
      chars.push({ c, quoted: false });
      continue;
    }
    const hex = component.slice(i + 1, i + 3);
    if (!/^[0-9a-f]{2}$/i.test(hex)) throw new CpeParseError(`Bad percent-encoding in CPE 2.2 ${attribute}`, input, attribute);
    const code = parseInt(hex, 16);
    i += 2;
    // %01 and %02 are the URI encodings of the ? and * wildcards (NISTIR 7695 §6.1.3.3).
    if (code === 0x01) chars.push({ c: '?', quoted: false });
    else if (code === 0x02) chars.push({ c: '*', quoted: false });
    else if (code >= 0x21 && code <= 0x7e) chars.push({ c: String.fromCharCode(code), quoted: true });
    else throw new CpeParseError(`Percent-encoded character %${hex} not allowed in CPE ${attribute}`, input, attribute, { reason: 'character', attribute, character: `%${hex}` });
  }
  return chars;
}

function toValue(chars: readonly Char[], attribute: CpeAttribute, input: string): CpeValue {
  const leading = takeWildcards(chars, true);
  const start = leading.length;
  const trailing = start < chars.length ? takeWildcards(chars.slice(start), false) : '';
  const end = chars.length - trailing.length;
  let value = '';
  for (let i = start; i < end; i++) {
    const ch = chars[i]!;
    const c = ch.c;
    if (isWild(ch)) throw new CpeParseError(`Wildcard "${c}" inside CPE ${attribute} (allowed only at start or end)`, input, attribute, { reason: 'wildcard', attribute, character: c });
    // WFNs hold printable ASCII only; whitespace must be written as "_".
    if (c < '!' || c > '~') throw new CpeParseError(`Character ${JSON.stringify(c)} not allowed in CPE ${attribute}`, input, attribute, { reason: 'character', attribute, character: JSON.stringify(c) });
    value += c.toLowerCase();
  }
  if (value === '' && leading === '' && trailing === '') throw new CpeParseError(`CPE ${attribute} is empty`, input, attribute, { reason: 'attribute-empty', attribute });
  // "*" with nothing else ("%02" in a URI, "**", "*?") matches everything: that is ANY.
  if (value === '' && (leading === '*' || trailing === '*')) return CPE_ANY;
  return {
    kind: 'value',
    value,
    ...(leading === '' ? {} : { leading }),
    ...(trailing === '' ? {} : { trailing }),
  };
}

// Leading/trailing wildcard run: a single "*" or a run of "?" (NISTIR 7695 §5.3.2).
function takeWildcards(chars: readonly Char[], fromStart: boolean): string {
  const at = (i: number): Char | undefined => chars[fromStart ? i : chars.length - 1 - i];
  const first = at(0);
  if (first === undefined || !isWild(first)) return '';
  if (first.c === '*') return '*';
  let run = '';
  for (let ch = at(0); ch !== undefined && isWild(ch) && ch.c === '?'; ch = at(run.length)) run += '?';
  return run;
}

function toCpe(values: readonly CpeValue[], input: string): Cpe {
  const entries = CPE_ATTRIBUTES.map((attribute, index) => [attribute, values[index] ?? CPE_ANY] as const);
  const cpe = Object.fromEntries(entries) as Record<CpeAttribute, CpeValue>;
  const { part } = cpe;
  // The official CPE 2.3 schema pattern (also used by CSAF) allows ANY and NA for part as well.
  if (part.kind === 'value' && (hasWildcards(part) || !['a', 'o', 'h'].includes(part.value))) {
    throw new CpeParseError('CPE part must be "a", "o", "h", * or -', input, 'part', { reason: 'part' });
  }
  return cpe;
}

function hasWildcards(value: CpeValue): boolean {
  return value.kind === 'value' && (value.leading !== undefined || value.trailing !== undefined);
}

/**
 * Formats a CPE as a 2.3 formatted string (NISTIR 7695 §6.2.2): every character other than
 * letters, digits, `_`, `.` and `-` is quoted with a backslash; wildcards stay unquoted.
 * @throws CpeParseError if a value is empty without wildcards (cannot come from {@link parseCpe}).
 */
export function formatCpe23(cpe: Cpe): string {
  const bound = CPE_ATTRIBUTES.map((attribute) => {
    const v = cpe[attribute];
    if (v.kind === 'any') return '*';
    if (v.kind === 'na') return '-';
    if (v.value === '' && !hasWildcards(v)) throw new CpeParseError(`CPE ${attribute} is empty`, '', attribute);
    // A lone literal hyphen must stay quoted, otherwise it would read back as NA.
    const literal = v.value === '-' ? '\\-' : v.value.replace(/[^a-z0-9_.-]/gi, (c) => `\\${c}`);
    return `${v.leading ?? ''}${literal}${v.trailing ?? ''}`;
  });
  return `cpe:2.3:${bound.join(':')}`;
}

/** Human-readable text of a value for display: `*`, `-` or the literal with its wildcards. */
export function cpeValueText(value: CpeValue): string {
  if (value.kind === 'any') return '*';
  if (value.kind === 'na') return '-';
  return `${value.leading ?? ''}${value.value}${value.trailing ?? ''}`;
}

/** Set relation of a source (pattern) value to a target (candidate) value, NISTIR 7696 Table 6-2. */
export type CpeRelation = 'superset' | 'equal' | 'subset' | 'disjoint' | 'undefined';

/** Compares one attribute value of a pattern (`source`) with one of a candidate (`target`). */
export function compareCpeValues(source: CpeValue, target: CpeValue): CpeRelation {
  // Wildcards in the candidate make the relation undefined (NISTIR 7696 §6.2).
  if (hasWildcards(target)) return 'undefined';
  if (source.kind === 'any') return target.kind === 'any' ? 'equal' : 'superset';
  if (target.kind === 'any') return 'subset';
  if (source.kind === 'na' || target.kind === 'na') return source.kind === target.kind ? 'equal' : 'disjoint';
  if (target.kind !== 'value' || source.kind !== 'value') return 'disjoint';
  if (!hasWildcards(source)) return source.value === target.value ? 'equal' : 'disjoint';
  return wildcardMatches(source, target.value) ? 'superset' : 'disjoint';
}

// Mirrors the reference implementation's compareStrings: a run of n leading/trailing "?" accepts
// up to n extra characters (not exactly n), "*" accepts any number.
function wildcardMatches(source: CpeValue & { kind: 'value' }, target: string): boolean {
  const fits = (wildcards: string | undefined, extra: number): boolean =>
    wildcards === '*' || extra <= (wildcards?.length ?? 0);
  for (let i = 0; i + source.value.length <= target.length; i++) {
    if (!target.startsWith(source.value, i)) continue;
    if (fits(source.leading, i) && fits(source.trailing, target.length - i - source.value.length)) return true;
  }
  return false;
}

/**
 * NISTIR 7696 CPE name match: true if every attribute of `pattern` is a superset of or equal to
 * the candidate's (ANY matches everything, NA only NA, wildcards in pattern values apply).
 * A candidate attribute that is ANY does not match a specific pattern value, and wildcards in the
 * candidate never match. Strings are parsed first.
 * @throws CpeParseError if a string argument is not a valid CPE.
 */
export function cpeMatches(pattern: Cpe | string, candidate: Cpe | string): boolean {
  const source = typeof pattern === 'string' ? parseCpe(pattern) : pattern;
  const target = typeof candidate === 'string' ? parseCpe(candidate) : candidate;
  return CPE_ATTRIBUTES.every((attribute) => {
    const relation = compareCpeValues(source[attribute], target[attribute]);
    return relation === 'superset' || relation === 'equal';
  });
}
