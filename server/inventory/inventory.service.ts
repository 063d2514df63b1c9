/**
 * The product inventory of an organization: list, add, change, remove, CSV import/export and
 * name suggestions. Every change re-matches the published advisories for that organization in the
 * same transaction, so "affects you" follows the inventory at once.
 */
import { and, asc, eq, gt, ilike, or, sql } from 'drizzle-orm';
import { maintainsInventory, readsOrganization } from '../access/org-scope.js';
import { visibleTo } from '../access/visible-to.js';
import { ADVISORY_VISIBILITY } from '../advisories/advisories.repo.js';
import { advisories } from '../advisories/advisories.table.js';
import { auditActorOf } from '../advisories/advisories.policy.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Principal } from '../auth/principal.js';
import { rematchOrganization } from '../matching/matching.service.js';
import { cpeKeyOf, matchKeyOf, purlKeyOf } from '../matching/normalize.js';
import type { AliasIndex } from '../products/alias-index.js';
import { loadAliasIndex } from '../products/product-aliases.service.js';
import { organizations } from '../organizations/organizations.table.js';
import { queryRows, type Database, type Executor } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { CursorKey, defineCursor } from '../platform/http/cursor.js';
import { toPage } from '../platform/http/pagination.js';
import { inventoryToCsv, parseInventoryCsv } from './inventory.csv.js';
import type { AssetDto, AssetInput, AssetPatch } from './inventory.schemas.js';
import { assets, type AssetRow } from './inventory.table.js';

/** The text with LIKE's wildcards and escape character taken literally (a filter for "%" finds "%", not everything). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** An ILIKE pattern for "contains the text", wildcards in the text taken literally. */
function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

export type InventoryContext = { db: Database; principal: Principal; ip: string | null };

const AssetsCursor = defineCursor('assets', { key: CursorKey.text, id: CursorKey.uuid });
/** Inventory names used by fewer organizations stay private to them (they would identify who runs what). */
const SUGGESTION_MIN_ORGANIZATIONS = 3;

/** Row → DTO. */
export function presentAsset(row: AssetRow): AssetDto {
  return {
    id: row.id,
    organizationId: row.organizationId,
    vendor: row.vendor,
    product: row.product,
    version: row.version,
    cpe: row.cpe,
    purl: row.purl,
    criticality: row.criticality,
    whereUsed: row.whereUsed,
    tags: row.tags,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function assertOrganization(db: Executor, organizationId: string): Promise<void> {
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  if (!org) throw notFound('Organization');
}

async function assertReads(ctx: InventoryContext, organizationId: string): Promise<void> {
  await assertOrganization(ctx.db, organizationId);
  if (!readsOrganization(ctx.principal, organizationId)) throw new AppError('FORBIDDEN', 'Only members of the organization and the CERT see its inventory.');
}

async function assertWrites(ctx: InventoryContext, organizationId: string): Promise<void> {
  await assertOrganization(ctx.db, organizationId);
  if (!maintainsInventory(ctx.principal, organizationId)) throw new AppError('FORBIDDEN', 'You maintain the inventory of your own organization only.');
}

function columns(input: AssetInput | (AssetInput & AssetPatch), aliases: AliasIndex) {
  return {
    vendor: input.vendor,
    product: input.product,
    version: input.version ?? null,
    cpe: input.cpe ?? null,
    purl: input.purl ?? null,
    criticality: input.criticality,
    whereUsed: input.whereUsed ?? null,
    tags: input.tags,
    matchKey: matchKeyOf(input.vendor, input.product, aliases),
    cpeKey: cpeKeyOf(input.cpe) ?? null,
    purlKey: purlKeyOf(input.purl) ?? null,
  };
}

/** A page of the organization's assets, ordered by vendor and product. */
export async function listAssets(ctx: InventoryContext, organizationId: string, query: { limit: number; cursor?: string | undefined; q?: string | undefined }) {
  await assertReads(ctx, organizationId);
  const after = AssetsCursor.decode(query.cursor);
  const sortKey = sql<string>`lower(${assets.vendor} || ' ' || ${assets.product} || ' ' || coalesce(${assets.version}, ''))`;
  const rows = await ctx.db
    .select({ row: assets, key: sortKey })
    .from(assets)
    .where(
      and(
        eq(assets.organizationId, organizationId),
        query.q ? or(ilike(assets.vendor, containsPattern(query.q)), ilike(assets.product, containsPattern(query.q))) : undefined,
        after ? or(gt(sortKey, after.key), and(eq(sortKey, after.key), gt(assets.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(sortKey), asc(assets.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, AssetsCursor, (entry) => ({ key: entry.key, id: entry.row.id }));
  return { items: page.items.map((entry) => presentAsset(entry.row)), next: page.next };
}

/** Adds an asset. @throws NOT_FOUND | FORBIDDEN */
export async function createAsset(ctx: InventoryContext, organizationId: string, input: AssetInput): Promise<AssetDto> {
  await assertWrites(ctx, organizationId);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(assets).values({ organizationId, ...columns(input, await loadAliasIndex(tx)) }).returning();
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: 'asset.created', objectType: 'asset', objectId: row!.id, details: { organizationId, vendor: input.vendor, product: input.product } });
    await rematchOrganization(tx, organizationId);
    return presentAsset(row!);
  });
}

/** Changes an asset. @throws NOT_FOUND | FORBIDDEN */
export async function updateAsset(ctx: InventoryContext, organizationId: string, assetId: string, patch: AssetPatch): Promise<AssetDto> {
  await assertWrites(ctx, organizationId);
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(assets).where(and(eq(assets.id, assetId), eq(assets.organizationId, organizationId))).for('update');
    if (!current) throw notFound('Asset');
    const merged = { ...current, ...patch } as AssetInput;
    const [row] = await tx.update(assets).set({ ...columns(merged, await loadAliasIndex(tx)), updatedAt: new Date() }).where(eq(assets.id, assetId)).returning();
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: 'asset.updated', objectType: 'asset', objectId: assetId, details: { organizationId, fields: Object.keys(patch) } });
    await rematchOrganization(tx, organizationId);
    return presentAsset(row!);
  });
}

