/**
 * NVD CVE API 2.0 pages and CVE JSON 5 records (FORMATS.md "NVD CVE API 2.0").
 *
 * - An API page is `{resultsPerPage, startIndex, totalResults, format: "NVD_CVE", version: "2.0",
 *   timestamp, vulnerabilities[{cve}]}`; each `cve` has `id`, `published`, `lastModified` (ISO
 *   without offset, UTC), `vulnStatus`, `descriptions[]`, `metrics.cvssMetricV40/V31/V30/V2[]`,
 *   `configurations[].nodes[].cpeMatch[]` (`criteria` CPE 2.3, `vulnerable`,
 *   `versionStart/EndIncluding/Excluding`) and `references[]`.
 * - A CVE JSON 5 record (cve.org, cvelistV5) is `{dataType: "CVE_RECORD", dataVersion,
 *   cveMetadata {cveId, state PUBLISHED|REJECTED, datePublished, dateUpdated}, containers {cna,
 *   adp[]}}` with `affected[] {vendor, product, versions[] {version, status, lessThan,
 *   lessThanOrEqual}, cpes[]}`, `descriptions[]`, `metrics[] {cvssV4_0|cvssV3_1|cvssV3_0}`.
 *
 * Both become a 'vulnerability' FeedItemDraft plus an `nvd` CveEnrichment. Pure.
 */
import { z } from 'zod';
import { VersionRangeSchema, type VersionRange } from '../../server/products/version-range.js';
import { normalizeCveId } from '../../server/vulnerabilities/cve-id.js';
import type { TlpLevel } from '../../server/stix/tlp.js';
import type { CveEnrichment, FeedItemDraft, FeedProblem, FeedProduct } from '../feed.js';
import { decodeJson, describeIssues, parseOrThrow, toDate, truncate } from '../source-util.js';

const CveIdString = z.string().transform((value, ctx) => {
  const cve = normalizeCveId(value);
  if (cve === undefined) {
    ctx.addIssue({ code: 'custom', message: 'Expected a CVE ID' });
    return z.NEVER;
  }
  return cve;
});

const LangString = z.object({ lang: z.string().max(20), value: z.string().max(100_000) });
const CvssData = z.looseObject({ vectorString: z.string().max(300).optional(), baseScore: z.number().optional() });
const CvssMetric = z.looseObject({ source: z.string().optional(), type: z.string().optional(), cvssData: CvssData });

const CpeMatch = z.looseObject({
  vulnerable: z.boolean(),
  criteria: z.string().max(1000),
  versionStartIncluding: z.string().max(128).optional(),
  versionStartExcluding: z.string().max(128).optional(),
  versionEndIncluding: z.string().max(128).optional(),
  versionEndExcluding: z.string().max(128).optional(),
});
type CpeMatchT = z.infer<typeof CpeMatch>;
type ConfigNode = { operator?: string | undefined; negate?: boolean | undefined; cpeMatch?: CpeMatchT[] | undefined };
const Node: z.ZodType<ConfigNode> = z.looseObject({
  operator: z.string().optional(),
  negate: z.boolean().optional(),
  cpeMatch: z.array(CpeMatch).max(10_000).optional(),
});

export const NvdCveSchema = z.looseObject({
  id: CveIdString,
  sourceIdentifier: z.string().optional(),
  published: z.string().max(40),
  lastModified: z.string().max(40),
  vulnStatus: z.string().max(100).optional(),
  descriptions: z.array(LangString).max(100).default([]),
  metrics: z
    .looseObject({
      cvssMetricV40: z.array(CvssMetric).max(50).optional(),
      cvssMetricV31: z.array(CvssMetric).max(50).optional(),
      cvssMetricV30: z.array(CvssMetric).max(50).optional(),
      cvssMetricV2: z.array(CvssMetric).max(50).optional(),
    })
    .optional(),
  configurations: z.array(z.looseObject({ nodes: z.array(Node).max(10_000) })).max(1000).optional(),
  references: z.array(z.looseObject({ url: z.string().max(2048) })).max(5000).optional(),
  cisaExploitAdd: z.string().optional(),
});
export type NvdCve = z.infer<typeof NvdCveSchema>;

const NvdPageShape = z.object({
  resultsPerPage: z.number().int().nonnegative(),
  startIndex: z.number().int().nonnegative(),
  totalResults: z.number().int().nonnegative(),
  format: z.literal('NVD_CVE').optional(),
  version: z.string().optional(),
  timestamp: z.string().optional(),
  vulnerabilities: z.array(z.object({ cve: z.unknown() })).max(10_000),
});

