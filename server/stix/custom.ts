/**
 * Custom STIX objects for lenient mode (§11.2 custom objects, §7.3 extension definitions).
 *
 * An object whose type the registry does not know is kept only when
 * - its type starts with `x-` (the long-standing custom object convention, e.g. MITRE ATT&CK's
 *   `x-mitre-tactic`), or
 * - it declares, in `extensions`, an extension-definition with extension_type new-sdo, new-sco
 *   or new-sro (the 2.1 way to define a new type) — and, when the caller passes a set of
 *   registered extension-definition ids, that id is one of them.
 *
 * Everything else is rejected with a message that says why. The common properties that are
 * present are still validated; the type's own properties are kept as received.
 */
import { z } from 'zod';
import {
  SCO_COMMON_PROPERTIES,
  SDO_COMMON_PROPERTIES,
  addIssue,
  checkVersioning,
  isStixId,
  isStixTypeName,
  type StixId,
} from './common.js';

const NEW_OBJECT_EXTENSION_TYPES: readonly unknown[] = ['new-sdo', 'new-sco', 'new-sro'];

/** The extension-definition ids (and their extension_type) an object declares for a new type. */
function newObjectExtensions(extensions: Record<string, Record<string, unknown>> | undefined): [string, unknown][] {
  return Object.entries(extensions ?? {})
    .filter(([key, ext]) => key.startsWith('extension-definition--') && NEW_OBJECT_EXTENSION_TYPES.includes(ext.extension_type))
    .map(([key, ext]) => [key, ext.extension_type]);
}

const shape = {
  ...SDO_COMMON_PROPERTIES,
  ...SCO_COMMON_PROPERTIES,
  type: z.string().refine(isStixTypeName, 'A STIX type is 3-250 of [a-z0-9-], starting with a letter'),
  id: z.custom<StixId>((value) => isStixId(value), 'Expected a STIX identifier <type>--<RFC 4122 UUID>'),
  // SDO-style custom objects carry these; SCO-style ones do not, so all are optional here and the
  // refinement below requires them together.
  spec_version: SDO_COMMON_PROPERTIES.spec_version.optional(),
  created: SDO_COMMON_PROPERTIES.created.optional(),
  modified: SDO_COMMON_PROPERTIES.modified.optional(),
};

/** Options for custom objects. */
export interface CustomObjectOptions {
  /** When given, only these extension-definition ids may introduce new object types. */
  registeredExtensions?: ReadonlySet<string>;
}

/** Builds the lenient schema for custom objects; see the file comment for what is accepted. */
export function customObjectSchema(options: CustomObjectOptions = {}) {
  return z.looseObject(shape).superRefine((value, ctx) => {
    const { type } = value;
    if (!isStixId(value.id, type)) addIssue(ctx, ['id'], `Expected a STIX identifier ${type}--<RFC 4122 UUID>`);
    const declared = newObjectExtensions(value.extensions);
    const registered = options.registeredExtensions;
    const accepted = declared.filter(([id]) => registered === undefined || registered.has(id));
    if (!type.startsWith('x-') && accepted.length === 0) {
      const why = declared.length > 0 ? 'its extension-definition is not registered' : 'it is neither x- prefixed nor defined by an extension';
      addIssue(ctx, ['type'], `Unknown STIX type "${type}": ${why}`);
      return;
    }
    const sdoLike = value.created !== undefined || value.modified !== undefined
      || accepted.some(([, kind]) => kind === 'new-sdo' || kind === 'new-sro');
    if (sdoLike) {
      for (const key of ['spec_version', 'created', 'modified'] as const) {
        if (value[key] === undefined) addIssue(ctx, [key], `${key} is required on SDO/SRO-like custom objects`);
      }
    }
    if (value.created !== undefined) checkVersioning({ created: value.created, modified: value.modified }, ctx, 'lenient');
  });
}

/** Custom objects with any declared new-object extension accepted. */
export const CustomObjectSchema = customObjectSchema();
/** Output type of `CustomObjectSchema`. */
export type CustomObject = z.infer<typeof CustomObjectSchema>;
