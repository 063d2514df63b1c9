/** The product inventory as the API takes and gives it. */
import { z } from '../platform/http/openapi-zod.js';
import { CpeSchema, formatCpe23 } from '../products/cpe.js';
import { VersionSchema } from '../products/version.js';
import { CRITICALITIES } from './inventory.table.js';

const Text = (max: number) => z.string().trim().min(1).max(max);

const AssetShape = {
  vendor: Text(200),
  product: Text(200),
  version: VersionSchema.nullable().optional(),
  cpe: CpeSchema.transform(formatCpe23).nullable().optional(),
  criticality: z.enum(CRITICALITIES).default('mittel'),
  whereUsed: z.string().trim().max(500).nullable().optional(),
  tags: z
    .array(Text(50))
    .max(20)
    .default([])
    .transform((tags) => [...new Set(tags)]),
};

/** One asset (POST, and each CSV line). */
export const AssetInputSchema = z.strictObject(AssetShape);
export type AssetInput = z.output<typeof AssetInputSchema>;

/** A PATCH: any subset. */
export const AssetPatchSchema = z
  .strictObject({ ...AssetShape, criticality: z.enum(CRITICALITIES).optional(), tags: AssetShape.tags.optional() })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'The patch changes nothing');
export type AssetPatch = z.output<typeof AssetPatchSchema>;

export const OrgParamsSchema = z.object({ id: z.uuid() });
export const AssetParamsSchema = z.object({ id: z.uuid(), assetId: z.uuid() });

export const AssetListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(512).optional(),
  q: z.string().trim().min(1).max(200).optional(),
});

export const SuggestionQuerySchema = z.object({
  field: z.enum(['vendor', 'product']),
  q: z.string().trim().max(200).default(''),
  vendor: z.string().trim().max(200).optional(),
});

/** A CSV import: the file's text and whether it replaces the inventory or adds to it. */
export const CsvImportSchema = z.strictObject({ csv: z.string().min(1).max(2_000_000), mode: z.enum(['append', 'replace']).default('append') });

export const AssetDtoSchema = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    vendor: z.string(),
    product: z.string(),
    version: z.string().nullable(),
    cpe: z.string().nullable(),
    criticality: z.enum(CRITICALITIES),
    whereUsed: z.string().nullable(),
    tags: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Asset');
export type AssetDto = z.infer<typeof AssetDtoSchema>;
