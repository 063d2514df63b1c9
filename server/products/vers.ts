/**
 * Reader for the `vers:` version range specifier (package-url/purl-spec VERSION-RANGE-SPEC),
 * which CSAF 2.0 recommends for `product_version_range`:
 * `vers:<scheme>/<constraint>|<constraint>…`, each constraint `[<comparator>]<version>` with
 * comparators `=` (default), `!=`, `<`, `<=`, `>`, `>=`, or `*` alone for all versions.
 *
 * The scheme (`generic`, `semver`, `npm`, Siemens' `all`, NCSC's `unknown` …) is accepted but
 * not used: all versions are ordered by our vendor-agnostic `compareVersions`.
 *
 * Isomorphic: only `zod` and siblings.
 */
import { VersionSchema } from './version.js';

/** Thrown for range strings that cannot be read; the message says why. */
export class VersionRangeParseError extends Error {
  override readonly name = 'VersionRangeParseError';
  constructor(
    message: string,
    readonly input: string,
  ) {
    super(message);
  }
}

/** One comparator with its version; `*` (all versions) carries an empty version. */
export interface VersionConstraint {
  readonly op: '<' | '<=' | '>' | '>=' | '=' | '!=' | '*';
  readonly version: string;
}

const VERS = /^vers:([a-z0-9][a-z0-9.+-]*)\/(.*)$/is;

/**
 * Splits a `vers:` string into its constraints (unsorted, as written).
 * @throws VersionRangeParseError if the syntax is wrong or a version is invalid.
 */
export function parseVers(text: string, input: string = text): VersionConstraint[] {
  const match = VERS.exec(text.trim());
  if (!match) throw new VersionRangeParseError('vers range must look like "vers:<scheme>/<constraints>"', input);
  // The specification makes all whitespace insignificant.
  const body = (match[2] ?? '').replace(/\s+/g, '');
  if (body === '') throw new VersionRangeParseError('vers range has no constraints', input);
  if (body === '*') return [{ op: '*', version: '' }];
  return body.split('|').map((constraint) => {
    const [, op = '=', encoded = ''] = /^(<=|>=|!=|<|>|=)?(.*)$/s.exec(constraint) ?? [];
    let version: string;
    try {
      version = decodeURIComponent(encoded);
    } catch {
      throw new VersionRangeParseError(`Bad percent-encoding in vers constraint "${constraint}"`, input);
    }
    const checked = VersionSchema.safeParse(version);
    if (!checked.success) throw new VersionRangeParseError(`Invalid version in vers constraint "${constraint}"`, input);
    return { op: op as VersionConstraint['op'], version: checked.data };
  });
}

/** The scheme of a `vers:` string (`rpm` of `vers:rpm/<1.2`), lower case; undefined for other text. */
export function versSchemeOf(text: string): string | undefined {
  return VERS.exec(text.trim())?.[1]?.toLowerCase();
}
