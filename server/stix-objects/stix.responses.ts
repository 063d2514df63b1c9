/**
 * STIX 2.1 as the API returns it, for the OpenAPI document (and the client's generated types).
 * Every object carries `type` and `id`; the rest depends on the type and may carry custom
 * properties and extensions (STIX 2.1 §3.1, §11), so an object stays open beyond those.
 */
import { z } from '../platform/http/openapi-zod.js';

export const StixObjectSchema = z
  .looseObject({ type: z.string(), id: z.string(), spec_version: z.string().optional(), created: z.string().optional(), modified: z.string().optional() })
  .openapi('StixObject', { description: 'A STIX 2.1 object: common properties typed, type-specific and custom properties open' });

export const StixBundleSchema = z.object({ type: z.literal('bundle'), id: z.string(), objects: z.array(StixObjectSchema).optional().describe('Absent in an empty bundle (STIX 2.1 §8)') }).openapi('StixBundle');
