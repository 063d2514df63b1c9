/**
 * The matching engine: affected products (an advisory's, or a CVE's product picture) against
 * inventories, as pure functions. Candidates are found through an index by identity key (a name
 * resolved through the alias table, a CPE vendor:product, a purl without version; never by scanning
 * every asset); each candidate's version is then tested against the ranges by the version scheme
 * of its ecosystem (rpm, Debian, semver, Maven, PEP 440, generic).
 *
 * Certainty: a version inside a stated range (or the source saying "all versions") is
 * **confirmed** ("betroffen"). A match the source cannot confirm is **possible** ("möglicherweise
 * betroffen"): the source names no versions at all (CISA KEV), or the inventory gives none. A
 * possible match is dropped when another source with version ranges for the same product rules
 * the asset's version out.
 */
import { compareVersions } from '../products/version.js';
import { cpeMatches, safeParseCpe } from '../products/cpe.js';
import { describeRange, isVersionInRange, type VersionRange } from '../products/version-range.js';
import { compareVersionsIn, schemeOf, type VersionScheme } from '../products/version-schemes.js';
import { safeParsePurl } from '../products/purl.js';
import { SEED_INDEX, type AliasIndex } from '../products/alias-index.js';
import { cpeVersionOf, productKeysOf } from './normalize.js';

/** What matching needs of an asset (a row of `assets` has all of it). */
export type MatchableAsset = {
  id: string;
  organizationId: string;
  vendor: string;
  product: string;
  version: string | null;
  cpe: string | null;
  purl?: string | null;
  matchKey: string;
  cpeKey: string | null;
  purlKey?: string | null;
};

/** One affected product (an advisory's `products` entry, a feed's, a CVE's picture). */
export type AffectedProduct = {
  vendor: string;
  product: string;
  versions: readonly VersionRange[];
  cpe?: string | undefined;
  purl?: string | undefined;
  /** The version scheme of the ranges (from the purl type or the `vers:` scheme); generic when absent. */
  scheme?: VersionScheme | undefined;
  /** Who says so, for the reason of a possible match ("CISA KEV"). */
  source?: string | undefined;
};

export type MatchCertainty = 'confirmed' | 'possible';

/** A hit: this asset of this organization is (possibly) affected, with the reason in German and English. */
export type AssetMatch = { assetId: string; organizationId: string; certainty: MatchCertainty; reasonDe: string; reasonEn: string };

type Verdict = { de: string; en: string; certainty: MatchCertainty; noVersions?: boolean } | null;

/** Lookup keys of an affected product. */
export function productKeys(product: AffectedProduct, aliases: AliasIndex = SEED_INDEX): string[] {
  return productKeysOf(product, aliases);
}

function assetVersion(asset: MatchableAsset): string | undefined {
  return asset.version ?? safeParsePurl(asset.purl)?.version ?? cpeVersionOf(asset.cpe) ?? undefined;
}

function runs(asset: MatchableAsset, version: string | undefined): { de: string; en: string } {
  const name = asset.product.toLowerCase().startsWith(asset.vendor.toLowerCase()) ? asset.product : `${asset.vendor} ${asset.product}`;
  const label = version ? `${name} ${version}` : name;
  return { de: `betreibt ${label}`, en: `runs ${label}` };
}

function literalCpeVersion(cpe: string | undefined): string | undefined {
  return cpe && safeParseCpe(cpe).success ? cpeVersionOf(cpe) : undefined;
}

function schemeFor(product: AffectedProduct, asset: MatchableAsset): VersionScheme {
  if (product.scheme && product.scheme !== 'generic') return product.scheme;
  const purl = safeParsePurl(product.purl) ?? safeParsePurl(asset.purl);
  return purl ? schemeOf(purl.type) : 'generic';
}

/**
 * Whether an asset already known to be the product (same key) runs an affected version, how sure
 * that is, and why.
 */
