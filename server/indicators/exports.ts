/**
 * Exports of the indicators a caller may see, for blocking and for other tools: CSV, plain lists
 * (IP addresses, domains, URLs, hashes) for firewalls and proxies, a DNS RPZ zone, a STIX 2.1 bundle
 * and a MISP event. Every export reads through `exportRows` (the same `visibleTo` as the list), is
 * marked with the most restrictive TLP it contains, and the blocklist formats carry only indicators
 * meant for blocking.
 */
import { stringify } from 'csv-stringify/sync';
import { mostRestrictive, tlpLabel, tlpMarkingDefinition, type TlpLevel } from '../access/tlp.js';
import { BundleSchema } from '../stix/bundle.js';
import { certIdentity } from '../stix-objects/cert-identity.js';
import { mispEventOf } from '../sharing/misp/misp.feed.js';
import type { IndicatorObjectRow } from './indicators.table.js';
import { strictOrThrow, uuidV5 } from './stix-objects.js';

export const EXPORT_FORMATS = ['csv', 'ips', 'domains', 'urls', 'hashes', 'rpz', 'stix', 'misp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which formats are blocklists (only `forBlocking` indicators) and which observable types each carries. */
const BLOCKLIST_TYPES: Partial<Record<ExportFormat, readonly string[]>> = {
  ips: ['ipv4', 'ipv6'],
  domains: ['domain'],
  urls: ['url'],
  hashes: ['md5', 'sha1', 'sha256'],
  rpz: ['domain'],
};

/** A rendered export. */
export type RenderedExport = { body: string; mediaType: string; fileName: string; tlp: TlpLevel | null; count: number };

/** The rows an export of `format` carries. */
export function rowsFor(format: ExportFormat, rows: IndicatorObjectRow[]): IndicatorObjectRow[] {
  const types = BLOCKLIST_TYPES[format];
  return types ? rows.filter((row) => row.forBlocking && row.valueType !== null && types.includes(row.valueType)) : rows;
}

function header(prefix: string, tlp: TlpLevel | null, count: number, now: Date): string {
  return `${prefix} ${tlp ? `TLP:${tlpLabel(tlp)}` : 'leer / empty'} — Lagebild (CERT-Thüringen), ${now.toISOString()}, ${count} Indikatoren\n${prefix} Weitergabe nur gemäß TLP. Share only as the TLP label allows.\n`;
}

/** Renders the export; `rows` come from `exportRows` (already filtered by the policy). */
export function renderExport(format: ExportFormat, all: IndicatorObjectRow[], now: Date): RenderedExport {
  const rows = rowsFor(format, all);
  const tlp = rows.length > 0 ? mostRestrictive(...rows.map((row) => row.tlp)) : null;
  const stamp = now.toISOString().slice(0, 10);
  const values = [...new Set(rows.map((row) => row.value ?? ''))].filter((value) => value.length > 0);
  switch (format) {
    case 'csv':
      return {
        body: stringify([['type', 'value', 'tlp', 'for_blocking', 'created', 'stix_id'], ...rows.map((row) => [row.valueType, row.value, tlpLabel(row.tlp), row.forBlocking ? 'true' : 'false', row.createdAt.toISOString(), row.stixId])]),
        mediaType: 'text/csv; charset=utf-8',
        fileName: `lagebild-indikatoren-${stamp}.csv`,
        tlp,
        count: rows.length,
      };
    case 'ips':
    case 'domains':
    case 'urls':
    case 'hashes':
      return { body: `${header('#', tlp, values.length, now)}${values.join('\n')}${values.length > 0 ? '\n' : ''}`, mediaType: 'text/plain; charset=utf-8', fileName: `lagebild-${format}-${stamp}.txt`, tlp, count: values.length };
    case 'rpz': {
      const serial = Math.floor(now.getTime() / 1000);
      const records = values.flatMap((domain) => [`${domain} CNAME .`, `*.${domain} CNAME .`]);
      const zone = `$TTL 300\n@ IN SOA rpz.lagebild.invalid. hostmaster.lagebild.invalid. ${serial} 3600 600 86400 300\n  IN NS localhost.\n${header(';', tlp, values.length, now)}${records.join('\n')}\n`;
      return { body: zone, mediaType: 'text/dns; charset=utf-8', fileName: `lagebild-rpz-${stamp}.zone`, tlp, count: values.length };
    }
    case 'stix': {
      const levels = [...new Set(rows.map((row) => row.tlp))];
      const identity = certIdentity(levels.length > 0 ? [tlpMarkingDefinition(mostRestrictive(...levels)).id] : []);
      const bundle = strictOrThrow(BundleSchema, { type: 'bundle', id: `bundle--${uuidV5(`indicator-export/${now.toISOString()}/${rows.map((row) => row.stixId).join(',')}`)}`, objects: [...rows.map((row) => row.body), identity, ...levels.map(tlpMarkingDefinition)] }, 'bundle');
      return { body: JSON.stringify(bundle), mediaType: 'application/stix+json;version=2.1', fileName: `lagebild-indikatoren-${stamp}.stix.json`, tlp, count: rows.length };
    }
    case 'misp': {
      const event = mispEventOf({ uuid: uuidV5(`indicator-export/misp/${now.toISOString()}`), info: `Indikatoren von CERT-Thüringen (${stamp})`, tlp: tlp ?? 'clear', at: now }, rows);
      return { body: JSON.stringify(event), mediaType: 'application/json', fileName: `lagebild-indikatoren-${stamp}.misp.json`, tlp, count: rows.length };
    }
  }
}
