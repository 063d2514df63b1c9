/**
 * Location SDO (STIX 2.1 §4.10). The spec requires at least one of `region`, `country`, or
 * `latitude` + `longitude`; latitude and longitude come together, and `precision` needs both.
 * `region` is the region-ov open vocabulary; `country` SHOULD be ISO 3166-1 alpha-2 (not enforced,
 * it is a SHOULD).
 */
import { z } from 'zod';
import { addIssue, sdoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const schemas = defineStixSchemas(
  {
    ...sdoCommonShape('location'),
    name: z.string().optional(),
    description: z.string().optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    precision: z.number().min(0).optional(),
    region: z.string().optional(),
    country: z.string().optional(),
    administrative_area: z.string().optional(),
    city: z.string().optional(),
    street_address: z.string().optional(),
    postal_code: z.string().optional(),
  },
  (value, ctx) => {
    const hasLat = value.latitude !== undefined;
    const hasLong = value.longitude !== undefined;
    if (hasLat !== hasLong) addIssue(ctx, [hasLat ? 'longitude' : 'latitude'], 'latitude and longitude come together');
    if (value.precision !== undefined && !(hasLat && hasLong)) {
      addIssue(ctx, ['precision'], 'precision requires latitude and longitude');
    }
    if (value.region === undefined && value.country === undefined && !(hasLat && hasLong)) {
      addIssue(ctx, [], 'A location needs region, country, or latitude and longitude');
    }
  },
);

/** Location, strict: for objects Lagebild authors. */
export const LocationSchema = schemas.strict;
/** Location, lenient: for ingestion (keeps `x_` custom properties). */
export const LocationLenientSchema = schemas.lenient;
/** Output type of `LocationSchema`. */
export type Location = z.infer<typeof LocationSchema>;
