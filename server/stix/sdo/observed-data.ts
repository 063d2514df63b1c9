/**
 * Observed Data SDO (STIX 2.1 §4.14): cyber-observables seen on systems or networks.
 * Required: first_observed, last_observed (not earlier than first_observed) and number_observed
 * (1..999,999,999). Exactly one of `object_refs` (2.1) and the deprecated `objects` dictionary
 * (2.0 style) is present. `object_refs` points at SCOs and SROs, never at other SDOs, and holds
 * at least one SCO.
 */
import { z } from 'zod';
import { TimestampSchema, addIssue, checkOrder, list, sdoCommonShape, stixId, stixIdType } from '../common.js';
import { defineStixSchemas } from '../define.js';
import { SRO_TYPES, isSdoType } from '../types.js';

const EmbeddedObservableSchema = z.looseObject({ type: z.string() });

const schemas = defineStixSchemas(
  {
    ...sdoCommonShape('observed-data'),
    first_observed: TimestampSchema,
    last_observed: TimestampSchema,
    number_observed: z.number().int().min(1).max(999_999_999),
    objects: z.record(z.string(), EmbeddedObservableSchema).optional(),
    object_refs: list(stixId()).optional(),
  },
  (value, ctx) => {
    checkOrder(value, ctx, 'first_observed', 'last_observed');
    if ((value.objects === undefined) === (value.object_refs === undefined)) {
      addIssue(ctx, [], 'observed-data has exactly one of object_refs or objects');
    }
    if (value.objects !== undefined && Object.keys(value.objects).length === 0) {
      addIssue(ctx, ['objects'], 'objects must not be empty');
    }
    const refs = value.object_refs ?? [];
    refs.forEach((ref, index) => {
      if (isSdoType(stixIdType(ref))) addIssue(ctx, ['object_refs', index], 'object_refs must not point at SDOs');
    });
    const sroTypes: readonly string[] = SRO_TYPES;
    if (refs.length > 0 && refs.every((ref) => sroTypes.includes(stixIdType(ref)))) {
      addIssue(ctx, ['object_refs'], 'object_refs must contain at least one SCO');
    }
  },
);

/** Observed Data, strict: for objects Lagebild authors. */
export const ObservedDataSchema = schemas.strict;
/** Observed Data, lenient: for ingestion (keeps `x_` custom properties). */
export const ObservedDataLenientSchema = schemas.lenient;
/** Output type of `ObservedDataSchema`. */
export type ObservedData = z.infer<typeof ObservedDataSchema>;
