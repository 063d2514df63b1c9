/**
 * One place that turns a type's property shape into its two schema variants, so every type file
 * gets identical strict/lenient behaviour (STYLE.md "Two strictness modes"):
 *
 * - strict: `z.strictObject` — any property not in the shape is rejected, custom `x_` ones too;
 * - lenient: every known property is still validated, `x_`-prefixed custom properties (§11.1)
 *   and `extensions` are kept, other unknown properties are dropped. When the object declares a
 *   `toplevel-property-extension` (§7.3) its unknown top-level properties are kept as well,
 *   because that extension type defines them.
 */
import { z } from 'zod';
import { checkVersioning, type StixMode } from './common.js';

/** A type-specific rule, run after the shape parsed; `mode` lets a rule relax for ingestion. */
export type StixRefinement<T> = (value: T, ctx: z.RefinementCtx, mode: StixMode) => void;

/** True when the property name marks a custom property (§11.1: names SHOULD start with `x_`). */
export function isCustomPropertyName(name: string): boolean {
  return name.startsWith('x_');
}

/** True when `extensions` declares a toplevel-property-extension (§7.3). */
export function declaresToplevelExtension(value: Record<string, unknown>): boolean {
  const extensions = value.extensions;
  if (typeof extensions !== 'object' || extensions === null) return false;
  return Object.values(extensions).some(
    (ext) => typeof ext === 'object' && ext !== null && (ext as Record<string, unknown>).extension_type === 'toplevel-property-extension',
  );
}

/** Lenient output: known properties, custom `x_` properties, and toplevel-extension properties. */
export function keepKnownAndCustom<T extends Record<string, unknown>>(value: T, known: ReadonlySet<string>): T {
  if (declaresToplevelExtension(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(value)) {
    if (known.has(key) || isCustomPropertyName(key)) kept[key] = property;
  }
  return kept as T;
}

/**
 * Builds `{ strict, lenient }` for one STIX type. Objects with `created` also get the shared
 * versioning rule (modified >= created; millisecond precision in strict mode, §3.2).
 */
export function defineStixSchemas<S extends z.ZodRawShape>(
  shape: S,
  refine?: StixRefinement<z.output<z.ZodObject<S, z.core.$strict>>>,
) {
  type Output = z.output<z.ZodObject<S, z.core.$strict>>;
  const known = new Set(Object.keys(shape));
  const check = (value: Output, ctx: z.RefinementCtx, mode: StixMode): void => {
    const record = value as Record<string, unknown>;
    if (typeof record.created === 'string') {
      const modified = typeof record.modified === 'string' ? record.modified : undefined;
      checkVersioning({ created: record.created, modified }, ctx, mode);
    }
    refine?.(value, ctx, mode);
  };
  const strict = z.strictObject(shape).superRefine((value, ctx) => check(value, ctx, 'strict'));
  const lenient = z
    .looseObject(shape)
    .superRefine((value, ctx) => check(value as Output, ctx, 'lenient'))
    .transform((value) => keepKnownAndCustom(value, known));
  return { strict, lenient, knownProperties: known as ReadonlySet<string> };
}

/**
 * Validates the predefined `<name>-ext` entries of an SCO's `extensions` (§6) with
 * their schemas and reports issues under `extensions.<name>`; other keys are left to the common
 * `ExtensionsSchema`.
 */
export function checkPredefinedExtensions(
  extensions: Record<string, unknown> | undefined,
  schemas: Readonly<Record<string, z.ZodType>>,
  ctx: z.RefinementCtx,
): void {
  if (extensions === undefined) return;
  for (const [name, schema] of Object.entries(schemas)) {
    if (!(name in extensions)) continue;
    const result = schema.safeParse(extensions[name]);
    if (result.success) continue;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: 'custom', path: ['extensions', name, ...issue.path], message: issue.message });
    }
  }
}
