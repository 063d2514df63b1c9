/**
 * Public surface of `server/stix/`: isomorphic zod schemas for STIX 2.1 (strict for what we
 * emit, lenient for what feeds bring), the type → schema registry, TLP marking constants, the
 * STIX Patterning parser, and two entry points, `parseStixObject` and `parseBundle`, that return
 * zod safe-parse results and never throw.
 */
import { z } from 'zod';
import {
  BundleLenientSchema,
  BundleSchema,
  StixObjectLenientSchema,
  StixObjectSchema,
  bundleLenientSchema,
  stixObjectLenientSchema,
  type Bundle,
  type BundleLenient,
  type StixObject,
  type StixObjectLenient,
} from './bundle.js';
import type { StixMode } from './common.js';

export * from './common.js';
export * from './types.js';
export * from './vocab.js';
export * from './tlp.js';
export * from './bundle.js';
export { STIX_SCHEMAS, stixSchemaFor, type StixSchemaEntry } from './registry.js';
export { CustomObjectSchema, customObjectSchema, type CustomObject, type CustomObjectOptions } from './custom.js';
export { isCustomPropertyName } from './define.js';
export * from './pattern/index.js';

export * from './marking-definition.js';
export * from './extension-definition.js';
export * from './language-content.js';

export * from './sdo/attack-pattern.js';
export * from './sdo/campaign.js';
export * from './sdo/course-of-action.js';
export * from './sdo/grouping.js';
export * from './sdo/identity.js';
export * from './sdo/incident.js';
export * from './sdo/indicator.js';
export * from './sdo/infrastructure.js';
export * from './sdo/intrusion-set.js';
export * from './sdo/location.js';
export * from './sdo/malware.js';
export * from './sdo/malware-analysis.js';
export * from './sdo/note.js';
export * from './sdo/observed-data.js';
export * from './sdo/opinion.js';
export * from './sdo/report.js';
export * from './sdo/threat-actor.js';
export * from './sdo/tool.js';
export * from './sdo/vulnerability.js';

export * from './sro/relationship.js';
export * from './sro/sighting.js';

export * from './sco/autonomous-system.js';
export * from './sco/domain-name.js';
export * from './sco/email-addr.js';
export * from './sco/file.js';
export * from './sco/generic.js';
export * from './sco/ipv4-addr.js';
export * from './sco/ipv6-addr.js';
export * from './sco/mac-addr.js';
export * from './sco/network-traffic.js';
export * from './sco/software.js';
export * from './sco/url.js';
export * from './sco/x509-certificate.js';

/** Options of the parse helpers. */
export interface StixParseOptions<M extends StixMode = StixMode> {
  /** `strict` for objects we author or emit, `lenient` for ingestion. Always explicit. */
  mode: M;
  /**
   * Lenient only: extension-definition ids allowed to introduce new object types. Without it any
   * declared new-sdo/new-sco/new-sro extension is accepted.
   */
  registeredExtensions?: ReadonlySet<string>;
}

/** Parses one STIX object; unknown types fail in strict mode and follow `custom.ts` in lenient. */
export function parseStixObject(input: unknown, options: StixParseOptions<'strict'>): z.ZodSafeParseResult<StixObject>;
export function parseStixObject(input: unknown, options: StixParseOptions<'lenient'>): z.ZodSafeParseResult<StixObjectLenient>;
export function parseStixObject(
  input: unknown,
  options: StixParseOptions,
): z.ZodSafeParseResult<StixObject> | z.ZodSafeParseResult<StixObjectLenient> {
  if (options.mode === 'strict') return StixObjectSchema.safeParse(input);
  const schema = options.registeredExtensions ? stixObjectLenientSchema(options) : StixObjectLenientSchema;
  return schema.safeParse(input);
}

// JSON text → value. The message never quotes the input: it may be classified content.
const JsonTextSchema = z.string().transform((text, ctx): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'Bundle is not valid JSON' });
    return z.NEVER;
  }
});

/**
 * Parses a bundle given as JSON text or as an already parsed value. One invalid object makes the
 * whole result fail, with an issue per problem (paths like `objects.3.pattern`), so ingestion can
 * report everything at once.
 */
export function parseBundle(json: unknown, options: StixParseOptions<'strict'>): z.ZodSafeParseResult<Bundle>;
export function parseBundle(json: unknown, options: StixParseOptions<'lenient'>): z.ZodSafeParseResult<BundleLenient>;
export function parseBundle(
  json: unknown,
  options: StixParseOptions,
): z.ZodSafeParseResult<Bundle> | z.ZodSafeParseResult<BundleLenient> {
  if (options.mode === 'strict') {
    return typeof json === 'string' ? JsonTextSchema.pipe(BundleSchema).safeParse(json) : BundleSchema.safeParse(json);
  }
  const schema = options.registeredExtensions ? bundleLenientSchema(options) : BundleLenientSchema;
  return typeof json === 'string' ? JsonTextSchema.pipe(schema).safeParse(json) : schema.safeParse(json);
}