export type NvdRecord = { cve: string; lastModified: string; item: FeedItemDraft | undefined; enrichment: CveEnrichment };

export type NvdPage = {
  resultsPerPage: number;
  startIndex: number;
  totalResults: number;
  /** Number of entries in `vulnerabilities` (valid or not), for paging. */
  count: number;
  records: NvdRecord[];
  problems: FeedProblem[];
};

function english(descriptions: readonly { lang: string; value: string }[]): string | undefined {
  return (descriptions.find((d) => d.lang.toLowerCase().startsWith('en')) ?? descriptions[0])?.value;
}

function range(candidate: VersionRange): VersionRange | undefined {
  const result = VersionRangeSchema.safeParse(candidate);
  return result.success ? (result.data) : undefined;
}

function isSpecific(version: string | undefined): version is string {
  if (version === undefined) return false;
  const trimmed = version.trim().toLowerCase();
  return trimmed !== '' && trimmed !== '-' && trimmed !== 'n/a' && trimmed !== 'unspecified' && !trimmed.includes('*');
}

/** Splits a CPE 2.3 formatted string into vendor/product/version (unescaping `\`). */
function cpeParts(cpe: string): { vendor: string; product: string; version: string } | undefined {
  const parts = cpe.split(/(?<!\\):/);
  if (parts.length < 6 || parts[0] !== 'cpe' || parts[1] !== '2.3') return undefined;
  const unescape = (value: string): string => value.replace(/\\(.)/g, '$1');
  const vendor = unescape(parts[3]!);
  const product = unescape(parts[4]!);
  if (!isSpecific(vendor) || !isSpecific(product)) return undefined;
  return { vendor, product, version: unescape(parts[5]!) };
}

function productFromCpeMatch(match: CpeMatchT): FeedProduct | undefined {
  const parts = cpeParts(match.criteria);
  if (!parts) return undefined;
  let candidate: VersionRange | undefined;
  const { versionStartIncluding: si, versionStartExcluding: se, versionEndIncluding: ei, versionEndExcluding: ee } = match;
  if (si !== undefined || se !== undefined || ei !== undefined || ee !== undefined) {
    candidate = {
      ...(si !== undefined ? { from: si } : se !== undefined ? { from: se, fromInclusive: false } : {}),
      ...(ee !== undefined ? { below: ee } : ei !== undefined ? { upTo: ei } : {}),
    };
  } else if (isSpecific(parts.version)) {
    candidate = { exact: parts.version };
  } else {
    candidate = { all: true };
  }
  const versions = [range(candidate)].filter((r): r is VersionRange => r !== undefined);
  return { vendor: parts.vendor.slice(0, 200), product: parts.product.slice(0, 200), versions, cpe: match.criteria };
}

function cvssVectors(cve: NvdCve): string[] {
  const metrics = cve.metrics ?? {};
  const vectors: string[] = [];
  for (const list of [metrics.cvssMetricV40, metrics.cvssMetricV31, metrics.cvssMetricV30]) {
    for (const metric of list ?? []) {
      const vector = metric.cvssData.vectorString;
      if (vector !== undefined && !vectors.includes(vector)) vectors.push(vector);
    }
  }
  return vectors.slice(0, 50);
}

function* cpeMatches(cve: NvdCve): Generator<CpeMatchT> {
  for (const configuration of cve.configurations ?? []) {
    for (const node of configuration.nodes) {
      if (node.negate === true) continue;
      for (const match of node.cpeMatch ?? []) if (match.vulnerable) yield match;
    }
  }
}

/** One NVD `cve` object → inbox item (none for rejected CVEs) and `nvd` enrichment. */
export function nvdRecord(cve: NvdCve, tlp: TlpLevel): NvdRecord {
  const description = english(cve.descriptions);
  const cvss = cvssVectors(cve);
  const products: FeedProduct[] = [];
  const cpes: string[] = [];
  for (const match of cpeMatches(cve)) {
    if (!cpes.includes(match.criteria)) cpes.push(match.criteria);
    const product = productFromCpeMatch(match);
    if (product && products.length < 5000) products.push(product);
  }
  const published = toDate(cve.published);
  const lastModified = toDate(cve.lastModified);
  const enrichment: CveEnrichment = {
    cve: cve.id,
    nvd: {
      ...(description !== undefined ? { description } : {}),
      cvss,
      ...(published ? { published: published.toISOString() } : {}),
      ...(lastModified ? { lastModified: lastModified.toISOString() } : {}),
      cpes: cpes.slice(0, 5000),
    },
  };
  const rejected = cve.vulnStatus?.toLowerCase() === 'rejected';
  const item: FeedItemDraft | undefined = rejected
    ? undefined
    : {
        externalId: cve.id,
        kind: 'vulnerability',
        title: { en: description !== undefined ? `${cve.id}: ${truncate(description, 160)}` : cve.id },
        summary: description !== undefined ? { en: description } : {},
        url: `https://nvd.nist.gov/vuln/detail/${cve.id}`,
        ...(published ? { published } : {}),
        ...(lastModified ? { updated: lastModified } : {}),
        revision: cve.lastModified,
        cves: [cve.id],
        cvss,
        products,
        references: [...new Set((cve.references ?? []).map((r) => r.url))].slice(0, 500),
        tlp,
        document: cve as unknown as Record<string, unknown>,
      };
  return { cve: cve.id, lastModified: lastModified?.toISOString() ?? cve.lastModified, item, enrichment };
}

