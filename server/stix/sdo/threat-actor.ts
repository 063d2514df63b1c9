/**
 * Threat Actor SDO (STIX 2.1 §4.17): individuals, groups or organisations believed to operate
 * with malicious intent. `name` is required; last_seen MUST NOT precede first_seen.
 */
import { z } from 'zod';
import { TimestampSchema, checkOrder, list, sdoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas(
  {
    ...sdoCommonShape('threat-actor'),
    name: z.string(),
    description: z.string().optional(),
    threat_actor_types: list(z.string()).optional(),
    aliases: list(z.string()).optional(),
    first_seen: TimestampSchema.optional(),
    last_seen: TimestampSchema.optional(),
    roles: list(z.string()).optional(),
    goals: list(z.string()).optional(),
    sophistication: z.string().optional(),
    resource_level: z.string().optional(),
    primary_motivation: z.string().optional(),
    secondary_motivations: list(z.string()).optional(),
    personal_motivations: list(z.string()).optional(),
  },
  (value, ctx) => checkOrder(value, ctx, 'first_seen', 'last_seen'),
);

/** Threat Actor, strict: for objects Lagebild authors. */
export const ThreatActorSchema = schemas.strict;
/** Threat Actor, lenient: for ingestion (keeps `x_` custom properties). */
export const ThreatActorLenientSchema = schemas.lenient;
/** Output type of `ThreatActorSchema`. */
export type ThreatActor = z.infer<typeof ThreatActorSchema>;
