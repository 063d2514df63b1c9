/**
 * CSAF product tree → affected products as advisories and matching take them (vendor, product,
 * version ranges, CPE 2.3).
 *
 * - Leaves are found under `branches` (vendor → product_family/product_name → product_version /
 *   product_version_range, CSAF 2.0 §3.1.2), in `full_product_names` and `relationships`.
 * - Only products a vulnerability lists as affected (`known_affected`, `first_affected`,
 *   `last_affected`; a relationship counts for its `product_reference`) are returned. A document
 *   without any product status (rare, e.g. informational advisories) yields every leaf except the
 *   ones marked fixed or not affected: over-matching asks an owner to check, under-matching hides.
 * - Ranges: `product_version_range` names are `vers:` strings or BSI's `<1.2.3` style and go through
 *   server/products/version-range.ts. BSI sometimes puts a product suffix before the operator
 *   ("Warehouse <5.1.0" under product "DB2"); the text before the operator then joins the product
 *   name. `product_version` is an exact version. An unparseable range keeps the product with no
 *   range (all versions).
 * - CPE: `product_identification_helper.cpe`, 2.3 or the 2.2 URI form BSI uses, normalized to a
 *   CPE 2.3 string. When a range is given, the CPE's version/update become ANY: BSI puts the fixed
 *   version into the CPE of a `<x` range, which would otherwise read as "exactly x".
 */
import { CPE_ANY, formatCpe23, safeParseCpe } from '../../server/products/cpe.js';
import { parseVersionRanges, VersionRangeParseError, type VersionRange } from '../../server/products/version-range.js';
import type { FeedProduct } from '../feed.js';
import { safeParsePurl, type ParsedPurl } from '../../server/products/purl.js';
import { VersionSchema } from '../../server/products/version.js';
import { versSchemeOf } from '../../server/products/vers.js';
import { compareVersionsIn, schemeOf } from '../../server/products/version-schemes.js';
import type { CsafBranch, CsafDocument, CsafProduct } from './csaf.schemas.js';

type Leaf = { product: CsafProduct; vendor?: string; productName?: string; versionCategory?: string; versionName?: string };

const AFFECTED = ['known_affected', 'first_affected', 'last_affected'] as const;
const NOT_AFFECTED = ['fixed', 'first_fixed', 'known_not_affected'] as const;
const MAX_PRODUCTS = 5_000;
const MAX_RANGES = 50;

function collectLeaves(branches: readonly CsafBranch[], context: Omit<Leaf, 'product'>, out: Map<string, Leaf>, depth = 0): void {
  if (depth > 30) return;
  for (const branch of branches) {
    const next = { ...context };
    if (branch.category === 'vendor') next.vendor = branch.name;
    if (branch.category === 'product_name') next.productName = branch.name;
    if (branch.category === 'product_family' && next.productName === undefined) next.productName = branch.name;
    if (branch.category === 'product_version' || branch.category === 'product_version_range') {
      next.versionCategory = branch.category;
      next.versionName = branch.name;
    }
    if (branch.product && !out.has(branch.product.product_id)) out.set(branch.product.product_id, { ...next, product: branch.product });
    if (branch.branches) collectLeaves(branch.branches, next, out, depth + 1);
  }
}

/**
 * Product ids to report. `fixedOnly`: the document names only fixed products (Red Hat style); the
 * product lines they belong to are then reported, a fixed version `V` as the range `< V`, and a
 * relationship ("package as a component of platform") as its platform.
 */
function affectedIds(document: CsafDocument, leaves: ReadonlyMap<string, Leaf>): { ids: Set<string>; fixedOnly: boolean; statusless?: boolean } {
  const relationships = document.product_tree?.relationships ?? [];
  const component = new Map(relationships.map((r) => [r.full_product_name.product_id, r.product_reference]));
  const platform = new Map(relationships.map((r) => [r.full_product_name.product_id, r.relates_to_product_reference]));
  const affected = new Set<string>();
  const excluded = new Set<string>();
  const fixed = new Set<string>();
  for (const vulnerability of document.vulnerabilities ?? []) {
    const status = vulnerability.product_status;
    if (!status) continue;
    for (const key of AFFECTED) for (const id of status[key] ?? []) affected.add(component.get(id) ?? id);
    for (const key of NOT_AFFECTED) for (const id of status[key] ?? []) excluded.add(component.get(id) ?? id);
    for (const id of [...(status.fixed ?? []), ...(status.first_fixed ?? [])]) fixed.add(platform.get(id) ?? id);
  }
  if (affected.size > 0) return { ids: affected, fixedOnly: false };
  if (fixed.size > 0) return { ids: fixed, fixedOnly: true };
  return { ids: new Set([...leaves.keys()].filter((id) => !excluded.has(id))), fixedOnly: false, statusless: true };
}

