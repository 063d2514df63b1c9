/**
 * Normalized vendor and product names, so "Citrix Systems, Inc." / "NetScaler ADC" in an advisory
 * and "citrix" / "Citrix ADC" in an inventory meet under one key. Isomorphic (the client uses it
 * for suggestions too): no I/O.
 *
 * Steps: lower case, ß/umlauts folded, punctuation → space, legal-form suffixes dropped, vendor
 * aliases applied, the vendor's own name removed from the front of the product, product aliases.
 */
import { safeParseCpe, type CpeValue } from '../products/cpe.js';

const LEGAL_FORMS = new Set(['inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'llc', 'gmbh', 'ag', 'se', 'kg', 'plc', 'sa', 'bv', 'nv', 'ab', 'oy', 'as', 'srl', 'spa']);

/** Vendor aliases: former names, parent companies and CPE spellings. */
const VENDOR_ALIASES: Record<string, string> = {
  'citrix systems': 'citrix',
  'cloud software group': 'citrix',
  netscaler: 'citrix',
  'microsoft windows': 'microsoft',
  msft: 'microsoft',
  'fortinet networks': 'fortinet',
  'siemens healthineers': 'siemens',
  'siemens energy': 'siemens',
  'palo alto networks': 'paloaltonetworks',
  'palo alto': 'paloaltonetworks',
  'ivanti pulse secure': 'ivanti',
  'pulse secure': 'ivanti',
  'hewlett packard enterprise': 'hpe',
  'hewlett packard': 'hp',
  'the apache software foundation': 'apache',
  'apache software foundation': 'apache',
  vmware: 'vmware',
  broadcom: 'vmware',
};

/** Product aliases per vendor key: marketing renames and the CPE product names. */
const PRODUCT_ALIASES: Record<string, Record<string, string>> = {
  citrix: {
    adc: 'netscaler adc',
    'netscaler application delivery controller': 'netscaler adc',
    'application delivery controller': 'netscaler adc',
    'netscaler adc': 'netscaler adc',
    gateway: 'netscaler gateway',
    'netscaler gateway': 'netscaler gateway',
  },
  fortinet: { fortios: 'fortios', 'fortigate fortios': 'fortios', fortigate: 'fortios' },
  microsoft: { 'exchange server': 'exchange server', exchange: 'exchange server', 'windows server': 'windows server' },
  ivanti: { 'connect secure': 'connect secure', 'pulse connect secure': 'connect secure' },
};

function fold(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The normalized vendor key: "Citrix Systems, Inc." → "citrix". */
export function normalizeVendor(vendor: string): string {
  const words = fold(vendor).split(' ').filter((word) => word !== '');
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  const joined = words.join(' ');
  return VENDOR_ALIASES[joined] ?? joined;
}

/** The normalized product key for a vendor key: ("citrix", "Citrix ADC") → "netscaler adc". */
export function normalizeProduct(vendorKey: string, product: string): string {
  let name = fold(product);
  for (const prefix of [vendorKey, ...Object.entries(VENDOR_ALIASES).filter(([, key]) => key === vendorKey).map(([alias]) => alias)]) {
    if (name.startsWith(`${prefix} `)) name = name.slice(prefix.length + 1);
  }
  return PRODUCT_ALIASES[vendorKey]?.[name] ?? name;
}

/** `vendor|product` after normalization: the name index key. */
export function matchKeyOf(vendor: string, product: string): string {
  const vendorKey = normalizeVendor(vendor);
  return `${vendorKey}|${normalizeProduct(vendorKey, product)}`;
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

/** The version named in a CPE, when it is a literal (`13.1-48.47`), for assets that give only a CPE. */
export function cpeVersionOf(cpe: string | null | undefined): string | undefined {
  if (!cpe) return undefined;
  const parsed = safeParseCpe(cpe);
  if (!parsed.success) return undefined;
  const version = literal(parsed.data.version);
  const update = literal(parsed.data.update);
  return version ? (update ? `${version} ${update}` : version) : undefined;
}
