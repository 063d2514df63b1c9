/**
 * Building blocks shared by every STIX 2.1 type file: identifiers, timestamps, the common
 * properties, external references, kill-chain phases, granular markings, hashes and extensions.
 * Type files compose these and never repeat them (STYLE.md, "STIX zod schemas").
 *
 * Isomorphic: imports only `zod`; the client uses the same schemas for forms.
 * Section numbers refer to STIX Version 2.1 (OASIS Standard, 10 June 2021).
 */
import { z } from 'zod';

/** `strict` = objects we author (unknown properties rejected); `lenient` = ingestion. */
export type StixMode = 'strict' | 'lenient';

/** RFC 4122 UUID (versions 1-5, variant 10xx), as the OASIS `identifier.json` schema requires (§2.8). */
export const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';
/** A STIX type name: lowercase ASCII letters, digits and hyphens, 3-250 characters (§3.1). */
export const TYPE_NAME_PATTERN = '[a-z][a-z0-9-]{1,248}[a-z0-9]';

const ANY_ID_RE = new RegExp(`^${TYPE_NAME_PATTERN}--${UUID_PATTERN}$`);
const TYPE_NAME_RE = new RegExp(`^${TYPE_NAME_PATTERN}$`);

/** A STIX identifier `<type>--<uuid>` whose type is one of `T`. */
export type StixId<T extends string = string> = `${T}--${string}`;

/** True when `value` is a well-formed identifier, optionally of one of the given types. */
export function isStixId(value: unknown, ...types: string[]): value is StixId {
  if (typeof value !== 'string' || !ANY_ID_RE.test(value)) return false;
  return types.length === 0 || types.includes(value.slice(0, value.indexOf('--')));
}

/** True when `value` is a syntactically valid STIX type name (§3.1). */
export function isStixTypeName(value: unknown): value is string {
  return typeof value === 'string' && TYPE_NAME_RE.test(value);
}

/** The type part of an identifier (`indicator--…` → `indicator`). */
export function stixIdType(id: StixId): string {
  return id.slice(0, id.indexOf('--'));
}

/**
 * Validator for identifiers of the given types (§2.8): `stixId('indicator')` accepts only
 * `indicator--<uuid>`; without arguments any well-formed identifier is accepted.
 */
export function stixId<T extends string>(...types: T[]) {
  const escaped = types.map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const typePart = types.length === 0 ? TYPE_NAME_PATTERN : `(?:${escaped.join('|')})`;
  const re = new RegExp(`^${typePart}--${UUID_PATTERN}$`);
  const message = `Expected a STIX identifier ${types.length === 0 ? '<type>' : types.join('|')}--<RFC 4122 UUID>`;
  return z.custom<StixId<T>>((value) => typeof value === 'string' && re.test(value), { message });
}

/** Builds a fresh identifier with a random (v4) UUID; SDOs and SROs SHOULD use UUIDv4 (§2.8). */
export function newStixId<T extends string>(type: T): StixId<T> {
  return `${type}--${globalThis.crypto.randomUUID()}`;
}

// §2.14: RFC 3339, always UTC with a literal `Z`, optional fractional seconds (regex from the
// OASIS `timestamp.json`; second 60 allows a leap second).
const TIMESTAMP_RE = /^(\d{4})-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const MILLIS_RE = /T\d{2}:\d{2}:\d{2}\.\d{3,}Z$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a STIX timestamp that also names a real calendar day (no 30 February). */
export function isStixTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return false;
  return Number(m[3]) <= daysInMonth(Number(m[1]), Number(m[2]));
}

/** True when the timestamp carries at least millisecond precision (required for created/modified, §3.2). */
export function hasMillisecondPrecision(value: string): boolean {
  return MILLIS_RE.test(value);
}

/**
 * Compares two valid STIX timestamps exactly (no Date rounding, leap seconds kept):
 * negative when a < b, 0 when equal, positive when a > b.
 */
export function compareTimestamps(a: string, b: string): number {
  const head = a.slice(0, 19).localeCompare(b.slice(0, 19));
  if (head !== 0) return head;
  const fa = a.slice(20, -1);
  const fb = b.slice(20, -1);
  const width = Math.max(fa.length, fb.length);
  return fa.padEnd(width, '0').localeCompare(fb.padEnd(width, '0'));
}

/** STIX timestamp (§2.14). */
export const TimestampSchema = z.string().refine(isStixTimestamp, {
  message: 'Expected an RFC 3339 UTC timestamp like 2016-05-12T08:17:27.000Z',
});
/** Output type of `TimestampSchema`. */
export type Timestamp = z.infer<typeof TimestampSchema>;

/** `spec_version` is fixed to 2.1: 2.0 content is not accepted by these schemas. */
export const SpecVersionSchema = z.literal('2.1');

