/**
 * Response shapes of the indicator routes, for the OpenAPI document (and the client's generated
 * types). They describe what the presenters return; the presenters stay the source.
 */
import { z } from '../platform/http/openapi-zod.js';
import { StixObjectSchema } from '../stix-objects/stix.responses.js';
import { OBSERVABLE_TYPES } from './extract.js';

/** presentIndicator: a shared indicator with its STIX object. */
export const IndicatorSchema = z
  .object({
    id: z.string(),
    observableType: z.string().nullable(),
    value: z.string().nullable(),
    tlp: z.string(),
    tlpExplicit: z.boolean().describe('false: pasted into an incident without a label; it goes out at the TLP of the package it is shared in'),
    forBlocking: z.boolean(),
    pattern: z.string().nullable(),
    description: z.string().nullable(),
    createdAt: z.string(),
    stix: StixObjectSchema,
  })
  .openapi('Indicator');

export const SightingTotalsSchema = z.object({ sightings: z.number().int(), count: z.number().int(), organizations: z.number().int(), lastSeen: z.string().nullable() }).openapi('SightingTotals');

export const SightingSchema = z
  .object({ id: z.string(), organization: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(), seenAt: z.string().nullable(), lastSeenAt: z.string().nullable(), context: z.string().nullable(), count: z.number().int(), note: z.string().nullable(), createdAt: z.string(), stix: StixObjectSchema })
  .openapi('Sighting');

export const IndicatorSightingsSchema = z
  .object({
    indicatorId: z.string(),
    totals: z.object({ sightings: z.number().int(), count: z.number().int(), organizations: z.number().int() }),
    scope: z.enum(['community', 'own-organization']).describe('community: every organization (CERT); own-organization: only the caller’s'),
    items: z.array(SightingSchema),
  })
  .openapi('IndicatorSightings');

export const ExtractionSchema = z
  .object({ observables: z.array(z.object({ type: z.enum(OBSERVABLE_TYPES), value: z.string() })), rejected: z.array(z.string()).describe('Candidates that looked like observables but failed validation') })
  .openapi('IndicatorExtraction');

export const IndicatorPackageSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    description: z.string().nullable(),
    tlp: z.string(),
    audience: z.object({ organizations: z.array(z.uuid()), sharingGroups: z.array(z.uuid()), users: z.array(z.uuid()) }),
    createdAt: z.string(),
    indicators: z.array(IndicatorSchema),
  })
  .openapi('IndicatorPackage');

export const IndicatorPackageListSchema = z.object({ items: z.array(IndicatorPackageSchema), next: z.string().nullable() }).openapi('IndicatorPackageList');
