/**
 * Email Address SCO (STIX 2.1 §6.5): the addr-spec only (`jdoe@example.com`); the display
 * name goes into `display_name`, never into `value`.
 */
import { z } from 'zod';
import { scoCommonShape, stixId } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...scoCommonShape('email-addr'),
  value: z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'Expected an e-mail address without display name'),
  display_name: z.string().optional(),
  belongs_to_ref: stixId('user-account').optional(),
});

/** Email Address, strict: for objects Lagebild authors. */
export const EmailAddrSchema = schemas.strict;
/** Email Address, lenient: for ingestion (keeps `x_` custom properties). */
export const EmailAddrLenientSchema = schemas.lenient;
/** Output type of `EmailAddrSchema`. */
export type EmailAddr = z.infer<typeof EmailAddrSchema>;