/** RFC 3986 absolute URI (the OASIS schemas use JSON-schema `format: uri`). */
export const UriSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/, 'Expected an absolute URI');

/** Hexadecimal and binary (base64) values (§2.7, §2.1). */
export const HexSchema = z.string().regex(/^([a-fA-F0-9]{2})+$/, 'Expected an even number of hex digits');
export const BinarySchema = z
  .string()
  .regex(/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/, 'Expected base64');

/** A non-empty list (§2.11: lists MUST NOT be empty). */
export function list<T extends z.ZodType>(item: T) {
  return z.array(item).min(1, 'Lists must not be empty');
}

// §2.6 + the hash-algorithm-ov vocabulary (§10): known algorithms have a fixed format,
// other keys are custom hash names (3-250 of [a-zA-Z0-9_-]).
const HASH_FORMATS: Readonly<Record<string, RegExp>> = {
  MD5: /^[a-fA-F0-9]{32}$/,
  'SHA-1': /^[a-fA-F0-9]{40}$/,
  'SHA-256': /^[a-fA-F0-9]{64}$/,
  'SHA-512': /^[a-fA-F0-9]{128}$/,
  'SHA3-256': /^[a-fA-F0-9]{64}$/,
  'SHA3-512': /^[a-fA-F0-9]{128}$/,
  SSDEEP: /^[a-zA-Z0-9/+:.]{1,128}$/,
  // The OASIS schema says 70 characters; TLSH 4.x prefixes "T1", so accept both.
  TLSH: /^(T1)?[a-fA-F0-9]{70}$/,
};
const HASH_KEY_RE = /^[a-zA-Z0-9_-]{3,250}$/;

/** Hashes dictionary (§2.6), e.g. `{ "SHA-256": "…" }`. */
export const HashesSchema = z.record(z.string(), z.string()).superRefine((hashes, ctx) => {
  const keys = Object.keys(hashes);
  if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'Hashes must not be empty' });
  for (const key of keys) {
    const format = HASH_FORMATS[key];
    if (!HASH_KEY_RE.test(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'Hash names are 3-250 of [a-zA-Z0-9_-]' });
    } else if (format && !format.test(hashes[key] ?? '')) {
      ctx.addIssue({ code: 'custom', path: [key], message: `Not a valid ${key} value` });
    }
  }
});
/** Output type of `HashesSchema`. */
export type Hashes = z.infer<typeof HashesSchema>;

/** External reference (§2.4): source_name plus at least one of description, url, external_id. */
export const ExternalReferenceSchema = z
  .strictObject({
    source_name: z.string(),
    description: z.string().optional(),
    url: UriSchema.optional(),
    hashes: HashesSchema.optional(),
    external_id: z.string().optional(),
  })
  .superRefine((ref, ctx) => {
    if (ref.description === undefined && ref.url === undefined && ref.external_id === undefined) {
      ctx.addIssue({ code: 'custom', message: 'External reference needs description, url or external_id' });
    }
    // §2.4: the "cve" and "capec" source names fix the external_id format.
    if (ref.source_name === 'cve' && !/^CVE-\d{4}-(0\d{3}|[1-9]\d{3,})$/.test(ref.external_id ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['external_id'], message: 'source_name "cve" needs a CVE-YYYY-NNNN id' });
    }
    if (ref.source_name === 'capec' && !/^CAPEC-\d+$/.test(ref.external_id ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['external_id'], message: 'source_name "capec" needs a CAPEC-N id' });
    }
  });
/** Output type of `ExternalReferenceSchema`. */
export type ExternalReference = z.infer<typeof ExternalReferenceSchema>;

/** Kill chain phase (§2.10). */
export const KillChainPhaseSchema = z.strictObject({ kill_chain_name: z.string(), phase_name: z.string() });
/** Output type of `KillChainPhaseSchema`. */
export type KillChainPhase = z.infer<typeof KillChainPhaseSchema>;

/** Granular marking (§7.2.3): selectors plus exactly one of marking_ref or lang. */
export const GranularMarkingSchema = z
  .strictObject({
    selectors: list(z.string().regex(/^([a-z0-9_-]{3,250}(\.(\[\d+\]|[a-z0-9_-]{1,250}))*|id)$/, 'Invalid selector')),
    lang: z.string().optional(),
    marking_ref: stixId('marking-definition').optional(),
  })
  .superRefine((marking, ctx) => {
    if ((marking.lang === undefined) === (marking.marking_ref === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'A granular marking has exactly one of marking_ref or lang' });
    }
  });
/** Output type of `GranularMarkingSchema`. */
export type GranularMarking = z.infer<typeof GranularMarkingSchema>;

