/**
 * Extension Definition (STIX 2.1 §7.3): describes an extension (new object type or added
 * properties). Required: created_by_ref, name, schema, version and a non-empty extension_types.
 * extension_properties is only meaningful (and only allowed) for toplevel-property-extension.
 * Per the §7.3 property table it has no confidence, lang or extensions.
 */
import { z } from 'zod';
import { EXTENSION_TYPES, SDO_COMMON_PROPERTIES, addIssue, list, stixId } from './common.js';
import { defineStixSchemas } from './define.js';

const { confidence: _confidence, lang: _lang, extensions: _extensions, ...common } = SDO_COMMON_PROPERTIES;

const schemas = defineStixSchemas(
  {
    ...common,
    type: z.literal('extension-definition'),
    id: stixId('extension-definition'),
    created_by_ref: stixId('identity'),
    name: z.string(),
    description: z.string().optional(),
    schema: z.string(),
    version: z.string(),
    extension_types: list(z.enum(EXTENSION_TYPES)),
    extension_properties: list(z.string()).optional(),
  },
  (value, ctx) => {
    if (value.extension_properties !== undefined && !value.extension_types.includes('toplevel-property-extension')) {
      addIssue(ctx, ['extension_properties'], 'extension_properties needs extension_types toplevel-property-extension');
    }
  },
);

/** Extension Definition, strict: for objects Lagebild authors. */
export const ExtensionDefinitionSchema = schemas.strict;
/** Extension Definition, lenient: for ingestion (keeps `x_` custom properties). */
export const ExtensionDefinitionLenientSchema = schemas.lenient;
/** Output type of `ExtensionDefinitionSchema`. */
export type ExtensionDefinition = z.infer<typeof ExtensionDefinitionSchema>;
