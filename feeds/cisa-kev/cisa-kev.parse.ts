/**
 * CISA Known Exploited Vulnerabilities catalog (FORMATS.md "CISA KEV"; schema in
 * github.com/cisagov/kev-data): a whole-file JSON snapshot `{title, catalogVersion, dateReleased,
 * count, vulnerabilities[]}`. Entries carry `cveID`, `vendorProject`, `product`,
 * `vulnerabilityName`, `dateAdded` and `dueDate` (YYYY-MM-DD), `shortDescription`,
 * `requiredAction`, optional `knownRansomwareCampaignUse` ("Known"/"Unknown"), `notes`
 * (`;`-separated URLs in free text) and `cwes`.
 *
 * Schema: https://github.com/cisagov/kev-data (known_exploited_vulnerabilities_schema.json).
 *
 * Pure: a broken catalog throws a `bad_document` FeedError, a broken entry becomes a FeedProblem.
 */
import { z } from 'zod';
import { normalizeCveId } from '../../server/vulnerabilities/cve-id.js';
import type { CveEnrichment, FeedItemDraft, FeedProblem, FeedProduct } from '../feed.js';
import type { TlpLevel } from '../../server/stix/tlp.js';
import { decodeJson, describeIssues, parseOrThrow } from '../source-util.js';

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected YYYY-MM-DD');

/** One catalog entry as published. */
export const KevEntrySchema = z.object({
  cveID: z.string().transform((value, ctx) => {
    const cve = normalizeCveId(value);
    if (cve === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Expected a CVE ID' });
      return z.NEVER;
    }
    return cve;
  }),
  vendorProject: z.string().max(500),
  product: z.string().max(500),
  vulnerabilityName: z.string().max(2000),
  dateAdded: IsoDay,
  shortDescription: z.string().max(20_000),
  requiredAction: z.string().max(5000),
  dueDate: IsoDay.optional(),
  knownRansomwareCampaignUse: z.string().max(50).optional(),
  notes: z.string().max(20_000).optional(),
  cwes: z.array(z.string().max(50)).max(100).optional(),
});
export type KevEntry = z.output<typeof KevEntrySchema>;

const KevCatalogShape = z.object({
  title: z.string().max(500).optional(),
  catalogVersion: z.string().min(1).max(100),
  dateReleased: z.string().max(100),
  count: z.number().int().nonnegative().optional(),
  vulnerabilities: z.array(z.unknown()).max(100_000),
});

export type KevCatalog = {
  catalogVersion: string;
  dateReleased: string;
  entries: KevEntry[];
  problems: FeedProblem[];
};

/**
 * Parses a KEV catalog (JSON text, Buffer or parsed value). Entries failing the schema become
 * problems; duplicates of a cveID keep the first entry.
 * @throws FeedError bad_document when the catalog itself is not a KEV catalog
 */
export function parseKevCatalog(input: unknown): KevCatalog {
  const value = typeof input === 'string' || Buffer.isBuffer(input) ? decodeJson(input, 'KEV catalog') : input;
  const catalog = parseOrThrow(KevCatalogShape, value, 'KEV catalog');
  const entries: KevEntry[] = [];
  const problems: FeedProblem[] = [];
  const seen = new Set<string>();
  catalog.vulnerabilities.forEach((raw, index) => {
    const result = KevEntrySchema.safeParse(raw);
    const ref = typeof (raw as { cveID?: unknown } | null)?.cveID === 'string' ? String((raw as { cveID: string }).cveID).slice(0, 40) : `vulnerabilities[${index}]`;
    if (!result.success) {
      problems.push({ ref, message: `KEV entry is invalid: ${describeIssues(result.error)}` });
      return;
    }
    if (seen.has(result.data.cveID)) {
      problems.push({ ref, message: 'Duplicate KEV entry; the first one is kept' });
      return;
    }
    seen.add(result.data.cveID);
    entries.push(result.data);
  });
  return { catalogVersion: catalog.catalogVersion, dateReleased: catalog.dateReleased, entries, problems };
}

/** URLs mentioned in the `notes` field (separated by `;` and spaces). */
export function kevNoteUrls(notes: string | undefined): string[] {
  if (notes === undefined) return [];
  const urls = notes.match(/https?:\/\/[^\s;]+/g) ?? [];
  return [...new Set(urls.map((url) => url.replace(/[),.]+$/, '')))].filter((url) => url.length <= 2048).slice(0, 100);
}

/** The CVE enrichment of an entry (known exploited, date added, due date, ransomware use). */
export function kevEnrichment(entry: KevEntry): CveEnrichment {
  return {
    cve: entry.cveID,
    kev: {
      dateAdded: entry.dateAdded,
      ...(entry.dueDate !== undefined ? { dueDate: entry.dueDate } : {}),
      knownRansomwareCampaignUse: entry.knownRansomwareCampaignUse?.trim().toLowerCase() === 'known',
      vendor: entry.vendorProject,
      product: entry.product,
      requiredAction: entry.requiredAction,
    },
  };
}

/**
 * The products an entry names. KEV gives one vendor and a product phrase that often lists several
 * ("NetScaler ADC and NetScaler Gateway", "Application Delivery Controller (ADC), Gateway, and
 * SD-WAN WANOP Appliance"): the phrase is split at commas and "and"/"&", each part a product. KEV
 * names no versions, so matching can only say "possibly affected" (server/matching/engine.ts).
 */
export function kevProducts(entry: Pick<KevEntry, 'vendorProject' | 'product'>): FeedProduct[] {
  const vendor = entry.vendorProject.trim().slice(0, 200);
  if (vendor === '') return [];
  const parts = entry.product
    .split(/\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*/i)
    .map((part) => part.trim())
    .filter((part) => part !== '' && part.length <= 200);
  return [...new Set(parts)].slice(0, 20).map((product) => ({ vendor, product, versions: [] }));
}

/** The inbox item of a newly added entry. */
export function kevItem(entry: KevEntry, tlp: TlpLevel): FeedItemDraft {
  const ransomware = entry.knownRansomwareCampaignUse?.trim().toLowerCase() === 'known';
  return {
    externalId: entry.cveID,
    kind: 'vulnerability',
    title: { en: `${entry.cveID}: ${entry.vulnerabilityName}` },
    summary: {
      en: [
        entry.shortDescription,
        `Added to CISA KEV on ${entry.dateAdded}${entry.dueDate !== undefined ? `, due ${entry.dueDate}` : ''}.`,
        ...(ransomware ? ['Known to be used in ransomware campaigns.'] : []),
      ].join('\n\n'),
    },
    remediation: { en: entry.requiredAction },
    url: `https://nvd.nist.gov/vuln/detail/${entry.cveID}`,
    published: new Date(`${entry.dateAdded}T00:00:00Z`),
    revision: entry.dateAdded,
    cves: [entry.cveID],
    products: kevProducts(entry),
    references: kevNoteUrls(entry.notes),
    tlp,
    document: entry,
  };
}
