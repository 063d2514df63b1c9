import { z } from '../platform/http/openapi-zod.js';

/** Kinds of organization in the Thuringian CERT network. */
export const ORGANIZATION_KINDS = [
  'cert',
  'state_agency',
  'district',
  'city',
  'municipality',
  'it_provider',
  'kritis_operator',
] as const;
export const OrganizationKindSchema = z.enum(ORGANIZATION_KINDS);
export type OrganizationKind = z.infer<typeof OrganizationKindSchema>;

/** Sectors after BSI-KritisV / NIS2 Annex I and II, plus public administration. */
export const SECTORS = [
  'energy',
  'water',
  'finance',
  'health',
  'transport',
  'food',
  'digital_infrastructure',
  'waste',
  'public_administration',
  'other',
] as const;
export const SectorSchema = z.enum(SECTORS);
export type Sector = z.infer<typeof SectorSchema>;

/** NIS2 entity type (BSIG § 28): besonders wichtig (essential), wichtig (important), or neither. */
export const NIS2_ENTITY_TYPES = ['essential', 'important', 'none'] as const;
export const Nis2EntityTypeSchema = z.enum(NIS2_ENTITY_TYPES);
export type Nis2EntityType = z.infer<typeof Nis2EntityTypeSchema>;

const AGS_PATTERN = /^\d{8}$/;

/**
 * Amtlicher Gemeindeschlüssel: 8 digits (Land 2, Regierungsbezirk 1, Kreis 2, Gemeinde 3). A check
 * of our own (`params.key` `ags`), so a client words the problem in its reader's language; the
 * OpenAPI document still states the pattern.
 */
export const AgsSchema = z
  .string()
  .superRefine((value, ctx) => {
    if (!AGS_PATTERN.test(value)) ctx.addIssue({ code: 'custom', message: 'Expected an Amtlicher Gemeindeschlüssel (AGS) of exactly 8 digits', params: { key: 'ags' } });
  })
  .openapi({ pattern: AGS_PATTERN.source });

export const ContactSchema = z.object({
  role: z.enum(['primary', 'secondary', 'security_officer', 'emergency']),
  name: z.string().min(1).max(200),
  email: z.email().optional(),
  phone: z.string().max(50).optional(),
});
export type Contact = z.infer<typeof ContactSchema>;

/** An organization as the API presents it. */
export const OrganizationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: OrganizationKindSchema,
  sector: SectorSchema.nullable(),
  parentId: z.uuid().nullable(),
  ags: z.string().nullable(),
});
export type OrganizationDto = z.infer<typeof OrganizationSchema>;
