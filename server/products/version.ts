/**
 * Version comparison for the vendor schemes that advisories and inventories actually use.
 *
 * Rules (applied in this order):
 * 1. Case-insensitive; surrounding whitespace and a leading `v` before a digit are ignored
 *    (`V2.9.7` = `2.9.7`).
 * 2. Build metadata is ignored: everything from a `+` (semver §10) or from the word `build`
 *    (`7.2.4 build1396`, `v7.2.4,build1396 (GA)`). So a Fortinet build string equals its version,
 *    and `<= 7.2.4` still matches it. The words `ga`, `final`, `release`, `stable`, `lts` and
 *    `version` are ignored as well. (Caveat: `10.0 Build 19045` compares as `10.0`; use dotted
 *    build numbers such as `10.0.19045.4170`.)
 * 3. The rest is split into numeric and alphabetic segments; every other character (`.`, `-`,
 *    `_`, space, parentheses …) only separates. `13.1-49.15` → 13 1 49 15, `1.1.1w` → 1 1 1 w,
 *    `V3.0 SP1` → 3 0 sp 1, `12.5(1)su1` → 12 5 1 su 1.
 * 4. The first pre-release word (`dev`, `snapshot`, `nightly`, `canary` < `alpha` < `beta` <
 *    `milestone`, `pre`, `preview`, `ea` < `rc`, `cr`) starts the pre-release part. A version
 *    with a pre-release sorts before the same version without one (`1.2.3-rc.1 < 1.2.3`,
 *    `6.3-rc1 < 6.3`). Inside the pre-release part segments follow semver precedence (numbers
 *    numerically, numbers below words, words lexically, fewer segments first).
 * 5. The release part is compared segment by segment; a missing segment equals `0`
 *    (`7.2` = `7.2.0`). Numbers compare numerically (any length, leading zeros ignored). Other
 *    words (OpenSSL letters, `sp`, `update`, `p`, `if`, `hf` …) are post-release markers: they
 *    sort above a missing segment or `0` and below `1`, and among themselves lexically. Hence
 *    `1.1.1 < 1.1.1a < 1.1.1w < 1.1.1za < 1.1.2`, `V3.0 < V3.0 SP1 < V3.0 SP2 < V3.1`,
 *    `9.8 < 9.8p1`, `13.1-48.47 < 13.1-49.15 < 14.1-12.30`.
 *
 * Known limits: a purely numeric semver pre-release (`1.0.0-1`) is read as a higher release (the
 * Citrix scheme needs the hyphen to continue the version); unknown words (`1.0.0-x`) are
 * post-release; RPM/Debian epochs and revisions (`1:1.1.1k-9.el8_6`) are not modelled.
 *
 * Isomorphic: only `zod`.
 */
import { z } from 'zod';

/** One segment of a version: a number (decimal digits, no leading zeros) or a lower-case word. */
export type VersionSegment =
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'word'; readonly value: string };

/** A version split into its release part and optional pre-release part (see module rules). */
export interface ParsedVersion {
  readonly release: readonly VersionSegment[];
  /** Starts with the pre-release word (`rc`, `beta`, …); `undefined` for a final release. */
  readonly preRelease: readonly VersionSegment[] | undefined;
}

// Rank of the words that start a pre-release; higher is closer to the final release.
const PRE_RELEASE_RANK: ReadonlyMap<string, number> = new Map([
  ['dev', 0], ['snapshot', 0], ['nightly', 0], ['canary', 0],
  ['alpha', 1],
  ['beta', 2],
  ['milestone', 3], ['pre', 3], ['preview', 3], ['ea', 3],
  ['rc', 4], ['cr', 4],
]);

// Words that carry no ordering information ("FortiOS v7.2 GA", "20.11.1 LTS", "Version 3.1").
const IGNORED_WORDS: ReadonlySet<string> = new Set(['ga', 'final', 'release', 'stable', 'lts', 'version']);

/** Splits a version into segments following the module rules. Never throws. */
export function parseVersion(version: string): ParsedVersion {
  let text = String(version).trim().toLowerCase();
  const metadata = /\+|(?<![a-z])build(?![a-z])/.exec(text);
  if (metadata) text = text.slice(0, metadata.index);
  text = text.replace(/^v(?=\d)/, '');
  const release: VersionSegment[] = [];
  let preRelease: VersionSegment[] | undefined;
  for (const [, digits, word] of text.matchAll(/(\d+)|([a-z]+)/g)) {
    let segment: VersionSegment;
    if (digits !== undefined) {
      segment = { kind: 'number', value: digits.replace(/^0+(?=\d)/, '') };
    } else if (word !== undefined && !IGNORED_WORDS.has(word)) {
      segment = { kind: 'word', value: word };
    } else {
      continue;
    }
    if (preRelease === undefined && segment.kind === 'word' && PRE_RELEASE_RANK.has(segment.value)) preRelease = [];
    (preRelease ?? release).push(segment);
  }
  return { release, preRelease };
}