/**
 * Parses one NVD CVE API 2.0 response page. Invalid `cve` entries become problems.
 * @throws FeedError bad_document when the page itself is not an API 2.0 response
 */
export function parseNvdPage(input: unknown, tlp: TlpLevel = 'clear'): NvdPage {
  const value = typeof input === 'string' || Buffer.isBuffer(input) ? decodeJson(input, 'NVD API page') : input;
  const page = parseOrThrow(NvdPageShape, value, 'NVD API page');
  const records: NvdRecord[] = [];
  const problems: FeedProblem[] = [];
  page.vulnerabilities.forEach((entry, index) => {
    const result = NvdCveSchema.safeParse(entry.cve);
    if (!result.success) {
      const id = (entry.cve as { id?: unknown } | null)?.id;
      problems.push({ ref: typeof id === 'string' ? id.slice(0, 40) : `vulnerabilities[${page.startIndex + index}]`, message: `NVD CVE is invalid: ${describeIssues(result.error)}` });
      return;
    }
    records.push(nvdRecord(result.data, tlp));
  });
  return { resultsPerPage: page.resultsPerPage, startIndex: page.startIndex, totalResults: page.totalResults, count: page.vulnerabilities.length, records, problems };
}

// ---------------------------------------------------------------------------------------------
// CVE JSON 5

const Cve5Version = z.looseObject({
  version: z.string().max(200),
  status: z.string().max(50),
  lessThan: z.string().max(200).optional(),
  lessThanOrEqual: z.string().max(200).optional(),
  versionType: z.string().max(50).optional(),
});
const Cve5Affected = z.looseObject({
  vendor: z.string().max(500).optional(),
  product: z.string().max(500).optional(),
  packageName: z.string().max(500).optional(),
  versions: z.array(Cve5Version).max(5000).optional(),
  defaultStatus: z.string().max(50).optional(),
  cpes: z.array(z.string().max(1000)).max(1000).optional(),
});
const Cve5Metric = z.looseObject({
  cvssV4_0: CvssData.optional(),
  cvssV3_1: CvssData.optional(),
  cvssV3_0: CvssData.optional(),
});
const Cve5Container = z.looseObject({
  title: z.string().max(2000).optional(),
  descriptions: z.array(LangString).max(100).optional(),
  affected: z.array(Cve5Affected).max(5000).optional(),
  metrics: z.array(Cve5Metric).max(100).optional(),
  references: z.array(z.looseObject({ url: z.string().max(2048) })).max(5000).optional(),
  rejectedReasons: z.array(LangString).max(100).optional(),
  datePublic: z.string().optional(),
});

export const Cve5RecordSchema = z.looseObject({
  dataType: z.literal('CVE_RECORD'),
  dataVersion: z.string().max(20),
  cveMetadata: z.looseObject({
    cveId: CveIdString,
    state: z.enum(['PUBLISHED', 'REJECTED']),
    datePublished: z.string().optional(),
    dateUpdated: z.string().optional(),
    dateRejected: z.string().optional(),
  }),
  containers: z.looseObject({
    cna: Cve5Container,
    adp: z.array(Cve5Container).max(100).optional(),
  }),
});
export type Cve5Record = z.infer<typeof Cve5RecordSchema>;

export type Cve5Result = {
  cve: string;
  state: 'PUBLISHED' | 'REJECTED';
  /** Undefined for REJECTED records. */
  item: FeedItemDraft | undefined;
  enrichment: CveEnrichment;
};

