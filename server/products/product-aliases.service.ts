/**
 * The alias table as a service: the cached {@link AliasIndex} every matching operation resolves
 * names through, the seed at start, the aliases feeds teach (a name given with a CPE), and the
 * CERT's edits — after which every asset's stored keys are recomputed and the organizations whose
 * keys changed are re-matched, in the same transaction.
 */
import { asc, eq, ilike, or, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../platform/db/client.js';
import { assets } from '../inventory/inventory.table.js';
import { AliasIndex, aliasNameKey, foldVendor, seedAliasEntries, type AliasEntry } from './alias-index.js';
import { productAliases, type ProductAliasRow } from './product-aliases.table.js';
import { cpeKeyOf, matchKeyOf, purlKeyOf } from '../matching/normalize.js';

let cached: { generation: string; index: AliasIndex } | undefined;

/**
 * The alias index of the table as it is now (cached until a row changes; the check is one cheap
 * aggregate, so several instances see each other's edits at once).
 */
export async function loadAliasIndex(db: Executor): Promise<AliasIndex> {
  const [state] = await queryRows<{ generation: string }>(db, sql`select count(*)::text || '/' || coalesce(max(updated_at)::text, '') as generation from product_aliases`);
  const generation = state?.generation ?? '';
  if (cached?.generation === generation) return cached.index;
  const rows = await db.select().from(productAliases).orderBy(asc(productAliases.createdAt));
  const index = new AliasIndex(rows.length > 0 ? rows.map(toEntry) : seedAliasEntries());
  cached = { generation, index };
  return index;
}

function toEntry(row: ProductAliasRow): AliasEntry {
  return { kind: row.kind, cpeVendor: row.cpeVendor, cpeProduct: row.cpeProduct, vendor: row.vendor, product: row.product, origin: row.origin };
}

/** Inserts the seed aliases whose names are not in the table yet (every start; the CERT's edits stay). @returns rows added */
export async function seedProductAliases(db: Executor): Promise<number> {
  return insertMissing(db, seedAliasEntries());
}

async function insertMissing(db: Executor, entries: readonly AliasEntry[]): Promise<number> {
  const seedIndex = new AliasIndex(entries);
  const rows = new Map<string, typeof productAliases.$inferInsert>();
  for (const entry of entries) {
    const nameKey = aliasNameKey(entry, seedIndex);
    if (!rows.has(nameKey)) rows.set(nameKey, { ...entry, nameKey });
  }
  if (rows.size === 0) return 0;
  let added = 0;
  const values = [...rows.values()];
  for (let start = 0; start < values.length; start += 500) {
    added += (await db.insert(productAliases).values(values.slice(start, start + 500)).onConflictDoNothing({ target: productAliases.nameKey }).returning({ id: productAliases.id })).length;
  }
  return added;
}

/** A product as feeds bring it, for {@link learnAliases}. */
export type NamedProduct = { vendor: string; product: string; cpe?: string | null | undefined };

/**
 * Aliases a feed teaches: a product given by name AND by CPE (BSI CSAF, CVE records) ties the name
 * to the CPE identity. Names the table knows already (seed, the CERT's, an earlier feed) are kept
 * as they are. @returns rows added
 */
export async function learnAliases(db: Executor, products: readonly NamedProduct[], origin: string): Promise<number> {
  const entries: AliasEntry[] = [];
  const seen = new Set<string>();
  for (const product of products) {
    const key = cpeKeyOf(product.cpe);
    if (!key) continue;
    const [cpeVendor, cpeProduct] = key.split(':') as [string, string];
    const id = `${foldVendor(product.vendor)}|${product.product.toLowerCase()}|${key}`;
    if (seen.has(id) || product.vendor.length > 200 || product.product.length > 200) continue;
    seen.add(id);
    if (foldVendor(product.vendor) !== cpeVendor.replace(/_/g, ' ')) entries.push({ kind: 'vendor', cpeVendor, cpeProduct: null, vendor: product.vendor, product: null, origin });
    entries.push({ kind: 'product', cpeVendor, cpeProduct, vendor: product.vendor, product: product.product, origin });
  }
  return entries.length > 0 ? insertMissing(db, entries) : 0;
}

/** Recomputes every asset's keys through the current aliases. @returns the organizations whose assets' keys changed */
export async function refreshAssetKeys(db: Executor): Promise<string[]> {
  const aliases = await loadAliasIndex(db);
  const rows = await db.select({ id: assets.id, organizationId: assets.organizationId, vendor: assets.vendor, product: assets.product, cpe: assets.cpe, purl: assets.purl, matchKey: assets.matchKey, cpeKey: assets.cpeKey, purlKey: assets.purlKey }).from(assets);
  const changed: { id: string; match_key: string; cpe_key: string | null; purl_key: string | null }[] = [];
  const organizations = new Set<string>();
  for (const row of rows) {
    const next = { match_key: matchKeyOf(row.vendor, row.product, aliases), cpe_key: cpeKeyOf(row.cpe) ?? null, purl_key: purlKeyOf(row.purl) ?? null };
    if (next.match_key === row.matchKey && next.cpe_key === row.cpeKey && next.purl_key === row.purlKey) continue;
    changed.push({ id: row.id, ...next });
    organizations.add(row.organizationId);
  }
  for (let start = 0; start < changed.length; start += 5_000) {
    await db.execute(sql`update assets a set match_key = r.match_key, cpe_key = r.cpe_key, purl_key = r.purl_key
      from jsonb_to_recordset(${JSON.stringify(changed.slice(start, start + 5_000))}::jsonb) as r(id uuid, match_key text, cpe_key text, purl_key text)
      where a.id = r.id`);
  }
  return [...organizations];
}

/** A page of aliases, filtered by a name or CPE part. */
export async function listAliases(db: Executor, query: { q?: string | undefined; limit: number; offset: number }): Promise<{ items: ProductAliasRow[]; total: number }> {
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : undefined;
  const where = pattern ? or(ilike(productAliases.vendor, pattern), ilike(productAliases.product, pattern), ilike(productAliases.cpeVendor, pattern), ilike(productAliases.cpeProduct, pattern)) : undefined;
  const items = await db.select().from(productAliases).where(where).orderBy(asc(productAliases.cpeVendor), asc(productAliases.cpeProduct), asc(productAliases.vendor), asc(productAliases.product)).limit(query.limit).offset(query.offset);
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(productAliases).where(where);
  return { items, total: count?.total ?? 0 };
}

/** One alias row. */
export async function findAlias(db: Executor, id: string): Promise<ProductAliasRow | undefined> {
  const [row] = await db.select().from(productAliases).where(eq(productAliases.id, id));
  return row;
}
