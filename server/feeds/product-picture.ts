/**
 * One product picture per CVE card: the union of what every source says is affected — vendor and
 * BSI CSAF product trees, NVD/CVE configurations, EUVD products, the KEV vendor/product — merged by
 * identity (server/products/alias-index.ts: a name the aliases resolve, a CPE, a purl) and each
 * entry listing the sources that name it with their own version ranges. The same sourced products
 * go into the matching engine, so a KEV-only product still finds its operators ("possibly
 * affected, KEV names no versions") and a BSI range confirms or rules out a version.
 */
import type { AffectedProduct } from '../matching/engine.js';
import { productKeys } from '../matching/engine.js';
import type { AliasIndex } from '../products/alias-index.js';
import type { VersionRange } from '../products/version-range.js';
import type { FeedProduct } from '../../feeds/feed.js';

/** Where a product of the picture comes from. */
export type PictureSource = { kind: 'item' | 'enrichment'; sourceKey: string; sourceName: string; sourceType: string; itemId: string | null; versions: VersionRange[] };

/** One product of the picture. */
export type PictureProduct = {
  /** The identity key the entries were merged under. */
  key: string;
  vendor: string;
  product: string;
  cpe: string | null;
  purl: string | null;
  sources: PictureSource[];
};

/** A product with where it comes from, before merging. */
export type SourcedProduct = FeedProduct & { source: Omit<PictureSource, 'versions'> };

/** The KEV enrichment's vendor/product as sourced products (split like KEV items). */
export function kevEnrichmentProducts(kev: Record<string, unknown> | null, split: (entry: { vendorProject: string; product: string }) => FeedProduct[]): FeedProduct[] {
  const vendor = typeof kev?.vendor === 'string' ? kev.vendor : undefined;
  const product = typeof kev?.product === 'string' ? kev.product : undefined;
  return vendor && product ? split({ vendorProject: vendor, product }) : [];
}

/** Merges sourced products by identity; the display name is the aliases' name for it, else the first source's. */
export function buildPicture(products: readonly SourcedProduct[], aliases: AliasIndex): PictureProduct[] {
  const byKey = new Map<string, PictureProduct>();
  for (const product of products) {
    const keys = productKeys({ vendor: product.vendor, product: product.product, versions: product.versions, cpe: product.cpe, purl: product.purl }, aliases);
    const existing = keys.map((key) => byKey.get(key)).find((entry) => entry !== undefined);
    const entry =
      existing ??
      (() => {
        const key = keys[0]!;
        const named = keys.map((candidate) => aliases.displayName(candidate)).find((name) => name !== undefined);
        const created: PictureProduct = { key, vendor: named?.vendor ?? product.vendor, product: named?.product ?? product.product, cpe: product.cpe ?? null, purl: product.purl ?? null, sources: [] };
        return created;
      })();
    for (const key of keys) if (!byKey.has(key)) byKey.set(key, entry);
    entry.cpe ??= product.cpe ?? null;
    entry.purl ??= product.purl ?? null;
    const same = entry.sources.find((source) => source.sourceKey === product.source.sourceKey && source.itemId === product.source.itemId);
    if (same) same.versions = [...same.versions, ...product.versions].slice(0, 50);
    else entry.sources.push({ ...product.source, versions: [...product.versions] });
  }
  return [...new Set(byKey.values())].sort((a, b) => `${a.vendor} ${a.product}`.localeCompare(`${b.vendor} ${b.product}`, 'de'));
}

/** The sourced products as the matching engine takes them (the source's name explains a "possible" match). */
export function matchableProducts(products: readonly SourcedProduct[]): AffectedProduct[] {
  return products.map((product) => ({ vendor: product.vendor, product: product.product, versions: product.versions, cpe: product.cpe, purl: product.purl, scheme: product.scheme, source: product.source.sourceName }));
}
