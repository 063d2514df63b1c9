/**
 * ENISA EU Vulnerability Database (EUVD, https://euvd.enisa.europa.eu, API documented at
 * https://euvd.enisa.europa.eu/apidoc; FORMATS.md "ENISA EUVD"). Read endpoints under
 * `https://euvdservices.enisa.europa.eu/api/`: `lastvulnerabilities` and `exploitedvulnerabilities`
 * answer a JSON array of records; `search?fromDate=YYYY-MM-DD&toDate=…&page=…&size=…` answers
 * `{ items: [...], total }`. A record: `id` (EUVD-YYYY-NNNNN), `description`, `datePublished` /
 * `dateUpdated` (written like "Apr 15, 2025, 2:30:10 PM"), `baseScore`, `baseScoreVersion`,
 * `baseScoreVector`, `references` and `aliases` (newline-separated strings; the CVE id among the
 * aliases is what correlates the record with every other source), `assigner`, `epss`,
 * `exploitedSince` (set when ENISA knows the vulnerability exploited), `enisaIdProduct[]`
 * `{ product: { name, vendor? { name } }, product_version }`, `enisaIdVendor[]` `{ vendor: { name } }`.
 *
 * Pure: a broken response throws a `bad_document` FeedError, a broken record becomes a FeedProblem.
 */
import { z } from 'zod';
import { normalizeCveId } from '../../server/vulnerabilities/cve-id.js';
import type { TlpLevel } from '../../server/stix/tlp.js';
import { parseVersionRanges, VersionRangeParseError, type VersionRange } from '../../server/products/version-range.js';
import type { CveEnrichment, FeedItemDraft, FeedProblem, FeedProduct } from '../feed.js';
import { decodeJson, describeIssues, parseOrThrow, toDate } from '../source-util.js';

const Name = z.looseObject({ name: z.string().max(500).nullish() });
const NumberLike = z.union([z.number(), z.string().max(50)]).nullish();

/** One EUVD record as the API gives it (unknown fields are kept out; nulls allowed everywhere). */
export const EuvdRecordSchema = z.looseObject({
  id: z.string().regex(/^EUVD-\d{4}-\d+$/, 'Expected an EUVD id'),
  description: z.string().max(100_000).nullish(),
  datePublished: z.string().max(100).nullish(),
  dateUpdated: z.string().max(100).nullish(),
  baseScore: NumberLike,
  baseScoreVersion: z.string().max(20).nullish(),
  baseScoreVector: z.string().max(300).nullish(),
  references: z.string().max(200_000).nullish(),
  aliases: z.string().max(20_000).nullish(),
  assigner: z.string().max(500).nullish(),
  epss: NumberLike,
  exploitedSince: z.string().max(100).nullish(),
  enisaIdProduct: z.array(z.looseObject({ product: z.looseObject({ name: z.string().max(500).nullish(), vendor: Name.nullish() }).nullish(), product_version: z.string().max(1000).nullish() })).max(5_000).nullish(),
  enisaIdVendor: z.array(z.looseObject({ vendor: Name.nullish() })).max(1_000).nullish(),
});
export type EuvdRecord = z.output<typeof EuvdRecordSchema>;

const ListShape = z.union([z.array(z.unknown()).max(100_000), z.looseObject({ items: z.array(z.unknown()).max(100_000), total: z.number().int().nonnegative().optional() })]);

export type EuvdPage = { records: EuvdRecord[]; problems: FeedProblem[]; total: number | undefined };

/** Parses an EUVD list response (array or `{items, total}`). @throws FeedError bad_document */
export function parseEuvdList(input: unknown): EuvdPage {
  const value = typeof input === 'string' || Buffer.isBuffer(input) ? decodeJson(input, 'EUVD response') : input;
  const list = parseOrThrow(ListShape, value, 'EUVD response');
  const raw = Array.isArray(list) ? list : list.items;
  const records: EuvdRecord[] = [];
  const problems: FeedProblem[] = [];
  raw.forEach((entry, index) => {
    const parsed = EuvdRecordSchema.safeParse(entry);
    if (parsed.success) records.push(parsed.data);
    else problems.push({ ref: typeof (entry as { id?: unknown } | null)?.id === 'string' ? String((entry as { id: string }).id).slice(0, 60) : `items[${index}]`, message: `EUVD record is invalid: ${describeIssues(parsed.error)}` });
  });
  return { records, problems, total: Array.isArray(list) ? undefined : list.total };
}

const lines = (text: string | null | undefined): string[] => (text ?? '').split(/\s+/).map((part) => part.trim()).filter((part) => part !== '');

/** The CVE ids among a record's aliases. */
export function euvdCves(record: EuvdRecord): string[] {
  return [...new Set(lines(record.aliases).map((alias) => normalizeCveId(alias)).filter((cve): cve is string => cve !== undefined))];
}

