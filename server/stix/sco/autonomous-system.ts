/**
 * Autonomous System SCO (STIX 2.1 §6.2): `number` (the ASN) is required.
 */
import { z } from 'zod';
import { scoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...scoCommonShape('autonomous-system'),
  number: z.number().int().min(0).max(4_294_967_295),
  name: z.string().optional(),
  rir: z.string().optional(),
});

/** Autonomous System, strict: for objects Lagebild authors. */
export const AutonomousSystemSchema = schemas.strict;
/** Autonomous System, lenient: for ingestion (keeps `x_` custom properties). */
export const AutonomousSystemLenientSchema = schemas.lenient;
/** Output type of `AutonomousSystemSchema`. */
export type AutonomousSystem = z.infer<typeof AutonomousSystemSchema>;
