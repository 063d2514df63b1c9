/**
 * `/api/v1/product-aliases`: the CERT reads and edits the alias table (CPE identity ↔ names). Every
 * change recomputes the stored keys of the inventories and re-matches the organizations whose keys
 * changed, in the same transaction, and is audited.
 */
import { canViewFeedItem } from '../access/policy.js';
import { recordAudit } from '../audit/record-audit.js';
import { requireUser, type Principal } from '../auth/principal.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { aliasNameKey } from './alias-index.js';
import { findAlias, listAliases, loadAliasIndex } from './product-aliases.service.js';
import { applyAliasChanges } from './alias-changes.js';
import { productAliases, type ProductAliasRow } from './product-aliases.table.js';
import { eq } from 'drizzle-orm';

const TAGS = ['Products'];
const CpeName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9._\-~!]*$/, 'CPE names are lower case letters, digits and . _ - ~ ! (as in cpe:2.3:a:<vendor>:<product>)');
const Name = z.string().trim().min(1).max(200);

const AliasBodySchema = z
  .strictObject({ kind: z.enum(['vendor', 'product']).default('product'), cpeVendor: CpeName, cpeProduct: CpeName.nullable().optional(), vendor: Name, product: Name.nullable().optional() })
  .superRefine((alias, ctx) => {
    if (alias.kind === 'product' && (!alias.cpeProduct || !alias.product)) ctx.addIssue({ code: 'custom', path: ['cpeProduct'], message: 'A product alias needs cpeProduct and product' });
    if (alias.kind === 'vendor' && (alias.cpeProduct || alias.product)) ctx.addIssue({ code: 'custom', path: ['cpeProduct'], message: 'A vendor alias has no cpeProduct or product' });
  });
const AliasPatchSchema = z.strictObject({ cpeVendor: CpeName.optional(), cpeProduct: CpeName.optional(), vendor: Name.optional(), product: Name.optional() }).refine((patch) => Object.keys(patch).length > 0, 'The patch changes nothing');
const ListQuerySchema = z.object({ q: z.string().trim().min(1).max(200).optional(), limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) });
const IdParams = z.object({ id: z.uuid() });

