/**
 * Tool SDO (STIX 2.1 §4.18): legitimate software that threat actors can use, e.g. a remote
 * access utility. `name` is required.
 */
import { z } from 'zod';
import { KillChainPhaseSchema, list, sdoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas({
  ...sdoCommonShape('tool'),
  name: z.string(),
  description: z.string().optional(),
  tool_types: list(z.string()).optional(),
  aliases: list(z.string()).optional(),
  kill_chain_phases: list(KillChainPhaseSchema).optional(),
  tool_version: z.string().optional(),
});

/** Tool, strict: for objects Lagebild authors. */
export const ToolSchema = schemas.strict;
/** Tool, lenient: for ingestion (keeps `x_` custom properties). */
export const ToolLenientSchema = schemas.lenient;
/** Output type of `ToolSchema`. */
export type Tool = z.infer<typeof ToolSchema>;