function toCpe23(cpe: string | undefined, withRange: boolean): string | undefined {
  if (cpe === undefined) return undefined;
  const parsed = safeParseCpe(cpe);
  if (!parsed.success) return undefined;
  try {
    return formatCpe23(withRange ? { ...parsed.data, version: CPE_ANY, update: CPE_ANY } : parsed.data);
  } catch {
    return undefined;
  }
}

const OPERATOR_START = /(<=|>=|<|>|=|≤|≥)/;
// An "exact version" that does not start like one ("on Cloud Pak for Data") is product text.
const VERSION_LIKE = /^v?\d/i;
const plausible = (ranges: VersionRange[]): VersionRange[] => ranges.filter((r) => r.exact === undefined || VERSION_LIKE.test(r.exact));

/** Ranges of a `product_version_range` name, plus any product-name suffix before the operator. */
export function rangesOf(name: string): { ranges: VersionRange[]; suffix?: string } {
  // `vers:rpm/…`, `vers:deb/…`: the scheme orders the constraints (and later the comparison).
  const scheme = schemeOf(versSchemeOf(name));
  try {
    return { ranges: plausible(parseVersionRanges(name, (a, b) => compareVersionsIn(scheme, a, b))) };
  } catch (error) {
    if (!(error instanceof VersionRangeParseError)) throw error;
  }
  const match = OPERATOR_START.exec(name);
  if (!match || match.index === 0) return { ranges: [] };
  const suffix = name.slice(0, match.index).trim();
  try {
    return { ranges: plausible(parseVersionRanges(name.slice(match.index))), suffix };
  } catch (error) {
    if (!(error instanceof VersionRangeParseError)) throw error;
    return { ranges: [] };
  }
}

// An rpm NEVRA as Red Hat and SUSE name their package products: name-[epoch:]version-release.arch.
const NEVRA = /^(?<name>[A-Za-z0-9][A-Za-z0-9_.+-]*?)-(?:(?<epoch>\d+):)?(?<version>[^-:\s]+)-(?<release>[^-:\s]+)\.(?<arch>noarch|src|x86_64|aarch64|ppc64le|ppc64|s390x|i686|i386|armv7hl)$/;

/** The package URL of a leaf: its own `product_identification_helper.purl`, else one read from an rpm NEVRA name. */
function purlOf(leaf: Leaf): ParsedPurl | undefined {
  const own = safeParsePurl(leaf.product.product_identification_helper?.purl);
  if (own) return own;
  const nevra = NEVRA.exec(leaf.versionName ?? leaf.product.name)?.groups;
  if (!nevra || leaf.vendor === undefined) return undefined;
  const namespace = leaf.vendor.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return safeParsePurl(`pkg:rpm/${encodeURIComponent(namespace)}/${encodeURIComponent(nevra.name!)}@${encodeURIComponent(`${nevra.version}-${nevra.release}`)}${nevra.epoch ? `?epoch=${nevra.epoch}` : ''}`);
}

/**
 * A package product (a leaf with a purl or an rpm NEVRA): the package by its purl identity, and
 * its version as the fixed bound (`< version`) where the document names fixed packages, else as the
 * exact affected version. `distribution`: a document without any product status that lists
 * distribution packages (rpm/deb) — a distribution's update advisory, whose packages are the fixes.
 */
function packageProduct(leaf: Leaf, purl: ParsedPurl, fixedOnly: boolean, statusless: boolean): FeedProduct | undefined {
  const vendor = (leaf.vendor ?? purl.namespace ?? purl.type).trim().slice(0, 200);
  const product = purl.name.trim().slice(0, 200);
  if (vendor === '' || product === '') return undefined;
  const fixed = fixedOnly || (statusless && (purl.scheme === 'rpm' || purl.scheme === 'deb'));
  const version = purl.version !== undefined && VersionSchema.safeParse(purl.version).success ? purl.version : undefined;
  return { vendor, product, versions: version === undefined ? [] : [fixed ? { below: version } : { exact: version }], purl: purl.key, ...(purl.scheme !== 'generic' ? { scheme: purl.scheme } : {}) };
}