function compareNumbers(a: string, b: string): number {
  // Digit strings without leading zeros: longer is larger; no precision limit.
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Release-part order of one segment: 0/missing < word < positive number.
function releaseClass(segment: VersionSegment | undefined): number {
  if (segment === undefined || (segment.kind === 'number' && segment.value === '0')) return 0;
  return segment.kind === 'word' ? 1 : 2;
}

function compareReleaseSegments(a: VersionSegment | undefined, b: VersionSegment | undefined): number {
  const classA = releaseClass(a);
  const classB = releaseClass(b);
  if (classA !== classB) return classA - classB;
  if (classA === 0 || a === undefined || b === undefined) return 0;
  return a.kind === 'number' ? compareNumbers(a.value, b.value) : compareText(a.value, b.value);
}

// Semver §11 precedence of pre-release identifiers; the first one compares by keyword rank.
function comparePreRelease(a: readonly VersionSegment[], b: readonly VersionSegment[]): number {
  const rank = (s: VersionSegment | undefined): number => PRE_RELEASE_RANK.get(s?.value ?? '') ?? 0;
  const byRank = rank(a[0]) - rank(b[0]);
  if (byRank !== 0) return byRank;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x.kind !== y.kind) return x.kind === 'number' ? -1 : 1;
    const c = x.kind === 'number' ? compareNumbers(x.value, y.value) : compareText(x.value, y.value);
    if (c !== 0) return c;
  }
  return 0;
}

// Matching compares the same few range bounds against many inventory versions: parse each string
// once. Parsed versions are immutable, so sharing them is safe; the bound keeps memory flat.
const PARSED = new Map<string, ParsedVersion>();
const PARSED_LIMIT = 50_000;

function parsedOf(version: string): ParsedVersion {
  let parsed = PARSED.get(version);
  if (parsed === undefined) {
    if (PARSED.size >= PARSED_LIMIT) PARSED.clear();
    parsed = parseVersion(version);
    PARSED.set(version, parsed);
  }
  return parsed;
}

/**
 * Compares two version strings by the module rules.
 * @returns -1 if `a` is older than `b`, 0 if equivalent, 1 if newer. Never throws.
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const x = parsedOf(a);
  const y = parsedOf(b);
  for (let i = 0; i < Math.max(x.release.length, y.release.length); i++) {
    const c = compareReleaseSegments(x.release[i], y.release[i]);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  if (x.preRelease === undefined || y.preRelease === undefined) {
    if (x.preRelease === y.preRelease) return 0;
    return x.preRelease === undefined ? 1 : -1;
  }
  const c = comparePreRelease(x.preRelease, y.preRelease);
  return c === 0 ? 0 : c < 0 ? -1 : 1;
}

/** True if both strings denote the same version (`7.2` and `v7.2.0`). */
export function versionsEqual(a: string, b: string): boolean {
  return compareVersions(a, b) === 0;
}

/**
 * The messages of {@link VersionSchema}'s pattern checks. A zod pattern issue carries no params, so
 * a client tells them apart by these messages to word them (client lib/field-problems.ts repeats them,
 * so its first load stays without zod; its unit test runs this schema through it).
 */
export const VERSION_PROBLEMS = {
  alphanumeric: 'Version must contain a letter or digit',
  characters: 'Version must not contain control characters or < > = | ≤ ≥',
  end: 'Version must not end with , ; or &',
} as const;

/**
 * Zod schema for a version string as stored in ranges and inventories: trimmed, 1–128
 * characters, at least one letter or digit, no control characters and none of `< > = | ≤ ≥`
 * (those delimit range expressions, so a version containing them could not round-trip), and no
 * trailing `,` `;` `&`.
 */
export const VersionSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/[0-9a-z]/i, VERSION_PROBLEMS.alphanumeric)
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  .regex(/^[^<>=|≤≥\u0000-\u001f\u007f]*$/, VERSION_PROBLEMS.characters)
  // A trailing "," ";" or "&" reads as glue between range constraints ("<1.0, >=0.5").
  .regex(/[^,;&]$/, VERSION_PROBLEMS.end);