/** Removes an asset. @throws NOT_FOUND | FORBIDDEN */
export async function deleteAsset(ctx: InventoryContext, organizationId: string, assetId: string): Promise<void> {
  await assertWrites(ctx, organizationId);
  await ctx.db.transaction(async (tx) => {
    const deleted = await tx.delete(assets).where(and(eq(assets.id, assetId), eq(assets.organizationId, organizationId))).returning({ id: assets.id });
    if (deleted.length === 0) throw notFound('Asset');
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: 'asset.deleted', objectType: 'asset', objectId: assetId, details: { organizationId } });
    await rematchOrganization(tx, organizationId);
  });
}

/**
 * Imports a CSV file in one transaction: any problem on any line stores nothing.
 * @throws UNPROCESSABLE_CONTENT listing every problem by line number | NOT_FOUND | FORBIDDEN
 */
export async function importInventoryCsv(ctx: InventoryContext, organizationId: string, csv: string, mode: 'append' | 'replace'): Promise<{ imported: number; replaced: number }> {
  await assertWrites(ctx, organizationId);
  const parsed = parseInventoryCsv(csv);
  if (parsed.problems.length > 0) {
    throw new AppError('UNPROCESSABLE_CONTENT', `The CSV file has ${parsed.problems.length} problem(s); nothing was imported.`, parsed.problems);
  }
  return ctx.db.transaction(async (tx) => {
    const replaced = mode === 'replace' ? (await tx.delete(assets).where(eq(assets.organizationId, organizationId)).returning({ id: assets.id })).length : 0;
    const aliases = await loadAliasIndex(tx);
    for (let start = 0; start < parsed.assets.length; start += 500) {
      await tx.insert(assets).values(parsed.assets.slice(start, start + 500).map((input) => ({ organizationId, ...columns(input, aliases) })));
    }
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: 'inventory.imported', objectType: 'organization', objectId: organizationId, details: { imported: parsed.assets.length, replaced, mode } });
    await rematchOrganization(tx, organizationId);
    return { imported: parsed.assets.length, replaced };
  });
}

/** The whole inventory as CSV. */
export async function exportInventoryCsv(ctx: InventoryContext, organizationId: string): Promise<string> {
  await assertReads(ctx, organizationId);
  const rows = await ctx.db.select().from(assets).where(eq(assets.organizationId, organizationId)).orderBy(asc(assets.vendor), asc(assets.product), asc(assets.version));
  return inventoryToCsv(rows);
}

/**
 * Vendor or product names known to Lagebild that start with (or contain) `q`: from advisories the
 * caller may see, the caller's own inventories, and names that several organizations use.
 */
export async function suggestNames(ctx: InventoryContext, field: 'vendor' | 'product', q: string, vendor?: string): Promise<{ items: string[] }> {
  const pattern = containsPattern(q);
  const own = ctx.principal.kind === 'user' ? ctx.principal.organizationIds : [];
  const isOwn = own.length > 0 ? sql`${assets.organizationId} in ${own}` : sql`false`;
  const vendorFilterAdvisory = vendor ? sql`and lower(p ->> 'vendor') = ${vendor.toLowerCase()}` : sql``;
  const vendorFilterAsset = vendor ? sql`and lower(${assets.vendor}) = ${vendor.toLowerCase()}` : sql``;
  const column = field === 'vendor' ? assets.vendor : assets.product;
  const rows = await queryRows<{ name: string }>(
    ctx.db,
    sql`select name from (
          select p ->> ${field} as name from ${advisories}, jsonb_array_elements(${advisories.content} -> 'products') p
            where ${advisories.status} <> 'draft' and ${visibleTo(ctx.principal, ADVISORY_VISIBILITY)} ${vendorFilterAdvisory}
          union all
          select ${column} as name from ${assets} where true ${vendorFilterAsset}
            group by ${column} having count(distinct ${assets.organizationId}) >= ${SUGGESTION_MIN_ORGANIZATIONS} or bool_or(${isOwn})
        ) names where name ilike ${pattern}
        group by name order by (lower(name) like lower(${`${escapeLike(q)}%`})) desc, count(*) desc, name limit 20`,
  );
  return { items: rows.map((row) => row.name) };
}

/**
 * One inventory entry as the API shows it (what its ETag names), for whoever may read the inventory.
 * @throws AppError NOT_FOUND | FORBIDDEN
 */
export async function getAsset(ctx: InventoryContext, organizationId: string, assetId: string): Promise<AssetDto> {
  await assertReads(ctx, organizationId);
  const [row] = await ctx.db.select().from(assets).where(and(eq(assets.id, assetId), eq(assets.organizationId, organizationId)));
  if (!row) throw notFound('Asset');
  return presentAsset(row);
}
