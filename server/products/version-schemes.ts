/**
 * Version comparison by the scheme of a package ecosystem (purl type / `vers:` scheme), so that
 * Red Hat, SUSE and Debian advisories compare `1:1.1.1k-9.el8_6` or `2.36-9+deb12u4` by their own
 * rules instead of the vendor-agnostic {@link compareVersions}:
 *
 * | scheme | rules | by |
 * | --- | --- | --- |
 * | `rpm` | `[epoch:]version[-release]`, each part by rpmvercmp (alphanumeric runs, `~` before everything, `^` after the base) | here (no maintained JS library exists) |
 * | `deb` | `[epoch:]upstream[-revision]`, dpkg's verrevcmp (letters before non-letters, `~` before the empty string) | here (the npm candidates are unmaintained) |
 * | `semver`, `npm`, `golang`, `cargo`, `gem`-like | SemVer 2.0 precedence | `semver` (npm's own parser), loose, `v` prefix allowed |
 * | `maven` | Maven's ComparableVersion (qualifiers `alpha < beta < milestone < rc < snapshot < "" < sp`) | `mvncmp` |
 * | `pypi` | PEP 440 | `@renovatebot/pep440` |
 * | `generic` and anything else | {@link compareVersions} | here |
 *
 * A version the scheme cannot read (a semver scheme given "13.1-48.47") falls back to the generic
 * comparison rather than failing: an advisory should over-match, never silently not match.
 *
 * rpm epochs: `rpm -q` prints no epoch, so inventories rarely carry one, while Red Hat advisories
 * always do (`1:1.1.1k-9.el8_6`). When only one side states an epoch the epochs are not compared;
 * comparing an unknown epoch as 0 would call every Red Hat openssl (epoch 1) "newer" than any
 * installed one.
 */
import semver from 'semver';
import * as pep440 from '@renovatebot/pep440';
import mvncmp from 'mvncmp';
import { compareVersions } from './version.js';

import type { VersionScheme } from './scheme-names.js';

export { VERSION_SCHEMES, type VersionScheme } from './scheme-names.js';

/** The comparison scheme of a purl type or `vers:` scheme name (unknown → generic). */
export function schemeOf(name: string | undefined | null): VersionScheme {
  const lower = (name ?? '').toLowerCase();
  if (lower === 'rpm' || lower === 'rpms') return 'rpm';
  if (lower === 'deb' || lower === 'debian' || lower === 'ubuntu') return 'deb';
  if (lower === 'npm' || lower === 'semver' || lower === 'cargo' || lower === 'golang' || lower === 'nuget' || lower === 'maven' || lower === 'pypi') {
    return lower === 'cargo' ? 'semver' : (lower);
  }
  return 'generic';
}

const sign = (value: number): -1 | 0 | 1 => (value < 0 ? -1 : value > 0 ? 1 : 0);

// ---- rpm -----------------------------------------------------------------------------------

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isAlnum = (c: string | undefined): boolean => isDigit(c) || isAlpha(c);

