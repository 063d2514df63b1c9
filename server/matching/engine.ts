/**
 * The matching engine: an advisory's affected products against inventories, as pure functions.
 * Candidates are found through an index by normalized `vendor|product` and CPE `vendor:product`
 * (never by scanning every asset); each candidate's version is then tested against the ranges.
 * Isomorphic apart from nothing: no I/O, so the benchmark and the database path share it.
 */
import { compareVersions } from '../products/version.js';
import { cpeMatches, safeParseCpe } from '../products/cpe.js';
import { describeRange, isVersionInRange, type VersionRange } from '../products/version-range.js';
import { cpeKeyOf, cpeVersionOf, matchKeyOf } from './normalize.js';

/** What matching needs of an asset (a row of `assets` has all of it). */
export type MatchableAsset = {
  id: string;
  organizationId: string;
  vendor: string;
  product: string;
  version: string | null;
  cpe: string | null;
  matchKey: string;
  cpeKey: string | null;
};

/** One affected product of an advisory (its `products` entries). */
export type AffectedProduct = { vendor: string; product: string; versions: readonly VersionRange[]; cpe?: string | undefined };

/** A hit: this asset of this organization is affected, with the reason in German and English. */
export type AssetMatch = { assetId: string; organizationId: string; reasonDe: string; reasonEn: string };

/** Lookup keys of an affected product. */
export function productKeys(product: AffectedProduct): { matchKey: string; cpeKey: string | undefined } {
  return { matchKey: matchKeyOf(product.vendor, product.product), cpeKey: cpeKeyOf(product.cpe) };
}

function runs(asset: MatchableAsset, version: string | undefined): { de: string; en: string } {
  const name = asset.product.toLowerCase().startsWith(asset.vendor.toLowerCase()) ? asset.product : `${asset.vendor} ${asset.product}`;
  const label = version ? `${name} ${version}` : name;
  return { de: `betreibt ${label}`, en: `runs ${label}` };
}

function literalCpeVersion(cpe: string | undefined): string | undefined {
  return cpe && safeParseCpe(cpe).success ? cpeVersionOf(cpe) : undefined;
}

/**
 * Whether an asset already known to be the product (same key) runs an affected version, and why.
 * An asset without a version counts as affected: hiding a possibly vulnerable system is worse
 * than asking its owner to check.
 */
export function matchAsset(product: AffectedProduct, asset: MatchableAsset): { de: string; en: string } | null {
  const version = asset.version ?? cpeVersionOf(asset.cpe) ?? undefined;
  const subject = runs(asset, version);
  if (product.versions.length > 0) {
    if (!version) {
      const range = product.versions[0]!;
      return { de: `${subject.de} (Version unbekannt), ${describeRange(range, 'de')}`, en: `${subject.en} (version unknown), ${describeRange(range, 'en')}` };
    }
    const range = product.versions.find((candidate) => isVersionInRange(version, candidate));
    return range ? { de: `${subject.de}, ${describeRange(range, 'de')}`, en: `${subject.en}, ${describeRange(range, 'en')}` } : null;
  }
  const exact = literalCpeVersion(product.cpe);
  if (exact !== undefined) {
    const same = version ? compareVersions(version, exact) === 0 : asset.cpe !== null && product.cpe !== undefined && safeCpeMatch(product.cpe, asset.cpe);
    return same ? { de: `${subject.de}, betroffen = ${exact}`, en: `${subject.en}, affected = ${exact}` } : null;
  }
  return { de: `${subject.de}, alle Versionen betroffen`, en: `${subject.en}, all versions affected` };
}

function safeCpeMatch(pattern: string, candidate: string): boolean {
  return safeParseCpe(pattern).success && safeParseCpe(candidate).success && cpeMatches(pattern, candidate);
}

/** Assets grouped by their two keys; build once, query per product. */
export class AssetIndex {
  private readonly byMatchKey = new Map<string, MatchableAsset[]>();
  private readonly byCpeKey = new Map<string, MatchableAsset[]>();

  constructor(assets: Iterable<MatchableAsset>) {
    for (const asset of assets) this.add(asset);
  }

  /** Adds one asset under its keys. */
  add(asset: MatchableAsset): void {
    push(this.byMatchKey, asset.matchKey, asset);
    if (asset.cpeKey) push(this.byCpeKey, asset.cpeKey, asset);
  }

  /** Assets that are this product by name or by CPE vendor:product, each once. */
  candidates(product: AffectedProduct): MatchableAsset[] {
    const keys = productKeys(product);
    const byName = this.byMatchKey.get(keys.matchKey) ?? [];
    const byCpe = keys.cpeKey ? (this.byCpeKey.get(keys.cpeKey) ?? []) : [];
    if (byCpe.length === 0) return byName;
    const seen = new Set(byName.map((asset) => asset.id));
    return [...byName, ...byCpe.filter((asset) => !seen.has(asset.id))];
  }
}

function push(map: Map<string, MatchableAsset[]>, key: string, asset: MatchableAsset): void {
  const list = map.get(key);
  if (list) list.push(asset);
  else map.set(key, [asset]);
}

/** Every affected asset (each asset once, with the first product's reason) through the index. */
export function matchProducts(products: readonly AffectedProduct[], index: AssetIndex): AssetMatch[] {
  const matches = new Map<string, AssetMatch>();
  for (const product of products) {
    for (const asset of index.candidates(product)) {
      if (matches.has(asset.id)) continue;
      const reason = matchAsset(product, asset);
      if (reason) matches.set(asset.id, { assetId: asset.id, organizationId: asset.organizationId, reasonDe: reason.de, reasonEn: reason.en });
    }
  }
  return [...matches.values()];
}

/**
 * The nested-loop baseline for the benchmark: every product against every asset, normalizing the
 * names on each comparison (what matching without the stored keys and index would do).
 */
export function matchProductsNaive(products: readonly AffectedProduct[], assets: readonly MatchableAsset[]): AssetMatch[] {
  const matches = new Map<string, AssetMatch>();
  for (const product of products) {
    const keys = productKeys(product);
    for (const asset of assets) {
      if (matches.has(asset.id)) continue;
      const same = matchKeyOf(asset.vendor, asset.product) === keys.matchKey || (keys.cpeKey !== undefined && cpeKeyOf(asset.cpe) === keys.cpeKey);
      if (!same) continue;
      const reason = matchAsset(product, asset);
      if (reason) matches.set(asset.id, { assetId: asset.id, organizationId: asset.organizationId, reasonDe: reason.de, reasonEn: reason.en });
    }
  }
  return [...matches.values()];
}
