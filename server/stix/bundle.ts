/**
 * STIX objects and bundles (STIX 2.1 §8), in both modes.
 *
 * - Strict (`StixObjectSchema`, `BundleSchema`): a discriminated union on `type` over the strict
 *   schemas, so an unknown type is one clear error, not a silent pass. Everything our API emits
 *   goes through it. A strict bundle that references a TLP 2.0 marking must also carry that
 *   marking-definition, because TLP 2.0 is not predefined (FORMATS.md; MISP drops references it
 *   cannot resolve).
 * - Lenient (`StixObjectLenientSchema`, `BundleLenientSchema`): the discriminated union over the
 *   lenient schemas for known types; objects of unknown types go to the custom-object rules
 *   (`custom.ts`). Feeds always use it.
 */
import { z } from 'zod';
import { list, stixId } from './common.js';
import { customObjectSchema, type CustomObject, type CustomObjectOptions } from './custom.js';
import { isCustomPropertyName } from './define.js';
import { LENIENT_OBJECT_SCHEMAS, STIX_SCHEMAS, STRICT_OBJECT_SCHEMAS } from './registry.js';
import { GenericScoLenientSchema } from './sco/generic.js';
import { TLP2_MARKING_IDS } from './tlp.js';

/** Any STIX object Lagebild models, strict. */
export const StixObjectSchema = z.discriminatedUnion('type', STRICT_OBJECT_SCHEMAS, {
  error: (issue) =>
    issue.code === 'invalid_union' ? 'Unknown or unsupported STIX type: strict mode accepts only the types Lagebild models' : undefined,
});
/** Output type of `StixObjectSchema`. */
export type StixObject = z.infer<typeof StixObjectSchema>;

const KnownLenientSchema = z.discriminatedUnion('type', [...LENIENT_OBJECT_SCHEMAS, GenericScoLenientSchema]);

/** A lenient-parsed object: a known type, or a kept custom object. */
export type StixObjectLenient = z.infer<typeof KnownLenientSchema> | CustomObject;

function typeOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const type = (input as Record<string, unknown>).type;
  return typeof type === 'string' ? type : undefined;
}

/**
 * Builds the lenient object schema; `registeredExtensions` restricts which extension-definitions
 * may introduce new object types (default: any declared one).
 */
export function stixObjectLenientSchema(options: CustomObjectOptions = {}) {
  const custom = customObjectSchema(options);
  return z.unknown().transform((input, ctx): StixObjectLenient => {
    const type = typeOf(input);
    const known = type === undefined || STIX_SCHEMAS.has(type);
    const result = known ? KnownLenientSchema.safeParse(input) : custom.safeParse(input);
    if (result.success) return result.data;
    // Re-raise the inner issues unchanged (code, path, message) so callers see every one.
    for (const issue of result.error.issues) ctx.addIssue({ ...issue });
    return z.NEVER;
  });
}

/** Any STIX object, lenient (ingestion). */
export const StixObjectLenientSchema = stixObjectLenientSchema();

const TLP2_IDS: ReadonlySet<string> = new Set(Object.values(TLP2_MARKING_IDS));

function markingRefs(object: StixObject): string[] {
  const refs: string[] = [...(object.object_marking_refs ?? [])];
  for (const marking of object.granular_markings ?? []) if (marking.marking_ref) refs.push(marking.marking_ref);
  return refs;
}

/** Bundle (§8), strict: for bundles Lagebild emits. */
export const BundleSchema = z
  .strictObject({
    type: z.literal('bundle'),
    id: stixId('bundle'),
    objects: list(StixObjectSchema).optional(),
  })
  .superRefine((bundle, ctx) => {
    const objects = bundle.objects ?? [];
    const present = new Set<string>(objects.map((object) => object.id));
    objects.forEach((object, index) => {
      for (const ref of markingRefs(object)) {
        if (TLP2_IDS.has(ref) && !present.has(ref)) {
          ctx.addIssue({ code: 'custom', path: ['objects', index], message: `${ref} (TLP 2.0) must be included in the bundle` });
        }
      }
    });
  });
/** Output type of `BundleSchema`. */
export type Bundle = z.infer<typeof BundleSchema>;

/** Builds the lenient bundle schema (see `stixObjectLenientSchema` for the options). */
export function bundleLenientSchema(options: CustomObjectOptions = {}) {
  return z
    .looseObject({
      type: z.literal('bundle'),
      id: stixId('bundle'),
      objects: z.array(stixObjectLenientSchema(options)).optional(),
    })
    .transform((bundle) => {
      // Same rule as for objects: keep known and `x_` properties, drop e.g. a 2.0 `spec_version`.
      const kept: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(bundle)) {
        if (key === 'type' || key === 'id' || key === 'objects' || isCustomPropertyName(key)) kept[key] = value;
      }
      return kept as { type: 'bundle'; id: `bundle--${string}`; objects?: StixObjectLenient[]; [key: string]: unknown };
    });
}

/** Bundle, lenient (ingestion): unknown `x-` / extension-defined objects kept, others rejected. */
export const BundleLenientSchema = bundleLenientSchema();
/** Output type of `BundleLenientSchema`. */
export type BundleLenient = z.infer<typeof BundleLenientSchema>;
