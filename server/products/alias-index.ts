/**
 * The alias table in memory: folds a vendor/product name and resolves it to one product identity,
 * so "Citrix Systems, Inc." / "NetScaler ADC" (BSI), "Citrix" / "NetScaler ADC and NetScaler
 * Gateway" (KEV), "Citrix" / "Citrix ADC" (an inventory) and `cpe:2.3:a:citrix:netscaler_application_delivery_controller`
 * (NVD) all meet under `citrix:netscaler_application_delivery_controller`.
 *
 * Keys (one key space, told apart by their form):
 * - `vendor:product` — a CPE identity (a CPE's own vendor:product, or a name the aliases resolve);
 * - `vendor|product` — a folded name no alias knows (vendor resolved where possible);
 * - `pkg:type/namespace/name` — a purl identity (server/products/purl.ts).
 *
 * Folding: lower case, ß/umlauts folded, punctuation → space, legal-form suffixes dropped from the
 * vendor, the vendor's names removed from the front of the product, a trailing "(ABC)" acronym
 * dropped. Pure and isomorphic; `loadAliasIndex` (product-aliases.service.ts) builds one from the table.
 */
import seed from './aliases.seed.json' with { type: 'json' };

const LEGAL_FORMS = new Set(['inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'llc', 'gmbh', 'ag', 'se', 'kg', 'plc', 'sa', 'bv', 'nv', 'ab', 'oy', 'as', 'srl', 'spa']);

/** Lower case, ß/umlauts folded, every run of other characters one space. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A folded vendor name without legal-form suffixes: "Citrix Systems, Inc." → "citrix systems". */
export function foldVendor(vendor: string): string {
  const words = fold(vendor).split(' ').filter((word) => word !== '');
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

/** A folded product name: "Application Delivery Controller (ADC)" → "application delivery controller". */
export function foldProduct(product: string): string {
  return fold(product.replace(/\s*\(([A-Za-z0-9-]{2,12})\)\s*$/, ''));
}

/** One alias as the table holds it. */
export type AliasEntry = { kind: 'vendor' | 'product'; cpeVendor: string; cpeProduct: string | null; vendor: string; product: string | null; origin: string };

/** The lookup key of an alias row (`name_key`). */
export function aliasNameKey(entry: Pick<AliasEntry, 'kind' | 'cpeVendor' | 'vendor' | 'product'>, index?: AliasIndex): string {
  if (entry.kind === 'vendor') return `v:${foldVendor(entry.vendor)}`;
  return `p:${entry.cpeVendor}|${(index ?? SEED_INDEX).productPart(entry.cpeVendor, entry.product ?? '')}`;
}

/** A display name for an identity (the CERT's or the seed's first). */
export type IdentityName = { vendor: string; product: string };

/** Resolves names to identities; build once per operation (or take the cached one). */
export class AliasIndex {
  private readonly vendors = new Map<string, string>();
  private readonly vendorNames = new Map<string, string[]>();
  private readonly products = new Map<string, string>();
  private readonly names = new Map<string, IdentityName & { rank: number }>();

  constructor(entries: Iterable<AliasEntry>) {
    const all = [...entries];
    for (const entry of all) {
      if (entry.kind !== 'vendor') continue;
      const key = foldVendor(entry.vendor);
      if (key === '' || this.vendors.has(key)) continue;
      this.vendors.set(key, entry.cpeVendor);
      this.vendorNames.set(entry.cpeVendor, [...(this.vendorNames.get(entry.cpeVendor) ?? []), key]);
    }
    for (const entry of all) {
      if (entry.kind !== 'product' || entry.cpeProduct === null) continue;
      const identity = `${entry.cpeVendor}:${entry.cpeProduct}`;
      this.products.set(`${entry.cpeVendor}|${entry.cpeProduct.replace(/_/g, ' ')}`, entry.cpeProduct);
      const part = this.productPart(entry.cpeVendor, entry.product ?? '');
      if (part !== '' && !this.products.has(`${entry.cpeVendor}|${part}`)) this.products.set(`${entry.cpeVendor}|${part}`, entry.cpeProduct);
      // The name shown for an identity: the CERT's, else the seed's, else the first a feed brought.
      const rank = entry.origin === 'cert' ? 0 : entry.origin === 'seed' ? 1 : 2;
      const current = this.names.get(identity);
      if (entry.product && (!current || rank < current.rank)) this.names.set(identity, { vendor: entry.vendor, product: entry.product, rank });
    }
  }

  /** The CPE vendor a vendor name stands for, else its folded name. */
  vendorKey(vendor: string): string {
    const folded = foldVendor(vendor);
    return this.vendors.get(folded) ?? folded;
  }

  /**
   * The folded product name with the vendor's names removed from its front, repeatedly: "Citrix
   * NetScaler ADC" names the vendor twice (Citrix, and its brand NetScaler) before the product.
   */
  productPart(vendorKey: string, product: string): string {
    let name = foldProduct(product);
    const prefixes = [vendorKey.replace(/_/g, ' '), ...(this.vendorNames.get(vendorKey) ?? [])].filter((prefix) => prefix !== '').sort((a, b) => b.length - a.length);
    for (let stripped = true; stripped; ) {
      const prefix = prefixes.find((candidate) => name.startsWith(`${candidate} `));
      stripped = prefix !== undefined;
      if (prefix !== undefined) name = name.slice(prefix.length + 1);
    }
    return name;
  }

  /** The identity key of a vendor/product name: `cpevendor:cpeproduct` when an alias knows it, else `vendor|product`. */
  nameKey(vendor: string, product: string): string {
    const vendorKey = this.vendorKey(vendor);
    const part = this.productPart(vendorKey, product);
    const cpeProduct = this.products.get(`${vendorKey}|${part}`);
    return cpeProduct ? `${vendorKey}:${cpeProduct}` : `${vendorKey}|${part}`;
  }

  /** A display name for an identity key, when an alias names it. */
  displayName(key: string): IdentityName | undefined {
    const name = this.names.get(key);
    return name ? { vendor: name.vendor, product: name.product } : undefined;
  }
}

type SeedFile = { vendors: { cpeVendor: string; names: string[] }[]; products: { cpeVendor: string; cpeProduct: string; display: string; names: string[] }[] };

/** The seed aliases as table entries (the display name first, so it names the identity). */
export function seedAliasEntries(): AliasEntry[] {
  const file = seed as SeedFile;
  const entries: AliasEntry[] = [];
  for (const vendor of file.vendors) for (const name of vendor.names) entries.push({ kind: 'vendor', cpeVendor: vendor.cpeVendor, cpeProduct: null, vendor: name, product: null, origin: 'seed' });
  for (const product of file.products) {
    const vendorName = file.vendors.find((vendor) => vendor.cpeVendor === product.cpeVendor)?.names[0] ?? product.cpeVendor;
    // "Citrix NetScaler ADC" names vendor and product; the product field holds "NetScaler ADC".
    const display = product.display.toLowerCase().startsWith(`${vendorName.toLowerCase()} `) ? product.display.slice(vendorName.length + 1) : product.display;
    for (const name of [display, ...product.names]) entries.push({ kind: 'product', cpeVendor: product.cpeVendor, cpeProduct: product.cpeProduct, vendor: vendorName, product: name, origin: 'seed' });
  }
  return entries;
}

/** The index of the seed aliases alone: for pure callers (tests, benchmarks) and the first start. */
export const SEED_INDEX = new AliasIndex(seedAliasEntries());