function leafToProduct(leaf: Leaf, publisher: string, fixedOnly: boolean, statusless = false): FeedProduct | undefined {
  const purl = purlOf(leaf);
  if (purl) return packageProduct(leaf, purl, fixedOnly, statusless);
  let ranges: VersionRange[] = [];
  let productName = leaf.productName ?? leaf.product.name;
  if (leaf.versionCategory === 'product_version_range' && leaf.versionName !== undefined) {
    const parsed = rangesOf(leaf.versionName);
    ranges = parsed.ranges;
    if (parsed.suffix && leaf.productName !== undefined) productName = `${productName} ${parsed.suffix}`;
  } else if (leaf.versionCategory === 'product_version' && leaf.versionName !== undefined) {
    // Fortinet writes the product name before the version ("FortiOS 7.2.4" under product "FortiOS").
    const prefix = leaf.productName !== undefined && leaf.versionName.toLowerCase().startsWith(`${leaf.productName.toLowerCase()} `) ? leaf.productName.length + 1 : 0;
    const versionName = leaf.versionName.slice(prefix).trim();
    const exact = VERSION_LIKE.test(versionName) ? rangesOf(versionName).ranges[0]?.exact : undefined;
    // A bare version is exact (or, for a fixed product, the bound below which it is affected);
    // anything else (BSI: "on Cloud Pak for Data") is a product variant.
    if (exact !== undefined) ranges = [fixedOnly ? { below: exact } : { exact }];
    else if (leaf.productName !== undefined) productName = `${productName} ${versionName}`;
  }
  const cpe = toCpe23(leaf.product.product_identification_helper?.cpe, ranges.length > 0);
  const vendor = leaf.vendor ?? (cpe ? cpeVendor(cpe) : undefined) ?? publisher;
  const names = { vendor: vendor.trim().slice(0, 200), product: productName.trim().slice(0, 200) };
  if (names.vendor === '' || names.product === '') return undefined;
  const scheme = leaf.versionCategory === 'product_version_range' ? schemeOf(versSchemeOf(leaf.versionName ?? '')) : 'generic';
  return { ...names, versions: ranges.slice(0, MAX_RANGES), ...(cpe && cpe.length <= 1000 ? { cpe } : {}), ...(scheme !== 'generic' ? { scheme } : {}) };
}

function cpeVendor(cpe23: string): string | undefined {
  const vendor = cpe23.split(':')[3];
  return vendor && vendor !== '*' && vendor !== '-' ? vendor : undefined;
}

/** Affected products of a (validated) CSAF document, grouped by vendor, product and CPE. */
export function affectedProducts(document: CsafDocument): FeedProduct[] {
  const leaves = new Map<string, Leaf>();
  collectLeaves(document.product_tree?.branches ?? [], {}, leaves);
  for (const product of document.product_tree?.full_product_names ?? []) if (!leaves.has(product.product_id)) leaves.set(product.product_id, { product });
  const { ids, fixedOnly, statusless = false } = affectedIds(document, leaves);
  const grouped = new Map<string, FeedProduct>();
  for (const id of ids) {
    const leaf = leaves.get(id);
    if (!leaf) continue;
    const product = leafToProduct(leaf, document.document.publisher.name, fixedOnly, statusless);
    if (!product) continue;
    const key = `${product.vendor}\u0000${product.product}\u0000${product.cpe ?? ''}\u0000${product.purl ?? ''}\u0000${product.versions.length === 0 ? 'all' : 'ranged'}`;
    // A product line with more ranges than one entry holds (Fortinet lists every affected build)
    // continues in another entry of the same product: no affected version is dropped.
    let part = 0;
    while ((grouped.get(part === 0 ? key : `${key}\u0000${part}`)?.versions.length ?? 0) >= MAX_RANGES) part += 1;
    const partKey = part === 0 ? key : `${key}\u0000${part}`;
    const existing = grouped.get(partKey);
    if (!existing) {
      if (grouped.size >= MAX_PRODUCTS) break;
      grouped.set(partKey, { ...product, versions: product.versions.slice(0, MAX_RANGES) });
      continue;
    }
    const merged = [...existing.versions, ...product.versions];
    existing.versions = [...new Map(merged.map((range) => [JSON.stringify(range), range])).values()].slice(0, MAX_RANGES);
  }
  return [...grouped.values()];
}
