/**
 * Language Content (STIX 2.1 §7.1): translations of another object's text properties.
 * Required: object_ref (not a bundle or another language-content) and a non-empty `contents`
 * dictionary keyed by RFC 5646 language tag. It has no `lang` of its own.
 */
import { z } from 'zod';
import { SDO_COMMON_PROPERTIES, TimestampSchema, addIssue, stixId, stixIdType } from './common.js';
import { defineStixSchemas } from './define.js';

const { lang: _lang, ...common } = SDO_COMMON_PROPERTIES;

const schemas = defineStixSchemas(
  {
    ...common,
    type: z.literal('language-content'),
    id: stixId('language-content'),
    object_ref: stixId(),
    object_modified: TimestampSchema.optional(),
    contents: z.record(z.string(), z.record(z.string(), z.unknown())),
  },
  (value, ctx) => {
    const target = stixIdType(value.object_ref);
    if (target === 'bundle' || target === 'language-content') {
      addIssue(ctx, ['object_ref'], `object_ref must not point at a ${target}`);
    }
    if (Object.keys(value.contents).length === 0) addIssue(ctx, ['contents'], 'contents must not be empty');
  },
);

/** Language Content, strict: for objects Lagebild authors. */
export const LanguageContentSchema = schemas.strict;
/** Language Content, lenient: for ingestion (keeps `x_` custom properties). */
export const LanguageContentLenientSchema = schemas.lenient;
/** Output type of `LanguageContentSchema`. */
export type LanguageContent = z.infer<typeof LanguageContentSchema>;