export function matchAsset(product: AffectedProduct, asset: MatchableAsset): Verdict {
  const version = assetVersion(asset);
  const subject = runs(asset, version);
  const scheme = schemeFor(product, asset);
  const compare = (a: string, b: string) => compareVersionsIn(scheme, a, b);
  if (product.versions.length > 0) {
    if (!version) {
      const range = product.versions[0]!;
      return { de: `${subject.de} (Version unbekannt), ${describeRange(range, 'de')}`, en: `${subject.en} (version unknown), ${describeRange(range, 'en')}`, certainty: range.all === true ? 'confirmed' : 'possible' };
    }
    const range = product.versions.find((candidate) => isVersionInRange(version, candidate, compare));
    return range ? { de: `${subject.de}, ${describeRange(range, 'de')}`, en: `${subject.en}, ${describeRange(range, 'en')}`, certainty: 'confirmed' } : null;
  }
  const exact = literalCpeVersion(product.cpe);
  if (exact !== undefined) {
    const same = version ? compareVersions(version, exact) === 0 : asset.cpe !== null && product.cpe !== undefined && safeCpeMatch(product.cpe, asset.cpe);
    return same ? { de: `${subject.de}, betroffen = ${exact}`, en: `${subject.en}, affected = ${exact}`, certainty: 'confirmed' } : null;
  }
  const source = product.source;
  return {
    de: `${subject.de}; ${source ? `${source} nennt` : 'die Quelle nennt'} keine betroffenen Versionen`,
    en: `${subject.en}; ${source ? `${source} names` : 'the source names'} no affected versions`,
    certainty: 'possible',
    noVersions: true,
  };
}

function safeCpeMatch(pattern: string, candidate: string): boolean {
  return safeParseCpe(pattern).success && safeParseCpe(candidate).success && cpeMatches(pattern, candidate);
}

/** Assets grouped by their keys; build once, query per product. */
export class AssetIndex {
  private readonly byKey = new Map<string, MatchableAsset[]>();

  constructor(
    assets: Iterable<MatchableAsset>,
    private readonly aliases: AliasIndex = SEED_INDEX,
  ) {
    for (const asset of assets) this.add(asset);
  }

  /** Adds one asset under its keys. */
  add(asset: MatchableAsset): void {
    const keys = new Set([asset.matchKey, asset.cpeKey, asset.purlKey].filter((key): key is string => typeof key === 'string' && key !== ''));
    for (const key of keys) push(this.byKey, key, asset);
  }

  /** Assets that are this product by any of its keys, each once. */
  candidates(product: AffectedProduct): MatchableAsset[] {
    const found = new Map<string, MatchableAsset>();
    for (const key of productKeys(product, this.aliases)) for (const asset of this.byKey.get(key) ?? []) found.set(asset.id, asset);
    return [...found.values()];
  }
}

function push(map: Map<string, MatchableAsset[]>, key: string, asset: MatchableAsset): void {
  const list = map.get(key);
  if (list) list.push(asset);
  else map.set(key, [asset]);
}

/**
 * Every (possibly) affected asset through the index, each once: a confirmed reason wins over a
 * possible one, and a "no versions named" match is dropped when a source with ranges rules the
 * asset's version out.
 */
export function matchProducts(products: readonly AffectedProduct[], index: AssetIndex): AssetMatch[] {
  return collect(products, (product) => index.candidates(product));
}

function collect(products: readonly AffectedProduct[], candidatesOf: (product: AffectedProduct) => MatchableAsset[]): AssetMatch[] {
  const matches = new Map<string, AssetMatch & { noVersions: boolean }>();
  const ruledOut = new Set<string>();
  for (const product of products) {
    for (const asset of candidatesOf(product)) {
      const existing = matches.get(asset.id);
      if (existing?.certainty === 'confirmed') continue;
      const verdict = matchAsset(product, asset);
      if (!verdict) {
        if (product.versions.length > 0 && assetVersion(asset) !== undefined) ruledOut.add(asset.id);
        continue;
      }
      if (existing && verdict.certainty !== 'confirmed') continue;
      matches.set(asset.id, { assetId: asset.id, organizationId: asset.organizationId, certainty: verdict.certainty, reasonDe: verdict.de, reasonEn: verdict.en, noVersions: verdict.noVersions === true });
    }
  }
  return [...matches.values()].filter((match) => !(match.noVersions && ruledOut.has(match.assetId))).map(({ noVersions: _noVersions, ...match }) => match);
}

/**
 * The nested-loop baseline for the benchmark: every product against every asset, computing the
 * keys on each comparison (what matching without the stored keys and index would do).
 */
export function matchProductsNaive(products: readonly AffectedProduct[], assets: readonly MatchableAsset[], aliases: AliasIndex = SEED_INDEX): AssetMatch[] {
  return collect(products, (product) => {
    const keys = new Set(productKeys(product, aliases));
    return assets.filter((asset) => productKeysOf({ vendor: asset.vendor, product: asset.product, cpe: asset.cpe, purl: asset.purl }, aliases).some((key) => keys.has(key)));
  });
}
