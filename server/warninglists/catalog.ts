/**
 * The MISP warninglists Lagebild bundles (`lists/`, copied verbatim; provenance in lists/README.md),
 * each with the category it flags and a short reason in German and English. A list not named here
 * is not loaded. Two lists are compared differently from their upstream `type`, on purpose:
 * `rfc6761` is a list of special-use *suffixes* (anything under `example.com` or `.test` is
 * special-use), so it matches as `hostname`, not as an exact `string`.
 */
import type { WarningCategory, WarninglistType } from './warninglist.schema.js';

/** What a bundled list flags, and why. */
export type CatalogEntry = { category: WarningCategory; reason: { de: string; en: string }; matchAs?: WarninglistType };

const special = (de: string, en: string): CatalogEntry => ({ category: 'special-purpose', reason: { de, en } });
const benign = (de: string, en: string): CatalogEntry => ({ category: 'benign-service', reason: { de, en } });
const hash = (de: string, en: string): CatalogEntry => ({ category: 'test-or-empty-hash', reason: { de, en } });
const scanner = (de: string, en: string): CatalogEntry => ({ category: 'scanner-or-sinkhole', reason: { de, en } });

export const BUNDLED_WARNINGLISTS: Readonly<Record<string, CatalogEntry>> = {
  rfc1918: special('Privater Adressbereich (RFC 1918)', 'Private address range (RFC 1918)'),
  rfc5735: special('Adresse für besondere Zwecke (RFC 5735: privat, Loopback, Dokumentation, reserviert)', 'Special-use address (RFC 5735: private, loopback, documentation, reserved)'),
  rfc6598: special('Carrier-Grade-NAT-Adressbereich (RFC 6598)', 'Carrier-grade NAT address range (RFC 6598)'),
  rfc3849: special('IPv6-Dokumentationspräfix (RFC 3849)', 'IPv6 documentation prefix (RFC 3849)'),
  'ipv6-linklocal': special('Link-lokale IPv6-Adresse', 'IPv6 link-local address'),
  multicast: special('Multicast-Adresse (RFC 5771)', 'Multicast address (RFC 5771)'),
  rfc6761: { ...special('Domainname für besondere Zwecke (RFC 6761, z. B. example.com, .test, .local)', 'Special-use domain name (RFC 6761, e.g. example.com, .test, .local)'), matchAs: 'hostname' },
  tlds: special('Nur eine Top-Level-Domain', 'Only a top-level domain'),
  'empty-hashes': hash('Hash einer leeren Datei', 'Hash of an empty file'),
  'eicar.com': hash('Hash der EICAR-Testdatei', 'Hash of the EICAR test file'),
  'common-ioc-false-positive': hash('Bekannter Fehlalarm-Hash', 'Known false-positive hash'),
  google: benign('Bekannter Google-Dienst', 'Well-known Google service'),
  microsoft: benign('Bekannter Microsoft-Dienst', 'Well-known Microsoft service'),
  'microsoft-office365': benign('Bekannter Microsoft-365-Dienst', 'Well-known Microsoft 365 service'),
  'microsoft-office365-ip': benign('Adressbereich von Microsoft 365', 'Microsoft 365 address range'),
  'microsoft-azure': benign('Adressbereich von Microsoft Azure', 'Microsoft Azure address range'),
  'amazon-aws': benign('Adressbereich von Amazon AWS', 'Amazon AWS address range'),
  cloudflare: benign('Adressbereich von Cloudflare', 'Cloudflare address range'),
  akamai: benign('Adressbereich von Akamai', 'Akamai address range'),
  fastly: benign('Adressbereich von Fastly', 'Fastly address range'),
  'crl-hostname': benign('Sperrlisten- oder OCSP-Dienst', 'Certificate revocation or OCSP service'),
  'crl-ip': benign('Adresse eines Sperrlisten- oder OCSP-Dienstes', 'Address of a certificate revocation or OCSP service'),
  tranco10k: benign('Eine der 10.000 meistbesuchten Websites (Tranco)', 'One of the 10,000 most visited sites (Tranco)'),
  'public-dns-v6': benign('Öffentlicher DNS-Resolver (IPv6)', 'Public DNS resolver (IPv6)'),
  'whats-my-ip': benign('Dienst zur Abfrage der eigenen IP-Adresse', '"What is my IP" service'),
  'captive-portals': benign('Erkennung von Captive Portals', 'Captive portal detection'),
  'security-provider-blogpost': benign('Blog eines Sicherheitsanbieters', 'Security vendor blog'),
  'url-shortener': benign('URL-Kürzungsdienst (Sperren trifft alle Nutzer)', 'URL shortener (blocking hits every user)'),
  sinkholes: scanner('Bekanntes Sinkhole', 'Known sinkhole'),
  'shodan-scanning': scanner('Scanner von Shodan', 'Shodan scanner'),
  'censys-scanning': scanner('Scanner von Censys', 'Censys scanner'),
  shadowserver: scanner('Scanner der Shadowserver Foundation', 'Shadowserver Foundation scanner'),
  'common-contact-emails': { category: 'personal-data', reason: { de: 'Kontaktpostfach einer Organisation (abuse@, security@, soc@, noc@)', en: 'Contact mailbox of an organization (abuse@, security@, soc@, noc@)' } },
};

/**
 * Lagebild's own small lists, in the same format: names that only exist inside networks. RFC 6761
 * and 6762 reserve `.test`, `.example`, `.invalid`, `.localhost` and `.local`, RFC 8375 `home.arpa`,
 * ICANN `.internal` (2024); `.lan`, `.corp`, `.intern`, `.intranet` and `.localdomain` are not
 * delegated and common in German networks. A host under them is internal by definition.
 */
export const LAGEBILD_WARNINGLISTS: Readonly<Record<string, CatalogEntry & { name: string; type: WarninglistType; matchingAttributes: string[]; entries: string[] }>> = {
  'internal-names': {
    ...special('Interner Hostname (nicht öffentlich auflösbare Domain)', 'Internal host name (a domain that does not resolve publicly)'),
    name: 'Internal and special-use domain suffixes',
    type: 'hostname',
    matchingAttributes: ['domain', 'hostname', 'url', 'uri', 'link', 'email', 'email-src', 'email-dst', 'domain|ip'],
    entries: ['test', 'example', 'invalid', 'localhost', 'local', 'home.arpa', 'internal', 'lan', 'corp', 'intern', 'intranet', 'localdomain'],
  },
  // MISP's full public-DNS list is too large to bundle (lists/README.md); these anycast resolvers are
  // the ones feeds and reports mistake for C2 servers (issue 16: nobody promotes 8.8.8.8 as C2).
  'public-dns-v4-major': {
    ...benign('Großer öffentlicher DNS-Resolver', 'Major public DNS resolver'),
    name: 'Major public IPv4 DNS resolvers (Google, Cloudflare, Quad9, OpenDNS)',
    type: 'cidr',
    matchingAttributes: ['ip-src', 'ip-dst', 'ip-src|port', 'ip-dst|port', 'domain|ip'],
    entries: ['8.8.8.8/32', '8.8.4.4/32', '1.1.1.1/32', '1.0.0.1/32', '9.9.9.9/32', '149.112.112.112/32', '208.67.222.222/32', '208.67.220.220/32'],
  },
};
