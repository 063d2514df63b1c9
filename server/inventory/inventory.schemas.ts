/** The product inventory as the API takes and gives it. */
import { z } from '../platform/http/openapi-zod.js';
import { CpeSchema, formatCpe23 } from '../products/cpe.js';
import { VersionSchema } from '../products/version.js';
import { INVENTORY_PURL_TYPES, safeParsePurl } from '../products/purl.js';
import { CRITICALITIES } from './inventory.table.js';

const Text = (max: number) => z.string().trim().min(1).max(max);

/** A package URL of one of the inventory's ecosystems, stored in its canonical form. */
export const InventoryPurlSchema = z
  .string()
  .trim()
  .max(2000)
  .transform((text, ctx) => {
    const purl = safeParsePurl(text);
    if (!purl) {
      ctx.addIssue({ code: 'custom', message: 'Expected a package URL such as pkg:rpm/redhat/openssl@1.1.1k-4.el8', params: { key: 'purl' } });
      return z.NEVER;
    }
    if (!(INVENTORY_PURL_TYPES as readonly string[]).includes(purl.type)) {
      ctx.addIssue({ code: 'custom', message: `Package type ${purl.type} is not supported; use one of ${INVENTORY_PURL_TYPES.join(', ')}`, params: { key: 'purl-type', types: INVENTORY_PURL_TYPES.join(', ') } });
      return z.NEVER;
    }
    return purl.canonical;
  });

const AssetShape = {
  vendor: Text(200),
  product: Text(200),
  version: VersionSchema.nullable().optional(),
  cpe: CpeSchema.transform(formatCpe23).nullable().optional(),
  purl: InventoryPurlSchema.nullable().optional(),
  criticality: z.enum(CRITICALITIES).default('mittel'),
  whereUsed: z.string().trim().max(500).nullable().optional(),
  tags: z
    .array(Text(50))
    .max(20)
    .default([])
    .transform((tags) => [...new Set(tags)]),
};

/**
 * One asset (POST, and each CSV line). With a purl, vendor and product may be left out: they are
 * taken from the purl's namespace (or type) and name, and the version from its version.
 */
export const AssetInputSchema = z.preprocess((value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const input = value as Record<string, unknown>;
  const purl = typeof input.purl === 'string' ? safeParsePurl(input.purl) : undefined;
  if (!purl) return value;
  const blank = (field: unknown) => field === undefined || field === null || (typeof field === 'string' && field.trim() === '');
  return {
    ...input,
    ...(blank(input.vendor) ? { vendor: purl.namespace ?? purl.type } : {}),
    ...(blank(input.product) ? { product: purl.name } : {}),
    ...(blank(input.version) && purl.version !== undefined ? { version: purl.version } : {}),
  };
}, z.strictObject(AssetShape));
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
  cursor: z.string().max(4096).optional(),
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
    purl: z.string().nullable(),
    criticality: z.enum(CRITICALITIES),
    whereUsed: z.string().nullable(),
    tags: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Asset');
export type AssetDto = z.infer<typeof AssetDtoSchema>;
