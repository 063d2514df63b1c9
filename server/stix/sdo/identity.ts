/**
 * Identity SDO (STIX 2.1 §4.5): individuals, organisations or groups — in Lagebild the CERT and
 * its constituents. `name` is required; `identity_class` is an open vocabulary (identity-class-ov,
 * see `vocab.ts`) and optional since 2.1, so any string is accepted.
 */
import { z } from 'zod';
import { list, sdoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...sdoCommonShape('identity'),
  name: z.string(),
  description: z.string().optional(),
  roles: list(z.string()).optional(),
  identity_class: z.string().optional(),
  sectors: list(z.string()).optional(),
  contact_information: z.string().optional(),
});

/** Identity, strict: for objects Lagebild authors. */
export const IdentitySchema = schemas.strict;
/** Identity, lenient: for ingestion (keeps `x_` custom properties). */
export const IdentityLenientSchema = schemas.lenient;
/** Output type of `IdentitySchema`. */
export type Identity = z.infer<typeof IdentitySchema>;