export const ProductAliasDtoSchema = z
  .object({ id: z.uuid(), kind: z.enum(['vendor', 'product']), cpeVendor: z.string(), cpeProduct: z.string().nullable(), identity: z.string(), vendor: z.string(), product: z.string().nullable(), origin: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('ProductAlias');
const AliasPageSchema = z.object({ items: z.array(ProductAliasDtoSchema), total: z.number().int(), rematchedOrganizations: z.number().int().optional() });

function present(row: ProductAliasRow): z.infer<typeof ProductAliasDtoSchema> {
  return {
    id: row.id,
    kind: row.kind,
    cpeVendor: row.cpeVendor,
    cpeProduct: row.cpeProduct,
    identity: row.cpeProduct ? `${row.cpeVendor}:${row.cpeProduct}` : row.cpeVendor,
    vendor: row.vendor,
    product: row.product,
    origin: row.origin,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
}


export function registerProductAliasRoutes(api: Api, deps: { db: Database; clock: Clock }): void {
  const { db, clock } = deps;
  const assertCert = (principal: Principal) => {
    if (!canViewFeedItem(principal)) throw notFound('Product alias');
  };
  const actor = (principal: Principal, ip: string | undefined) => {
    const user = requireUser(principal);
    return { userId: user.userId, label: user.email, ip: ip ?? null };
  };
  const write = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'This name is already an alias; edit that entry instead.');
      throw error;
    }
  };

  api.define({ method: 'get', path: '/api/v1/product-aliases', summary: 'Product aliases (CPE identity ↔ names the feeds and inventories use)', tags: TAGS, access: { capability: 'feeds:triage' }, query: ListQuerySchema, responses: { 200: { description: 'A page of aliases', schema: AliasPageSchema } } }, async ({ query, principal }) => {
    assertCert(principal);
    const page = await listAliases(db, query);
    return { items: page.items.map(present), total: page.total };
  });

  api.define({ method: 'post', path: '/api/v1/product-aliases', summary: 'Add an alias; inventories are re-keyed and re-matched', tags: TAGS, access: { capability: 'feeds:triage' }, body: AliasBodySchema, successStatus: 201, responses: { 201: { description: 'The alias', schema: ProductAliasDtoSchema } } }, async ({ body, principal, req }) =>
    write(() =>
      db.transaction(async (tx) => {
        assertCert(principal);
        const user = requireUser(principal);
        const entry = { kind: body.kind, cpeVendor: body.cpeVendor, cpeProduct: body.kind === 'product' ? (body.cpeProduct ?? null) : null, vendor: body.vendor, product: body.kind === 'product' ? (body.product ?? null) : null };
        const [row] = await tx.insert(productAliases).values({ ...entry, nameKey: aliasNameKey(entry, await loadAliasIndex(tx)), origin: 'cert', createdBy: user.userId }).returning();
        const rematched = await applyAliasChanges(tx);
        await recordAudit(tx, actor(principal, req.ip), { action: 'product_alias.created', objectType: 'product_alias', objectId: row!.id, details: { ...entry, rematchedOrganizations: rematched } }, clock.now());
        return present(row!);
      }),
    ),
  );

  api.define({ method: 'patch', path: '/api/v1/product-aliases/:id', summary: 'Change an alias; inventories are re-keyed and re-matched', tags: TAGS, access: { capability: 'feeds:triage' }, params: IdParams, body: AliasPatchSchema, responses: { 200: { description: 'The alias', schema: ProductAliasDtoSchema } } }, async ({ params, body, principal, req }) =>
    write(() =>
      db.transaction(async (tx) => {
        assertCert(principal);
        const current = await findAlias(tx, params.id);
        if (!current) throw notFound('Product alias');
        if (current.kind === 'vendor' && (body.cpeProduct !== undefined || body.product !== undefined)) throw new AppError('VALIDATION_FAILED', 'A vendor alias has no cpeProduct or product.');
        const next = { kind: current.kind, cpeVendor: body.cpeVendor ?? current.cpeVendor, cpeProduct: body.cpeProduct ?? current.cpeProduct, vendor: body.vendor ?? current.vendor, product: body.product ?? current.product };
        const [row] = await tx
          .update(productAliases)
          .set({ ...next, nameKey: aliasNameKey(next, await loadAliasIndex(tx)), origin: 'cert', updatedAt: clock.now() })
          .where(eq(productAliases.id, params.id))
          .returning();
        const rematched = await applyAliasChanges(tx);
        await recordAudit(tx, actor(principal, req.ip), { action: 'product_alias.updated', objectType: 'product_alias', objectId: params.id, details: { before: present(current), fields: Object.keys(body), rematchedOrganizations: rematched } }, clock.now());
        return present(row!);
      }),
    ),
  );

  api.define({ method: 'delete', path: '/api/v1/product-aliases/:id', summary: 'Remove an alias; inventories are re-keyed and re-matched', tags: TAGS, access: { capability: 'feeds:triage' }, params: IdParams, successStatus: 204, responses: { 204: { description: 'Removed' } } }, async ({ params, principal, req }) => {
    await db.transaction(async (tx) => {
      assertCert(principal);
      const current = await findAlias(tx, params.id);
      if (!current) throw notFound('Product alias');
      await tx.delete(productAliases).where(eq(productAliases.id, params.id));
      const rematched = await applyAliasChanges(tx);
      await recordAudit(tx, actor(principal, req.ip), { action: 'product_alias.deleted', objectType: 'product_alias', objectId: params.id, details: { alias: present(current), rematchedOrganizations: rematched } }, clock.now());
    });
    return undefined;
  });
}
