/**
 * An advisory's affected products as a CSAF 2.0 product tree: vendor → product name → one branch
 * per version range (`product_version` for an exact version, `product_version_range` in vers
 * syntax otherwise), each leaf a full product with its CPE as identification helper. A product
 * without version ranges (or with "all versions") is a leaf of its product-name branch.
 */
import type { VersionRange } from '../../products/version-range.js';

export type AdvisoryProduct = { vendor: string; product: string; versions: readonly VersionRange[]; cpe?: string | undefined };

type FullProduct = { product_id: string; name: string; product_identification_helper?: { cpe: string } };
type Branch = { category: 'vendor' | 'product_name' | 'product_version' | 'product_version_range'; name: string; branches?: Branch[]; product?: FullProduct };

export type ProductTree = { branches: Branch[] };

/** vers percent-encodes what would break its syntax; ordinary version text stays readable. */
function versEncode(version: string): string {
  return encodeURIComponent(version);
}

/** A range as a vers string (`vers:generic/>=13.1|<13.1-49.15`), or `undefined` for "all versions". */
export function rangeToVers(range: VersionRange): string | undefined {
  if (range.all === true) return undefined;
  if (range.exact !== undefined) return `vers:generic/${versEncode(range.exact)}`;
  const constraints: string[] = [];
  if (range.from !== undefined) constraints.push(`${range.fromInclusive === false ? '>' : '>='}${versEncode(range.from)}`);
  if (range.below !== undefined) constraints.push(`<${versEncode(range.below)}`);
  if (range.upTo !== undefined) constraints.push(`<=${versEncode(range.upTo)}`);
  return constraints.length === 0 ? undefined : `vers:generic/${constraints.join('|')}`;
}

/** The branch of one version range: exact versions are `product_version`, the rest `product_version_range`. */
function versionBranch(range: VersionRange): { category: 'product_version' | 'product_version_range'; name: string } | undefined {
  if (range.exact !== undefined) return { category: 'product_version', name: range.exact };
  const vers = rangeToVers(range);
  return vers === undefined ? undefined : { category: 'product_version_range', name: vers };
}

function upsert(branches: Branch[], category: Branch['category'], name: string): Branch {
  const found = branches.find((branch) => branch.category === category && branch.name === name);
  if (found) return found;
  const created: Branch = { category, name };
  branches.push(created);
  return created;
}

/**
 * Builds the product tree and the ids of every leaf product (the products a vulnerability affects).
 * Duplicate vendor/product/version entries collapse into one leaf.
 */
export function buildProductTree(products: readonly AdvisoryProduct[]): { tree: ProductTree; productIds: string[] } {
  const branches: Branch[] = [];
  const productIds: string[] = [];
  const leaf = (branch: Branch, name: string, cpe: string | undefined) => {
    if (branch.product) return;
    const productId = `CSAFPID-${String(productIds.length + 1).padStart(4, '0')}`;
    productIds.push(productId);
    branch.product = { product_id: productId, name, ...(cpe ? { product_identification_helper: { cpe } } : {}) };
  };
  for (const product of products) {
    const vendor = upsert(branches, 'vendor', product.vendor);
    vendor.branches ??= [];
    const name = upsert(vendor.branches, 'product_name', product.product);
    const versions = product.versions.map(versionBranch).filter((branch) => branch !== undefined);
    if (versions.length === 0 || name.product) {
      // All versions: the product-name branch is itself the product (a branch holds either sub-branches or a product).
      if (!name.branches) leaf(name, `${product.vendor} ${product.product}`, product.cpe);
      continue;
    }
    name.branches ??= [];
    for (const version of versions) {
      const branch = upsert(name.branches, version.category, version.name);
      leaf(branch, `${product.vendor} ${product.product} ${version.name}`, product.cpe);
    }
  }
  return { tree: { branches }, productIds };
}
