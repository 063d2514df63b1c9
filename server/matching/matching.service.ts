/**
 * Matching against the database: on publish and revision (inside the publishing transaction) and on
 * inventory change (inside the inventory transaction). Stores `advisory_matches`, remembers when an
 * organization first became affected, and writes one `advisory.matched` outbox event per newly
 * affected organization — only to organizations the TLP policy lets see the advisory.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { loadOrganizationStandings, organizationCanView, type OrganizationStanding } from '../access/organization-view.js';
import { tlpLabel } from '../access/tlp.js';
import { accessObjectOf } from '../advisories/advisories.policy.js';
import { advisories, advisoryColumns, type AdvisoryRow } from '../advisories/advisories.table.js';
import { assets } from '../inventory/inventory.table.js';
import type { Executor } from '../platform/db/client.js';
import { emitEvent } from '../access/event-declaration.js';
import { ADVISORY_MATCHED } from './matching.events.js';
import { AssetIndex, matchProducts, productKeys, type AffectedProduct, type AssetMatch, type MatchableAsset } from './engine.js';
import type { AliasIndex } from '../products/alias-index.js';
import { loadAliasIndex } from '../products/product-aliases.service.js';
import { advisoryAffected, advisoryMatches } from './matching.table.js';


function isLive(row: AdvisoryRow): boolean {
  return row.status === 'published' || row.status === 'revised';
}

function productsOf(row: AdvisoryRow): AffectedProduct[] {
  return row.content.products.map((product) => ({ vendor: product.vendor, product: product.product, versions: product.versions, cpe: product.cpe, purl: product.purl, scheme: product.scheme }));
}

/** The asset columns matching reads. */
export const MATCHABLE_ASSET_COLUMNS = { id: assets.id, organizationId: assets.organizationId, vendor: assets.vendor, product: assets.product, version: assets.version, cpe: assets.cpe, purl: assets.purl, matchKey: assets.matchKey, cpeKey: assets.cpeKey, purlKey: assets.purlKey };

/** Candidate assets of the products, found through the indexed keys (also the inbox's "who runs it"). */
export async function candidateAssets(tx: Executor, products: readonly AffectedProduct[], aliases?: AliasIndex): Promise<MatchableAsset[]> {
  const index = aliases ?? (await loadAliasIndex(tx));
  const keys = [...new Set(products.flatMap((product) => productKeys(product, index)))];
  if (keys.length === 0) return [];
  return tx
    .select(MATCHABLE_ASSET_COLUMNS)
    .from(assets)
    .where(or(inArray(assets.matchKey, keys), inArray(assets.cpeKey, keys), inArray(assets.purlKey, keys)));
}

/** Groups matches by organization. */
function byOrganization(matches: readonly AssetMatch[]): Map<string, AssetMatch[]> {
  const grouped = new Map<string, AssetMatch[]>();
  for (const match of matches) grouped.set(match.organizationId, [...(grouped.get(match.organizationId) ?? []), match]);
  return grouped;
}

/**
 * Replaces the stored matches of (advisory, organizations in scope) and announces newly affected
 * organizations. `scope` = undefined: every organization (publish/revision); otherwise one.
 * @returns the affected organization ids.
 */
async function storeMatches(tx: Executor, row: AdvisoryRow, matches: AssetMatch[], standings: Map<string, OrganizationStanding>, scope?: string): Promise<string[]> {
  const object = accessObjectOf(row);
  const visible = matches.filter((match) => {
    const org = standings.get(match.organizationId);
    return org !== undefined && organizationCanView(org, object);
  });
  const previous = await tx
    .selectDistinct({ organizationId: advisoryMatches.organizationId })
    .from(advisoryMatches)
    .where(and(eq(advisoryMatches.advisoryId, row.id), scope ? eq(advisoryMatches.organizationId, scope) : undefined));
  const before = new Set(previous.map((entry) => entry.organizationId));
  await tx.delete(advisoryMatches).where(and(eq(advisoryMatches.advisoryId, row.id), scope ? eq(advisoryMatches.organizationId, scope) : undefined));
  const grouped = byOrganization(visible);
  if (visible.length > 0) {
    for (let start = 0; start < visible.length; start += 1000) {
      await tx.insert(advisoryMatches).values(visible.slice(start, start + 1000).map((match) => ({ advisoryId: row.id, version: row.version, ...match })));
    }
    await tx
      .insert(advisoryAffected)
      .values([...grouped.keys()].map((organizationId) => ({ advisoryId: row.id, organizationId })))
      .onConflictDoNothing();
  }
  for (const [organizationId, orgMatches] of grouped) {
    if (before.has(organizationId)) continue;
    await emitEvent(tx, ADVISORY_MATCHED, row.id, {
      advisoryId: row.id,
      version: row.version,
      organizationId,
      title: row.content.title,
      summary: row.content.summary,
      cves: row.content.cves,
      severity: row.severity,
      tlp: tlpLabel(row.tlp),
      certainty: orgMatches.some((match) => match.certainty === 'confirmed') ? 'confirmed' : 'possible',
      reasons: orgMatches.map((match) => ({ assetId: match.assetId, certainty: match.certainty, de: match.reasonDe, en: match.reasonEn })),
    });
  }
  return [...grouped.keys()];
}

/** Organizations an advisory's published versions matched so far (they were told "affects you"). */
export async function matchedOrganizations(tx: Executor, advisoryId: string): Promise<string[]> {
  const rows = await tx.selectDistinct({ organizationId: advisoryMatches.organizationId }).from(advisoryMatches).where(eq(advisoryMatches.advisoryId, advisoryId));
  return rows.map((row) => row.organizationId);
}

/**
 * Matches a just published or revised advisory against every inventory, in the caller's
 * (publishing) transaction. A withdrawn advisory keeps its matches for the record.
 * @returns the affected organization ids.
 */
export async function matchAdvisory(tx: Executor, row: AdvisoryRow): Promise<string[]> {
  if (!isLive(row)) return [];
  const products = productsOf(row);
  const aliases = await loadAliasIndex(tx);
  const found = await candidateAssets(tx, products, aliases);
  const matches = matchProducts(products, new AssetIndex(found, aliases));
  const standings = await loadOrganizationStandings(tx, [...new Set(matches.map((match) => match.organizationId))]);
  return storeMatches(tx, row, matches, standings);
}

/**
 * Re-matches every published advisory the organization may see against its (changed) inventory,
 * in the caller's (inventory) transaction.
 * @returns ids of the advisories that now affect the organization.
 */
export async function rematchOrganization(tx: Executor, organizationId: string): Promise<string[]> {
  const standings = await loadOrganizationStandings(tx, [organizationId]);
  const org = standings.get(organizationId);
  if (!org) return [];
  const live = await tx
    .select(advisoryColumns)
    .from(advisories)
    .where(and(inArray(advisories.status, ['published', 'revised']), sql`jsonb_array_length(${advisories.content} -> 'products') > 0`));
  // One organization's inventory is small: index it once and match every advisory in memory.
  const index = new AssetIndex(await tx.select(MATCHABLE_ASSET_COLUMNS).from(assets).where(eq(assets.organizationId, organizationId)), await loadAliasIndex(tx));
  const affected: string[] = [];
  for (const row of live) {
    if (!organizationCanView(org, accessObjectOf(row))) continue;
    const matches = matchProducts(productsOf(row), index);
    const orgs = await storeMatches(tx, row, matches, standings, organizationId);
    if (orgs.length > 0) affected.push(row.id);
  }
  return affected;
}
