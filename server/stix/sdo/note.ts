/**
 * Note SDO (STIX 2.1 §4.13): added context for other objects, e.g. an analyst comment.
 * `content` and a non-empty `object_refs` are required.
 */
import { z } from 'zod';
import { list, sdoCommonShape, stixId } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...sdoCommonShape('note'),
  abstract: z.string().optional(),
  content: z.string(),
  authors: list(z.string()).optional(),
  object_refs: list(stixId()),
});

/** Note, strict: for objects Lagebild authors. */
export const NoteSchema = schemas.strict;
/** Note, lenient: for ingestion (keeps `x_` custom properties). */
export const NoteLenientSchema = schemas.lenient;
/** Output type of `NoteSchema`. */
export type Note = z.infer<typeof NoteSchema>;
