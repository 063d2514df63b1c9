/**
 * Generic fallback for the spec-defined SCO types without a dedicated file (artifact,
 * directory, email-message, mutex, process, user-account, windows-registry-key). Lenient mode
 * only: it validates the SCO common properties (§3.2, §6) and that the id matches the type, and
 * keeps every other property as received. Strict mode has no schema for these types, so we
 * never emit an SCO we have not modelled.
 */
import { z } from 'zod';
import { SCO_COMMON_PROPERTIES, addIssue, isStixId, stixId } from '../common.js';
import type { ScoType } from '../types.js';

/** SCO types that only the generic fallback covers. */
export const GENERIC_SCO_TYPES = [
  'artifact',
  'directory',
  'email-message',
  'mutex',
  'process',
  'user-account',
  'windows-registry-key',
] as const satisfies readonly ScoType[];

/** Any generic SCO, lenient: common properties checked, others kept as received. */
export const GenericScoLenientSchema = z
  .looseObject({ ...SCO_COMMON_PROPERTIES, type: z.enum(GENERIC_SCO_TYPES), id: stixId(...GENERIC_SCO_TYPES) })
  .superRefine((value, ctx) => {
    if (!isStixId(value.id, value.type)) addIssue(ctx, ['id'], `Expected a STIX identifier ${value.type}--<RFC 4122 UUID>`);
  });
/** Output type of `GenericScoLenientSchema`. */
export type GenericSco = z.infer<typeof GenericScoLenientSchema>;
