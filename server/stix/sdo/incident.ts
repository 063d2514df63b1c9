/**
 * Incident SDO (STIX 2.1 §4.6): a stub in 2.1 (name, description, kill chain phases); richer
 * incident data travels in extensions such as the OASIS incident-core extension, which the
 * common `extensions` property carries.
 */
import { z } from 'zod';
import { KillChainPhaseSchema, list, sdoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...sdoCommonShape('incident'),
  name: z.string(),
  description: z.string().optional(),
  kill_chain_phases: list(KillChainPhaseSchema).optional(),
});

/** Incident, strict: for objects Lagebild authors. */
export const IncidentSchema = schemas.strict;
/** Incident, lenient: for ingestion (keeps `x_` custom properties). */
export const IncidentLenientSchema = schemas.lenient;
/** Output type of `IncidentSchema`. */
export type Incident = z.infer<typeof IncidentSchema>;
