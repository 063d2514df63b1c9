/**
 * Infrastructure SDO (STIX 2.1 §4.8): systems and services used for an attack or defence,
 * e.g. C2 servers. `name` is required; last_seen MUST NOT precede first_seen.
 */
import { z } from 'zod';
import { KillChainPhaseSchema, TimestampSchema, checkOrder, list, sdoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas(
  {
    ...sdoCommonShape('infrastructure'),
    name: z.string(),
    description: z.string().optional(),
    infrastructure_types: list(z.string()).optional(),
    aliases: list(z.string()).optional(),
    kill_chain_phases: list(KillChainPhaseSchema).optional(),
    first_seen: TimestampSchema.optional(),
    last_seen: TimestampSchema.optional(),
  },
  (value, ctx) => checkOrder(value, ctx, 'first_seen', 'last_seen'),
);

/** Infrastructure, strict: for objects Lagebild authors. */
export const InfrastructureSchema = schemas.strict;
/** Infrastructure, lenient: for ingestion (keeps `x_` custom properties). */
export const InfrastructureLenientSchema = schemas.lenient;
/** Output type of `InfrastructureSchema`. */
export type Infrastructure = z.infer<typeof InfrastructureSchema>;