function cve5Product(affected: z.infer<typeof Cve5Affected>): FeedProduct | undefined {
  const vendor = affected.vendor?.trim();
  const product = (affected.product ?? affected.packageName)?.trim();
  if (!isSpecific(vendor) || !isSpecific(product) || vendor.toLowerCase() === 'n/a' || product.toLowerCase() === 'n/a') return undefined;
  const versions: VersionRange[] = [];
  for (const entry of affected.versions ?? []) {
    if (entry.status !== 'affected') continue;
    const start = entry.version.trim();
    const startBound = isSpecific(start) && start !== '0' ? { from: start } : {};
    let candidate: VersionRange;
    if (entry.lessThan !== undefined && entry.lessThan.trim() !== '*') candidate = { ...startBound, below: entry.lessThan.trim() };
    else if (entry.lessThanOrEqual !== undefined && entry.lessThanOrEqual.trim() !== '*') candidate = { ...startBound, upTo: entry.lessThanOrEqual.trim() };
    else if (entry.lessThan !== undefined || entry.lessThanOrEqual !== undefined) candidate = isSpecific(start) && start !== '0' ? { from: start } : { all: true };
    else candidate = isSpecific(start) ? { exact: start } : { all: true };
    const valid = range(candidate);
    if (valid && versions.length < 50) versions.push(valid);
  }
  if (versions.length === 0 && affected.defaultStatus === 'affected') versions.push({ all: true });
  const cpe = affected.cpes?.find((c) => c.startsWith('cpe:2.3:'));
  return { vendor: vendor.slice(0, 200), product: product.slice(0, 200), versions, ...(cpe !== undefined ? { cpe } : {}) };
}

/**
 * Parses a CVE JSON 5 record (cve.org / cvelistV5) into an inbox item and an `nvd` enrichment
 * (description, CVSS from the CNA and ADP containers, CPEs). REJECTED records yield no item.
 * @throws FeedError bad_document when it is not a CVE JSON 5 record
 */
export function parseCve5Record(input: unknown, tlp: TlpLevel = 'clear'): Cve5Result {
  const value = typeof input === 'string' || Buffer.isBuffer(input) ? decodeJson(input, 'CVE record') : input;
  const record = parseOrThrow(Cve5RecordSchema, value, 'CVE JSON 5 record');
  const { cveId, state, datePublished, dateUpdated } = record.cveMetadata;
  const containers = [record.containers.cna, ...(record.containers.adp ?? [])];
  const cna = record.containers.cna;
  const description = english(cna.descriptions ?? cna.rejectedReasons ?? []);
  const cvss: string[] = [];
  for (const container of containers) {
    for (const metric of container.metrics ?? []) {
      for (const data of [metric.cvssV4_0, metric.cvssV3_1, metric.cvssV3_0]) {
        const vector = data?.vectorString;
        if (vector !== undefined && !cvss.includes(vector) && cvss.length < 50) cvss.push(vector);
      }
    }
  }
  const products: FeedProduct[] = [];
  const cpes: string[] = [];
  for (const container of containers) {
    for (const affected of container.affected ?? []) {
      for (const cpe of affected.cpes ?? []) if (!cpes.includes(cpe) && cpes.length < 5000) cpes.push(cpe);
      if (container !== cna) continue;
      const product = cve5Product(affected);
      if (product && products.length < 5000) products.push(product);
    }
  }
  const published = toDate(datePublished);
  const updated = toDate(dateUpdated);
  const enrichment: CveEnrichment = {
    cve: cveId,
    nvd: {
      ...(description !== undefined ? { description } : {}),
      cvss,
      ...(published ? { published: published.toISOString() } : {}),
      ...(updated ? { lastModified: updated.toISOString() } : {}),
      cpes,
    },
  };
  if (state === 'REJECTED') return { cve: cveId, state, item: undefined, enrichment };
  const heading = cna.title ?? (description !== undefined ? truncate(description, 160) : undefined);
  const item: FeedItemDraft = {
    externalId: cveId,
    kind: 'vulnerability',
    title: { en: heading !== undefined ? `${cveId}: ${truncate(heading, 400)}` : cveId },
    summary: description !== undefined ? { en: description } : {},
    url: `https://www.cve.org/CVERecord?id=${cveId}`,
    ...(published ? { published } : {}),
    ...(updated ? { updated } : {}),
    ...(dateUpdated !== undefined ? { revision: dateUpdated.slice(0, 100) } : {}),
    cves: [cveId],
    cvss,
    products,
    references: [...new Set(containers.flatMap((c) => (c.references ?? []).map((r) => r.url)))].slice(0, 500),
    tlp,
    document: record,
  };
  return { cve: cveId, state, item, enrichment };
}
