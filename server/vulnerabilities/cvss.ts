/**
 * CVSS v3.0 / v3.1 / v4.0 vector parsing, validation and base scoring.
 *
 * - v3.x base scores are computed here from the formulas of the FIRST specification (3.1 §7.1,
 *   with the 3.1 "Roundup" that avoids floating-point artefacts; 3.0 uses its plain ceiling).
 * - v4.0 scores are not formula based but derived from FIRST's macro-vector lookup tables; we use
 *   `ae-cvss-calculator` for that instead of copying ~270 table entries by hand.
 *
 * Isomorphic: only `zod`, siblings and the CVSS library (browser-safe, no Node built-ins).
 */
import { z } from 'zod';
import { cvssLibrary } from './cvss-library.js';
import { CVSS3_METRICS, CVSS4_METRICS, type CvssMetricDefinition } from './cvss-metrics.js';

export { CVSS3_METRICS, CVSS4_METRICS, type CvssMetricDefinition } from './cvss-metrics.js';
export {
  BSI_SEVERITIES,
  BSI_SEVERITY_LABELS,
  BsiSeveritySchema,
  bsiSeverityLabel,
  compareBsiSeverity,
  severityFromCvss,
  type BsiSeverity,
  type SeverityLanguage,
} from './bsi-severity.js';

/** CVSS versions this module understands. */
export type CvssVersion = '3.0' | '3.1' | '4.0';

/** Qualitative severity rating shared by CVSS v3.x and v4.0. */
export type CvssSeverity = 'none' | 'low' | 'medium' | 'high' | 'critical';

/** A validated, scored CVSS vector. */
export interface ParsedCvssVector {
  readonly version: CvssVersion;
  /**
   * Normalized vector: metrics in specification order, canonical value spelling, and metrics set
   * to Not Defined (`X`) dropped, since the specification lets them be omitted.
   */
  readonly vector: string;
  /** Base score 0.0–10.0 (for v4.0 the CVSS-B score: base metrics only, threat/env ignored). */
  readonly baseScore: number;
  readonly severity: CvssSeverity;
  /** Defined metrics by abbreviation, e.g. `{ AV: 'N', AC: 'L', … }`, without `X` values. */
  readonly metrics: Readonly<Record<string, string>>;
}

/**
 * What is wrong with a vector, for a client to word in its reader's language: `key` names the
 * problem (`cvss-prefix`, `cvss-version`, `cvss-empty`, `cvss-too-long`, `cvss-empty-metric`,
 * `cvss-malformed-metric`, `cvss-unknown-metric`, `cvss-duplicate-metric`, `cvss-invalid-value`,
 * `cvss-missing-metric`, `cvss-unscorable`), the other members what its wording needs.
 */
export type CvssProblem = { key: `cvss-${string}` } & Record<string, string | number>;

/** Thrown for malformed vectors; `metric` names the offending metric where there is one. */
export class CvssParseError extends Error {
  override readonly name = 'CvssParseError';
  constructor(
    message: string,
    readonly input: string,
    readonly metric: string | undefined,
    readonly problem: CvssProblem,
  ) {
    super(message);
  }
}

// Real vectors are < 200 characters; the cap keeps hostile input from costing anything.
const MAX_VECTOR_LENGTH = 512;

const DEFINITIONS: Readonly<Record<CvssVersion, readonly CvssMetricDefinition[]>> = {
  '3.0': CVSS3_METRICS,
  '3.1': CVSS3_METRICS,
  '4.0': CVSS4_METRICS,
};

/**
 * Maps a score to the qualitative rating (identical bands in v3.x and v4.0):
 * 0.0 none, 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10.0 critical.
 * @throws RangeError if the score is not a finite number between 0 and 10.
 */