function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** rpm's `rpmvercmp` (lib/rpmvercmp.c): one version or release string against another. */
export function rpmvercmp(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    // Tilde sorts before everything, even the end of the string ("1.0~rc1" < "1.0").
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    // Caret sorts after the end of the string but before anything else ("1.0^git1" > "1.0").
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(a[i]);
    const take = (text: string, from: number): string => {
      let end = from;
      while (end < text.length && (numeric ? isDigit(text[end]) : isAlpha(text[end]))) end++;
      return text.slice(from, end);
    };
    const x = take(a, i);
    const y = take(b, j);
    i += x.length;
    j += y.length;
    // A numeric segment is newer than an alphabetic one.
    if (y === '') return numeric ? 1 : -1;
    const c = numeric ? compareDigits(x, y) : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return sign(c);
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

type Evr = { epoch: string | undefined; version: string; release: string | undefined };

/** Splits `[epoch:]version[-release]`; the release is what follows the last hyphen. */
export function parseEvr(text: string): Evr {
  const trimmed = text.trim();
  const colon = /^(\d+):/.exec(trimmed);
  const rest = colon ? trimmed.slice(colon[0].length) : trimmed;
  const dash = rest.lastIndexOf('-');
  return { epoch: colon?.[1], version: dash > 0 ? rest.slice(0, dash) : rest, release: dash > 0 ? rest.slice(dash + 1) : undefined };
}

/** rpm EVR comparison; see the module note on epochs and on a missing release (any release matches). */
export function compareRpm(a: string, b: string): -1 | 0 | 1 {
  const x = parseEvr(a);
  const y = parseEvr(b);
  if (x.epoch !== undefined && y.epoch !== undefined) {
    const c = compareDigits(x.epoch, y.epoch);
    if (c !== 0) return sign(c);
  }
  const v = rpmvercmp(x.version, y.version);
  if (v !== 0 || x.release === undefined || y.release === undefined) return v;
  return rpmvercmp(x.release, y.release);
}

// ---- Debian --------------------------------------------------------------------------------

// dpkg's order of one character: "~" < end < letters < everything else.
function debOrder(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (isDigit(c)) return 0;
  if (isAlpha(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** dpkg's `verrevcmp` (lib/dpkg/version.c) for one upstream version or revision. */
export function debVerrevcmp(a: string, b: string): -1 | 0 | 1 {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = debOrder(i < a.length ? a[i] : undefined);
      const bc = debOrder(j < b.length ? b[j] : undefined);
      if (ac !== bc) return sign(ac - bc);
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff !== 0) return sign(firstDiff);
  }
  return 0;
}

/** Debian `[epoch:]upstream[-revision]` comparison (a missing epoch is 0, a missing revision empty). */
export function compareDebian(a: string, b: string): -1 | 0 | 1 {
  const x = parseEvr(a);
  const y = parseEvr(b);
  const epochs = compareDigits(x.epoch ?? '0', y.epoch ?? '0');
  if (epochs !== 0) return sign(epochs);
  const upstream = debVerrevcmp(x.version, y.version);
  if (upstream !== 0) return upstream;
  return debVerrevcmp(x.release ?? '', y.release ?? '');
}

// ---- the schemes by library ---------------------------------------------------------------

function compareSemver(a: string, b: string): -1 | 0 | 1 | undefined {
  const x = semver.valid(a, { loose: true }) ?? semver.valid(semver.coerce(a, { includePrerelease: true }) ?? '');
  const y = semver.valid(b, { loose: true }) ?? semver.valid(semver.coerce(b, { includePrerelease: true }) ?? '');
  // Only when both read as semver without losing anything; coercion of "13.1-48.47" would.
  if (!x || !y || semver.valid(a, { loose: true }) === null || semver.valid(b, { loose: true }) === null) return undefined;
  return semver.compare(x, y, { loose: true });
}

function comparePep440(a: string, b: string): -1 | 0 | 1 | undefined {
  if (!pep440.valid(a) || !pep440.valid(b)) return undefined;
  return sign(pep440.compare(a, b));
}

/**
 * Compares two versions by `scheme`.
 * @returns -1 if `a` is older than `b`, 0 if equivalent, 1 if newer. Never throws.
 */
export function compareVersionsIn(scheme: VersionScheme | undefined, a: string, b: string): -1 | 0 | 1 {
  switch (scheme) {
    case 'rpm':
      return compareRpm(a, b);
    case 'deb':
      return compareDebian(a, b);
    case 'semver':
    case 'npm':
    case 'golang':
      return compareSemver(a, b) ?? compareVersions(a, b);
    case 'pypi':
      return comparePep440(a, b) ?? compareVersions(a, b);
    case 'maven': {
      // mvncmp is not antisymmetric for some malformed strings ("a" vs "-~", found by fuzzing):
      // such a pair falls back to the generic order instead of answering both ways.
      const forward = sign(mvncmp.compare(a, b));
      return forward === -sign(mvncmp.compare(b, a)) ? forward : compareVersions(a, b);
    }
    default:
      return compareVersions(a, b);
  }
}