function numberOf(value: number | string | null | undefined): number | undefined {
  const number = typeof value === 'number' ? value : value ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : undefined;
}

function isoOf(value: string | null | undefined): string | undefined {
  return toDate(value ?? undefined)?.toISOString();
}

/** A `product_version`: a range (`<2.4.1`), an exact version, or EUVD's "line below fix" form `13.1 <13.1-58.32`. */
function rangesOf(version: string | null | undefined): VersionRange[] {
  const text = version?.trim() ?? '';
  if (text === '' || text === '*' || text.toLowerCase() === 'n/a') return [];
  const line = /^(v?\d[^\s<>=]*)\s+(<=?.*)$/i.exec(text);
  for (const candidate of line ? [`>=${line[1]} ${line[2]}`, text] : [text]) {
    try {
      return parseVersionRanges(candidate).slice(0, 50);
    } catch (error) {
      if (!(error instanceof VersionRangeParseError)) throw error;
    }
  }
  return [];
}

/** The products a record names, each with the range its `product_version` states. */
export function euvdProducts(record: EuvdRecord): FeedProduct[] {
  const fallbackVendor = record.enisaIdVendor?.map((entry) => entry.vendor?.name?.trim()).find((name) => name) ?? undefined;
  const products: FeedProduct[] = [];
  for (const entry of record.enisaIdProduct ?? []) {
    const product = entry.product?.name?.trim();
    const vendor = entry.product?.vendor?.name?.trim() || fallbackVendor;
    if (!product || !vendor || product === 'n/a' || vendor === 'n/a') continue;
    products.push({ vendor: vendor.slice(0, 200), product: product.slice(0, 200), versions: rangesOf(entry.product_version) });
  }
  return products.slice(0, 5_000);
}

/** The enrichments of a record: one per CVE alias, with the EUVD id and exploitation status. */
export function euvdEnrichments(record: EuvdRecord, exploited: boolean): CveEnrichment[] {
  const base = {
    id: record.id,
    exploited: exploited || Boolean(record.exploitedSince),
    ...(isoOf(record.exploitedSince) ? { exploitedSince: isoOf(record.exploitedSince) } : record.exploitedSince ? { exploitedSince: record.exploitedSince } : {}),
    ...(numberOf(record.baseScore) !== undefined ? { baseScore: numberOf(record.baseScore) } : {}),
    ...(record.baseScoreVersion ? { baseScoreVersion: record.baseScoreVersion } : {}),
    ...(record.baseScoreVector ? { vector: record.baseScoreVector } : {}),
    ...(isoOf(record.datePublished) ? { published: isoOf(record.datePublished) } : {}),
    ...(isoOf(record.dateUpdated) ? { updated: isoOf(record.dateUpdated) } : {}),
    ...(record.assigner ? { assigner: record.assigner } : {}),
    ...(numberOf(record.epss) !== undefined ? { epss: numberOf(record.epss) } : {}),
    products: euvdProducts(record).map((product) => ({ vendor: product.vendor, product: product.product })),
  };
  return euvdCves(record).map((cve) => ({ cve, euvd: base }));
}

/** The inbox item of a record (correlated with the other sources' items by its CVE aliases). */
export function euvdItem(record: EuvdRecord, exploited: boolean, tlp: TlpLevel): FeedItemDraft {
  const published = toDate(record.datePublished ?? undefined);
  const updated = toDate(record.dateUpdated ?? undefined);
  const vector = record.baseScoreVector?.startsWith('CVSS:') ? [record.baseScoreVector] : [];
  const isExploited = exploited || Boolean(record.exploitedSince);
  return {
    externalId: record.id,
    kind: 'vulnerability',
    title: { en: `${record.id}${euvdCves(record).length > 0 ? ` (${euvdCves(record).join(', ')})` : ''}` },
    summary: { en: [record.description?.trim() ?? '', ...(isExploited ? [`ENISA: known exploited${record.exploitedSince ? ` since ${record.exploitedSince}` : ''}.`] : [])].filter((part) => part !== '').join('\n\n').slice(0, 200_000) },
    url: `https://euvd.enisa.europa.eu/vulnerability/${record.id}`,
    ...(published ? { published } : {}),
    ...(updated ? { updated } : {}),
    ...(record.dateUpdated ? { revision: record.dateUpdated.slice(0, 100) } : {}),
    cves: euvdCves(record).slice(0, 2_000),
    cvss: vector,
    products: euvdProducts(record),
    references: lines(record.references).filter((url) => /^https?:\/\//.test(url) && url.length <= 2048).slice(0, 500),
    tlp,
    document: record,
  };
}
