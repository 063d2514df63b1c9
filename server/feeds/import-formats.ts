/**
 * File import for `npm run feeds -- import <file…>`: recognises the format of a JSON document and
 * turns it into a run output through that format's parser. Adding a parser is one line in
 * {@link IMPORT_PARSERS} (the source adapters export theirs: CSAF, MISP, KEV, CVE 5).
 */
import type { FeedRunOutput, FeedType } from '../../feeds/feed.js';
import { importCsafDocument } from '../../feeds/csaf/index.js';
import { importCve5Record, importKevCatalog, importMispEvents } from '../../feeds/sources.js';
import { stixIndicatorItems } from '../../feeds/stix-items.js';

export const IMPORT_FORMATS = ['csaf', 'stix-bundle', 'misp-event', 'cisa-kev', 'cve5'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Which source type a format's imports are recorded under (one `import-<format>` source each). */
export const IMPORT_SOURCE_TYPE: Record<ImportFormat, FeedType> = {
  csaf: 'csaf-provider',
  'stix-bundle': 'taxii',
  'misp-event': 'misp',
  'cisa-kev': 'cisa-kev',
  cve5: 'nvd',
};

export type ImportContext = {
  defaultTlp: 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';
  fileName: string;
  /** The file's bytes as read (hashes are over them). */
  bytes?: Buffer;
  /** Hash files found beside the file (`<file>.sha256`, `<file>.sha512`). */
  sidecars?: Partial<Record<'sha256' | 'sha512', string>>;
};
export type ImportParser = (document: unknown, context: ImportContext) => Promise<Omit<FeedRunOutput, 'cursor'>> | Omit<FeedRunOutput, 'cursor'>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The format of a parsed JSON document, or undefined when it is none of the known ones. */
export function detectImportFormat(document: unknown): ImportFormat | undefined {
  if (!isObject(document)) return undefined;
  if (isObject(document.document) && typeof document.document.csaf_version === 'string') return 'csaf';
  if (document.type === 'bundle' && Array.isArray(document.objects)) return 'stix-bundle';
  if (isObject(document.Event) || (Array.isArray(document.response) && document.response.some((entry) => isObject(entry) && isObject(entry.Event)))) return 'misp-event';
  if (Array.isArray(document.vulnerabilities) && typeof document.catalogVersion === 'string') return 'cisa-kev';
  if (document.dataType === 'CVE_RECORD' && isObject(document.cveMetadata)) return 'cve5';
  return undefined;
}

/**
 * A STIX 2.1 bundle: its objects go to stix_objects as they are (ingestion validates and maps TLP);
 * its indicators become inbox items (feeds/stix-items.ts), checked against the warninglists.
 */
const parseStixBundle: ImportParser = (document, context) => {
  const bundle = document as { id?: unknown; objects: unknown[] };
  const objects = bundle.objects.filter(isObject);
  const skipped = bundle.objects.length - objects.length;
  const items = stixIndicatorItems(objects, { defaultTlp: context.defaultTlp, origin: { kind: 'bundle', id: typeof bundle.id === 'string' ? bundle.id : undefined, fileName: context.fileName } });
  return { items, stixObjects: objects, enrichments: [], problems: skipped > 0 ? [{ ref: 'bundle', message: `${skipped} entries are not objects` }] : [], unchanged: 0, records: { total: objects.length + skipped, noun: 'objects', storedAs: 'stixObjects' } };
};

/** A CSAF file: an item (with findings when it fails checks but is acceptable), or quarantined when a hash file beside it disagrees. */
const parseCsafFile: ImportParser = async (document, context) => {
  const outcome = await importCsafDocument(context.bytes ?? JSON.stringify(document), { defaultTlp: context.defaultTlp, ref: context.fileName, ...(context.sidecars ? { sidecars: context.sidecars } : {}) });
  const records = { total: 1, noun: 'documents', storedAs: 'items' } as const;
  if ('quarantine' in outcome) return { items: [], stixObjects: [], enrichments: [], problems: [], unchanged: 0, quarantined: [outcome.quarantine], records };
  return { items: [outcome.item], stixObjects: [], enrichments: [], problems: [], unchanged: 0, records };
};

/** The parsers available; a format without one is recognised and reported, not imported. */
export const IMPORT_PARSERS: Partial<Record<ImportFormat, ImportParser>> = {
  'stix-bundle': parseStixBundle,
  csaf: parseCsafFile,
  'misp-event': importMispEvents,
  'cisa-kev': importKevCatalog,
  cve5: importCve5Record,
};
