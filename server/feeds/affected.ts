/**
 * "Does it matter to Thuringia?" for the triage inbox: the constituent organizations whose
 * inventory runs a product of a card's product picture, found by the matching engine
 * (server/matching/engine.ts, the same index, keys, aliases and version schemes that matching a
 * published advisory uses), each confirmed ("betroffen") or possible ("möglicherweise betroffen")
 * with the reason. Nothing is stored and nobody is notified: a feed item is raw intake, only an
 * advisory reaches constituents. Callers are CERT-only (the inbox routes), who see every inventory.
 */
import { inArray } from 'drizzle-orm';
import { AssetIndex, matchProducts, type AffectedProduct, type MatchCertainty } from '../matching/engine.js';
import { candidateAssets } from '../matching/matching.service.js';
import { organizations } from '../organizations/organizations.table.js';
import type { AliasIndex } from '../products/alias-index.js';
import type { Executor } from '../platform/db/client.js';

/** One organization running an affected product, how sure, and why (one reason per matching asset). */
export type AffectedOrganizationDto = {
  organizationId: string;
  name: string;
  shortName: string | null;
  certainty: MatchCertainty;
  reasons: { assetId: string; certainty: MatchCertainty; de: string; en: string }[];
};

/** Prepared once per page: the candidate assets of all products of all cards, indexed. */
export class AffectedLookup {
  private constructor(
    private readonly index: AssetIndex,
    private readonly names: Map<string, { name: string; shortName: string | null }>,
  ) {}

  static async load(db: Executor, productSets: readonly (readonly AffectedProduct[])[], aliases: AliasIndex): Promise<AffectedLookup> {
    const all = productSets.flat();
    const assets = all.length > 0 ? await candidateAssets(db, all, aliases) : [];
    const orgIds = [...new Set(assets.map((asset) => asset.organizationId))];
    const rows = orgIds.length > 0 ? await db.select({ id: organizations.id, name: organizations.name, shortName: organizations.shortName }).from(organizations).where(inArray(organizations.id, orgIds)) : [];
    return new AffectedLookup(new AssetIndex(assets, aliases), new Map(rows.map((row) => [row.id, { name: row.name, shortName: row.shortName }])));
  }

  /** The organizations running any of `products`, confirmed ones first, then by name. */
  affected(products: readonly AffectedProduct[]): AffectedOrganizationDto[] {
    const byOrganization = new Map<string, AffectedOrganizationDto>();
    for (const match of matchProducts(products, this.index)) {
      const org = this.names.get(match.organizationId);
      if (!org) continue;
      const entry = byOrganization.get(match.organizationId) ?? { organizationId: match.organizationId, name: org.name, shortName: org.shortName, certainty: 'possible', reasons: [] };
      entry.reasons.push({ assetId: match.assetId, certainty: match.certainty, de: match.reasonDe, en: match.reasonEn });
      if (match.certainty === 'confirmed') entry.certainty = 'confirmed';
      byOrganization.set(match.organizationId, entry);
    }
    return [...byOrganization.values()].sort((a, b) => (a.certainty === b.certainty ? a.name.localeCompare(b.name, 'de') : a.certainty === 'confirmed' ? -1 : 1));
  }
}
