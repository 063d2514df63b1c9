/**
 * "Does it matter to Thuringia?" for the triage inbox: the constituent organizations whose
 * inventory runs a product of a card, found by the matching engine (server/matching/engine.ts,
 * the same index, keys and version-range test that matching a published advisory uses). Nothing is
 * stored and nobody is notified: a feed item is raw intake, only an advisory reaches constituents.
 * Callers are CERT-only (the inbox routes), who see every inventory.
 */
import { inArray } from 'drizzle-orm';
import { AssetIndex, matchProducts, type AffectedProduct } from '../matching/engine.js';
import { candidateAssets } from '../matching/matching.service.js';
import { organizations } from '../organizations/organizations.table.js';
import type { Executor } from '../platform/db/client.js';
import type { FeedProduct } from '../../feeds/feed.js';

/** One organization running an affected product, with why (one reason per matching asset). */
export type AffectedOrganizationDto = {
  organizationId: string;
  name: string;
  shortName: string | null;
  reasons: { assetId: string; de: string; en: string }[];
};

function affectedProducts(products: readonly FeedProduct[]): AffectedProduct[] {
  return products.map((product) => ({ vendor: product.vendor, product: product.product, versions: product.versions, cpe: product.cpe }));
}

/** Prepared once per page: the candidate assets of all products of all cards, indexed. */
export class AffectedLookup {
  private constructor(
    private readonly index: AssetIndex,
    private readonly names: Map<string, { name: string; shortName: string | null }>,
  ) {}

  static async load(db: Executor, productSets: readonly (readonly FeedProduct[])[]): Promise<AffectedLookup> {
    const all = affectedProducts(productSets.flat());
    const assets = all.length > 0 ? await candidateAssets(db, all) : [];
    const orgIds = [...new Set(assets.map((asset) => asset.organizationId))];
    const rows = orgIds.length > 0 ? await db.select({ id: organizations.id, name: organizations.name, shortName: organizations.shortName }).from(organizations).where(inArray(organizations.id, orgIds)) : [];
    return new AffectedLookup(new AssetIndex(assets), new Map(rows.map((row) => [row.id, { name: row.name, shortName: row.shortName }])));
  }

  /** The organizations running any of `products`, by name. */
  affected(products: readonly FeedProduct[]): AffectedOrganizationDto[] {
    const byOrganization = new Map<string, AffectedOrganizationDto>();
    for (const match of matchProducts(affectedProducts(products), this.index)) {
      const org = this.names.get(match.organizationId);
      if (!org) continue;
      const entry = byOrganization.get(match.organizationId) ?? { organizationId: match.organizationId, name: org.name, shortName: org.shortName, reasons: [] };
      entry.reasons.push({ assetId: match.assetId, de: match.reasonDe, en: match.reasonEn });
      byOrganization.set(match.organizationId, entry);
    }
    return [...byOrganization.values()].sort((a, b) => a.name.localeCompare(b.name, 'de'));
  }
}
