/**
 * Package URLs (purl spec, github.com/package-url/purl-spec) as inventories and CSAF
 * `product_identification_helper.purl` give them, read by packageurl-js. Matching needs three
 * things of a purl: its identity without version (`pkg:rpm/redhat/openssl`, the index key), its
 * version in the ecosystem's own form (rpm: the `epoch` qualifier joins as `1:1.1.1k-9.el8_6`),
 * and the version scheme of its type.
 */
import { PackageURL } from 'packageurl-js';
import { schemeOf, type VersionScheme } from './version-schemes.js';

/** The purl types inventories take (anything else the spec defines is read as well). */
export const INVENTORY_PURL_TYPES = ['rpm', 'deb', 'npm', 'maven', 'pypi', 'nuget', 'golang', 'generic'] as const;

export type ParsedPurl = {
  type: string;
  namespace: string | undefined;
  name: string;
  /** The version as the ecosystem writes it (rpm with epoch: `1:1.1.1k-9.el8_6`). */
  version: string | undefined;
  /** `pkg:<type>/<namespace>/<name>`, canonical (lower-cased where the spec says so): the index key. */
  key: string;
  scheme: VersionScheme;
  /** The canonical purl string. */
  canonical: string;
};

/** Thrown for text that is not a purl; the message says why. */
export class PurlParseError extends Error {
  override readonly name = 'PurlParseError';
}

/**
 * Parses a purl.
 * @throws PurlParseError when `text` is not a valid purl
 */
export function parsePurl(text: string): ParsedPurl {
  if (text.length > 2000) throw new PurlParseError('A purl is at most 2,000 characters');
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(text.trim());
  } catch (error) {
    throw new PurlParseError(error instanceof Error ? error.message.replace(/^Invalid purl: /, '') : String(error));
  }
  const epoch = purl.qualifiers?.epoch;
  const scheme = schemeOf(purl.type);
  const withEpoch = purl.version !== undefined && epoch !== undefined && /^\d+$/.test(epoch) && (scheme === 'rpm' || scheme === 'deb') && !/^\d+:/.test(purl.version);
  const bare = new PackageURL(purl.type, purl.namespace, purl.name, undefined, undefined, undefined);
  return {
    type: purl.type,
    namespace: purl.namespace ?? undefined,
    name: purl.name,
    version: purl.version === undefined ? undefined : withEpoch ? `${epoch}:${purl.version}` : purl.version,
    key: bare.toString(),
    scheme,
    canonical: purl.toString(),
  };
}

/** {@link parsePurl} without throwing. */
export function safeParsePurl(text: string | null | undefined): ParsedPurl | undefined {
  if (!text) return undefined;
  try {
    return parsePurl(text);
  } catch (error) {
    if (error instanceof PurlParseError) return undefined;
    throw error;
  }
}

/** The index key (`pkg:type/namespace/name`) of a purl, or undefined when it is none. */
export function purlKeyOf(text: string | null | undefined): string | undefined {
  return safeParsePurl(text)?.key;
}