export function cvssSeverity(score: number): CvssSeverity {
  if (!Number.isFinite(score) || score < 0 || score > 10) {
    throw new RangeError(`CVSS score must be between 0.0 and 10.0, got ${String(score)}`);
  }
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

/**
 * Parses, validates and scores a CVSS v3.0, v3.1 or v4.0 vector string.
 * Metric keys and values are matched case-insensitively and may come in any order; every metric
 * must be known, appear once and carry a valid value, and all base metrics must be present.
 * @throws CvssParseError naming the bad metric (or the bad prefix).
 */
export function parseCvssVector(input: string): ParsedCvssVector {
  // Callers may hand over values from untyped JSON; fail with the typed error, not a TypeError.
  if (typeof input !== 'string') throw new CvssParseError('CVSS vector must be a string', String(input), undefined, { key: 'cvss-empty' });
  const text = input.trim();
  if (text.length === 0) throw new CvssParseError('CVSS vector is empty', input, undefined, { key: 'cvss-empty' });
  if (text.length > MAX_VECTOR_LENGTH) {
    throw new CvssParseError(`CVSS vector is longer than ${MAX_VECTOR_LENGTH} characters`, input, undefined, { key: 'cvss-too-long', maximum: MAX_VECTOR_LENGTH });
  }
  const [prefix = '', ...parts] = text.split('/');
  const version = parseVersionPrefix(prefix, input);
  const definitions = DEFINITIONS[version];
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const values = new Map<string, string>();

  for (const part of parts) {
    if (part === '') throw new CvssParseError(`Empty CVSS ${version} metric (stray "/")`, input, undefined, { key: 'cvss-empty-metric' });
    const separator = part.indexOf(':');
    if (separator <= 0 || separator === part.length - 1 || part.indexOf(':', separator + 1) !== -1) {
      throw new CvssParseError(`Malformed CVSS ${version} metric "${part}": expected KEY:VALUE`, input, part, { key: 'cvss-malformed-metric', part });
    }
    const key = part.slice(0, separator).toUpperCase();
    const rawValue = part.slice(separator + 1);
    const definition = byKey.get(key);
    if (!definition) throw new CvssParseError(`Unknown CVSS ${version} metric "${key}"`, input, key, { key: 'cvss-unknown-metric', metric: key, version });
    if (values.has(key)) throw new CvssParseError(`Duplicate CVSS ${version} metric ${describe(definition)}`, input, key, { key: 'cvss-duplicate-metric', metric: describe(definition) });
    const value = definition.values.find((v) => v.toUpperCase() === rawValue.toUpperCase());
    if (value === undefined) {
      throw new CvssParseError(
        `Invalid value "${rawValue}" for CVSS ${version} metric ${describe(definition)}; ` +
          `expected one of ${definition.values.join(', ')}`,
        input,
        key,
        { key: 'cvss-invalid-value', value: rawValue, metric: describe(definition), expected: definition.values.join(', ') },
      );
    }
    values.set(key, value);
  }

  const missing = definitions.filter((d) => d.mandatory && !values.has(d.key));
  const [firstMissing] = missing;
  if (firstMissing) {
    throw new CvssParseError(
      `Missing mandatory CVSS ${version} base metric ${missing.map(describe).join(', ')}`,
      input,
      firstMissing.key,
      { key: 'cvss-missing-metric', metrics: missing.map(describe).join(', ') },
    );
  }

  const metrics: Record<string, string> = {};
  for (const { key } of definitions) {
    const value = values.get(key);
    if (value !== undefined && value !== 'X') metrics[key] = value;
  }
  const vector = [`CVSS:${version}`, ...Object.entries(metrics).map(([k, v]) => `${k}:${v}`)].join('/');
  const baseScore = version === '4.0' ? cvss4BaseScore(metrics, input) : cvss3BaseScore(metrics, version);
  return { version, vector, baseScore, severity: cvssSeverity(baseScore), metrics };
}

/** Result-object variant of {@link parseCvssVector} that never throws for bad input. */
export function safeParseCvssVector(
  input: string,
): { success: true; data: ParsedCvssVector } | { success: false; error: CvssParseError } {
  try {
    return { success: true, data: parseCvssVector(input) };
  } catch (error) {
    if (error instanceof CvssParseError) return { success: false, error };
    throw error;
  }
}

/** Zod schema: a CVSS v3.0/3.1/4.0 vector string, transformed into a {@link ParsedCvssVector}. */
export const CvssVectorSchema = z.string().transform((input, ctx): ParsedCvssVector => {
  const result = safeParseCvssVector(input);
  if (result.success) return result.data;
  ctx.addIssue({ code: 'custom', message: result.error.message, params: result.error.problem });
  return z.NEVER;
});

function describe(definition: CvssMetricDefinition): string {
  return `${definition.key} (${definition.name})`;
}

function parseVersionPrefix(prefix: string, input: string): CvssVersion {
  const match = /^CVSS:(\d+\.\d+)$/i.exec(prefix);
  if (!match) {
    // Bare "AV:N/AC:L/Au:N/…" vectors are CVSS v2, which has no prefix at all.
    throw new CvssParseError('CVSS vector must start with "CVSS:3.0/", "CVSS:3.1/" or "CVSS:4.0/" (CVSS v2 is not supported)', input, undefined, { key: 'cvss-prefix' });
  }
  const version = match[1];
  if (version === '3.0' || version === '3.1' || version === '4.0') return version;
  throw new CvssParseError(`Unsupported CVSS version ${version ?? ''}`, input, undefined, { key: 'cvss-version', version: version ?? '' });
}

// Metric weights from CVSS v3.1 specification §7.4 (identical in v3.0).
const AV: Readonly<Record<string, number>> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Readonly<Record<string, number>> = { L: 0.77, H: 0.44 };
const PR_UNCHANGED: Readonly<Record<string, number>> = { N: 0.85, L: 0.62, H: 0.27 };
const PR_CHANGED: Readonly<Record<string, number>> = { N: 0.85, L: 0.68, H: 0.5 };
const UI: Readonly<Record<string, number>> = { N: 0.85, R: 0.62 };
const CIA: Readonly<Record<string, number>> = { H: 0.56, L: 0.22, N: 0 };

function weight(table: Readonly<Record<string, number>>, value: string | undefined): number {
  const w = value === undefined ? undefined : table[value];
  // Unreachable after validation; guards the formula against a silent NaN.
  if (w === undefined) throw new Error(`No CVSS weight for value ${String(value)}`);
  return w;
}

/**
 * v3.1 Roundup (spec Appendix A): works on an integer scaled by 100 000 so that e.g. 4.000000001
 * (a float artefact of 4.0) is not rounded up to 4.1.
 */
function roundUp31(value: number): number {
  const scaled = Math.round(value * 100_000);
  if (scaled % 10_000 === 0) return scaled / 100_000;
  return (Math.floor(scaled / 10_000) + 1) / 10;
}

// v3.0 defined Roundup as the plain ceiling to one decimal; scores published for 3.0 vectors use it.
function roundUp30(value: number): number {
  return Math.ceil(value * 10) / 10;
}

function cvss3BaseScore(metrics: Readonly<Record<string, string>>, version: '3.0' | '3.1'): number {
  const changed = metrics.S === 'C';
  const iss = 1 - (1 - weight(CIA, metrics.C)) * (1 - weight(CIA, metrics.I)) * (1 - weight(CIA, metrics.A));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability =
    8.22 *
    weight(AV, metrics.AV) *
    weight(AC, metrics.AC) *
    weight(changed ? PR_CHANGED : PR_UNCHANGED, metrics.PR) *
    weight(UI, metrics.UI);
  if (impact <= 0) return 0;
  const roundUp = version === '3.1' ? roundUp31 : roundUp30;
  const raw = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
  return roundUp(Math.min(raw, 10));
}

const CVSS4_BASE_KEYS = CVSS4_METRICS.filter((d) => d.mandatory).map((d) => d.key);

function cvss4BaseScore(metrics: Readonly<Record<string, string>>, input: string): number {
  // Score the base metrics alone so threat/environmental/supplemental values cannot leak into
  // what we report as the (CVSS-B) base score.
  const baseVector = ['CVSS:4.0', ...CVSS4_BASE_KEYS.map((k) => `${k}:${metrics[k] ?? ''}`)].join('/');
  let score: number | undefined;
  try {
    score = new cvssLibrary.Cvss4P0(baseVector).calculateScores().base;
  } catch (error) {
    throw new CvssParseError(`CVSS 4.0 vector could not be scored: ${String(error)}`, input, undefined, { key: 'cvss-unscorable' });
  }
  if (score === undefined || !Number.isFinite(score)) {
    throw new CvssParseError('CVSS 4.0 vector could not be scored', input, undefined, { key: 'cvss-unscorable' });
  }
  // The library rounds already; rounding again pins the value to one decimal in all cases.
  return Math.round(score * 10) / 10;
}
