/**
 * Attack Pattern SDO (STIX 2.1 §4.1): a TTP describing how adversaries attempt to compromise
 * targets, e.g. spear phishing. `name` is required.
 */
import { z } from 'zod';
import { KillChainPhaseSchema, list, sdoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...sdoCommonShape('attack-pattern'),
  name: z.string(),
  description: z.string().optional(),
  aliases: list(z.string()).optional(),
  kill_chain_phases: list(KillChainPhaseSchema).optional(),
});

/** Attack Pattern, strict: for objects Lagebild authors. */
export const AttackPatternSchema = schemas.strict;
/** Attack Pattern, lenient: for ingestion (keeps `x_` custom properties). */
export const AttackPatternLenientSchema = schemas.lenient;
/** Output type of `AttackPatternSchema`. */
export type AttackPattern = z.infer<typeof AttackPatternSchema>;