/** The extension_type values of §7.3. */
export const EXTENSION_TYPES = ['new-sdo', 'new-sco', 'new-sro', 'property-extension', 'toplevel-property-extension'] as const;
export type ExtensionType = (typeof EXTENSION_TYPES)[number];

const EXTENSION_DEFINITION_KEY_RE = new RegExp(`^extension-definition--${UUID_PATTERN}$`);
const PREDEFINED_EXTENSION_KEY_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*-ext$/;

/**
 * `extensions` dictionary (§3.2, §7.3): keys are an extension-definition id (whose value carries
 * `extension_type`) or a predefined/legacy `<name>-ext` name.
 */
export const ExtensionsSchema = z.record(z.string(), z.record(z.string(), z.unknown())).superRefine((exts, ctx) => {
  const keys = Object.keys(exts);
  if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'extensions must not be empty' });
  for (const key of keys) {
    const value = exts[key] ?? {};
    if (EXTENSION_DEFINITION_KEY_RE.test(key)) {
      if (!EXTENSION_TYPES.includes(value.extension_type as ExtensionType)) {
        ctx.addIssue({ code: 'custom', path: [key, 'extension_type'], message: 'Missing or unknown extension_type' });
      }
    } else if (!PREDEFINED_EXTENSION_KEY_RE.test(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'Extension keys are extension-definition ids or <name>-ext' });
    } else if (Object.keys(value).length === 0) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'An extension must not be empty' });
    }
  }
});
/** Output type of `ExtensionsSchema`. */
export type Extensions = z.infer<typeof ExtensionsSchema>;

/** Common properties of SDOs and SROs (§3.2) other than `type` and `id`. */
export const SDO_COMMON_PROPERTIES = {
  spec_version: SpecVersionSchema,
  created_by_ref: stixId('identity').optional(),
  created: TimestampSchema,
  modified: TimestampSchema,
  revoked: z.boolean().optional(),
  labels: list(z.string()).optional(),
  confidence: z.number().int().min(0).max(100).optional(),
  lang: z.string().optional(),
  external_references: list(ExternalReferenceSchema).optional(),
  object_marking_refs: list(stixId('marking-definition')).optional(),
  granular_markings: list(GranularMarkingSchema).optional(),
  extensions: ExtensionsSchema.optional(),
};

/** Common properties of SDOs and SROs (§3.2), with `type` and `id` bound to the concrete type. */
export function sdoCommonShape<T extends string>(type: T) {
  return { type: z.literal(type), id: stixId(type), ...SDO_COMMON_PROPERTIES };
}

/** Common properties of SCOs (§3.2, §6) other than `type` and `id`: no created/modified. */
export const SCO_COMMON_PROPERTIES = {
  spec_version: SpecVersionSchema.optional(),
  object_marking_refs: list(stixId('marking-definition')).optional(),
  granular_markings: list(GranularMarkingSchema).optional(),
  defanged: z.boolean().optional(),
  extensions: ExtensionsSchema.optional(),
};

/** Common properties of SCOs, with `type` and `id` bound to the concrete type. */
export function scoCommonShape<T extends string>(type: T) {
  return { type: z.literal(type), id: stixId(type), ...SCO_COMMON_PROPERTIES };
}

/** Adds a custom issue at `path` (a small helper so refinements stay one line each). */
export function addIssue(ctx: z.RefinementCtx, path: PropertyKey[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/**
 * Shared rules for objects with created/modified (§3.2): `modified` >= `created`, and in strict
 * mode both are precise to the millisecond (the spec's MUST; lenient mode tolerates feeds that
 * drop the fraction).
 */
export function checkVersioning(
  value: { created: string; modified?: string | undefined },
  ctx: z.RefinementCtx,
  mode: StixMode,
): void {
  if (value.modified !== undefined && compareTimestamps(value.modified, value.created) < 0) {
    addIssue(ctx, ['modified'], 'modified must not be earlier than created');
  }
  if (mode !== 'strict') return;
  for (const key of ['created', 'modified'] as const) {
    const ts = value[key];
    if (ts !== undefined && !hasMillisecondPrecision(ts)) addIssue(ctx, [key], `${key} must have millisecond precision`);
  }
}

/** Rule "later >= earlier" for pairs like first_seen/last_seen (strictly later when `strict`). */
export function checkOrder(
  value: Record<string, unknown>,
  ctx: z.RefinementCtx,
  earlier: string,
  later: string,
  strictlyLater = false,
): void {
  const a = value[earlier];
  const b = value[later];
  if (typeof a !== 'string' || typeof b !== 'string') return;
  const cmp = compareTimestamps(b, a);
  if (cmp < 0 || (strictlyLater && cmp === 0)) {
    addIssue(ctx, [later], `${later} must be ${strictlyLater ? 'later than' : 'at or after'} ${earlier}`);
  }
}
