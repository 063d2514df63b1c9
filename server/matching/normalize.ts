/**
 * The keys matching looks products up by (server/products/alias-index.ts explains the key space):
 * a name resolved through the alias table, a CPE's vendor:product, a purl without version. An
 * asset stores its keys (`match_key`, `cpe_key`, `purl_key`, indexed); an advisory's or feed's
 * product is looked up under all of its keys. Isomorphic: no I/O (the caller passes the alias
 * index; without one the seed aliases apply).
 */
import { safeParseCpe, type CpeValue } from '../products/cpe.js';
import { SEED_INDEX, type AliasIndex } from '../products/alias-index.js';
import { purlKeyOf } from '../products/purl.js';

/** The normalized vendor key: "Citrix Systems, Inc." → "citrix". */
export function normalizeVendor(vendor: string, aliases: AliasIndex = SEED_INDEX): string {
  return aliases.vendorKey(vendor);
}

/** The identity key of a vendor/product name: ("Citrix", "Citrix ADC") → "citrix:netscaler_application_delivery_controller". */
export function matchKeyOf(vendor: string, product: string, aliases: AliasIndex = SEED_INDEX): string {
  return aliases.nameKey(vendor, product);
}

function literal(value: CpeValue | undefined): string | undefined {
  return value?.kind === 'value' && !value.leading && !value.trailing ? value.value : undefined;
}

/** `vendor:product` of a CPE (2.3 or 2.2 URI) with literal vendor and product; undefined otherwise. */
export function cpeKeyOf(cpe: string | null | undefined): string | undefined {
  if (!cpe) return undefined;
  const parsed = safeParseCpe(cpe);
  if (!parsed.success) return undefined;
  const vendor = literal(parsed.data.vendor);
  const product = literal(parsed.data.product);
  return vendor && product ? `${vendor}:${product}` : undefined;
}

/** `pkg:type/namespace/name` of a purl; undefined when it is none. */
export { purlKeyOf };

/** The version named in a CPE, when it is a literal (`13.1-48.47`), for assets that give only a CPE. */
export function cpeVersionOf(cpe: string | null | undefined): string | undefined {
  if (!cpe) return undefined;
  const parsed = safeParseCpe(cpe);
  if (!parsed.success) return undefined;
  const version = literal(parsed.data.version);
  const update = literal(parsed.data.update);
  return version ? (update ? `${version} ${update}` : version) : undefined;
}

/** Every key a product is known by: its resolved name, its CPE identity, its purl identity. */
export function productKeysOf(product: { vendor: string; product: string; cpe?: string | null | undefined; purl?: string | null | undefined }, aliases: AliasIndex = SEED_INDEX): string[] {
  const keys = [matchKeyOf(product.vendor, product.product, aliases)];
  const cpe = cpeKeyOf(product.cpe);
  if (cpe && !keys.includes(cpe)) keys.push(cpe);
  const purl = purlKeyOf(product.purl);
  if (purl) keys.push(purl);
  return keys;
}
