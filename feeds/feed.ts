/**
 * The FeedAdapter contract (STYLE.md "Feeds and jobs"): one module per source type under
 * `feeds/<type>/`, each pure apart from the HTTP it does through the {@link FeedHttp} it is given.
 * Adapters never touch the database; `server/feeds/` (ingestion) stores what they return, with the
 * cursor, in one transaction.
 *
 * One run: `run(context)` discovers, fetches incrementally from `context.cursor`, verifies (hashes,
 * signatures, schemas), parses with zod and normalizes to {@link FeedItemDraft}s (the triage inbox),
 * STIX objects (indicators, observables…) and CVE enrichments (KEV, EPSS, NVD), plus the next cursor.
 * Per-document problems become {@link FeedProblem}s (counted as failed, logged) and never abort the
 * rest of the run; a problem with the source as a whole throws a {@link FeedError}.
 */
import { z } from 'zod';
import { TLP_LEVELS, type TlpLevel } from '../server/stix/tlp.js';
import { BSI_SEVERITIES } from '../server/vulnerabilities/bsi-severity.js';
import { VersionRangeSchema } from '../server/products/version-range.js';
import { VERSION_SCHEMES } from '../server/products/scheme-names.js';

export const FEED_TYPES = ['csaf-provider', 'cisa-kev', 'nvd', 'epss', 'misp', 'taxii', 'rss', 'euvd'] as const;
export type FeedType = (typeof FEED_TYPES)[number];

/** What the fetcher returns. `status` 304 means "unchanged since the validators sent". */
export type FeedResponse = {
  status: 200 | 304;
  /** Final URL after redirects. */
  url: string;
  body: Buffer;
  contentType: string | undefined;
  etag: string | undefined;
  lastModified: string | undefined;
  /** All response headers, names lower-cased, first value (TAXII's `X-TAXII-Date-Added-Last`). */
  headers?: Readonly<Record<string, string>>;
};

export type FeedRequest = {
  /** Acceptable media types (checked against Content-Type; `*\/*` disables the check). */
  accept: readonly string[];
  /** Conditional request validators from the previous run. */
  etag?: string;
  lastModified?: string;
  /** Response size cap in bytes (defaults to the fetcher's configured maximum). */
  maxBytes?: number;
  headers?: Record<string, string>;
  /** Transparently gunzip `.gz` bodies (EPSS). */
  gunzip?: boolean;
};

/**
 * The only way adapters reach the network: SSRF guard (after DNS, on every redirect), proxy from
 * `HTTPS_PROXY`/`NO_PROXY`, timeouts, size cap, content-type check, retries with backoff + jitter.
 */
export type FeedHttp = {
  get(url: string, request: FeedRequest): Promise<FeedResponse>;
};

/** An affected product exactly as advisories and matching take it. */
export const FeedProductSchema = z.object({
  vendor: z.string().min(1).max(200),
  product: z.string().min(1).max(200),
  versions: z.array(VersionRangeSchema).max(50).default([]),
  /** CPE 2.3 formatted string (2.2 URIs converted by the adapter). */
  cpe: z.string().max(1000).optional(),
  /** Package URL (CSAF `product_identification_helper.purl`), without version when ranges are given. */
  purl: z.string().max(2000).optional(),
  /** How the ranges' versions compare (rpm, deb, semver, maven, pypi …); generic when absent. */
  scheme: z.enum(VERSION_SCHEMES).optional(),
});
export type FeedProduct = z.output<typeof FeedProductSchema>;

const LocalizedTextSchema = z.object({ de: z.string().max(200_000).optional(), en: z.string().max(200_000).optional() });

/** One entry of the triage inbox as an adapter produces it; ingestion dedupes by (source, externalId). */
export const FeedItemDraftSchema = z.object({
  /** Stable id within the source (CSAF tracking id, KEV cveID, RSS guid, MISP event uuid…). */
  externalId: z.string().min(1).max(500),
  kind: z.enum(['advisory', 'vulnerability', 'indicators', 'news']),
  title: LocalizedTextSchema,
  summary: LocalizedTextSchema.default({}),
  /** Remediations / recommended actions. */
  remediation: LocalizedTextSchema.default({}),
  url: z.string().max(2048).optional(),
  published: z.date().optional(),
  updated: z.date().optional(),
  /** Source revision (CSAF `tracking.version`, …); a change marks the item updated. */
  revision: z.string().max(100).optional(),
  cves: z.array(z.string().regex(/^CVE-\d{4}-\d{4,}$/)).max(2_000).default([]),
  severity: z.enum(BSI_SEVERITIES).optional(),
  /** CVSS vectors as published (3.x / 4.0). */
  cvss: z.array(z.string().max(300)).max(50).default([]),
  products: z.array(FeedProductSchema).max(5_000).default([]),
  references: z.array(z.string().max(2048)).max(500).default([]),
  tlp: z.enum(TLP_LEVELS),
  /** Ids of STIX objects of the same run that belong to this item (MISP event → indicators). */
  stixObjectIds: z.array(z.string()).max(100_000).default([]),
  /** The source document, normalized to JSON, for the analyst and for promotion. */
  document: z.record(z.string(), z.unknown()).optional(),
  /** Checks the document failed that do not touch its integrity (CSAF schema, mandatory tests): stored and shown, never auto-promoted. */
  findings: z.array(z.object({ test: z.string().max(200), path: z.string().max(1000), message: z.string().max(2000) })).max(200).default([]),
});
export type FeedItemDraft = z.input<typeof FeedItemDraftSchema>;
export type FeedItem = z.output<typeof FeedItemDraftSchema>;

/** Per-CVE facts that enrich advisories and inbox items rather than being items themselves. */
export const CveEnrichmentSchema = z.object({
  cve: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
  kev: z
    .object({
      dateAdded: z.string(),
      dueDate: z.string().optional(),
      knownRansomwareCampaignUse: z.boolean(),
      vendor: z.string().optional(),
      product: z.string().optional(),
      requiredAction: z.string().optional(),
    })
    .optional(),
  epss: z.object({ score: z.number().min(0).max(1), percentile: z.number().min(0).max(1), date: z.string() }).optional(),
  nvd: z
    .object({
      description: z.string().optional(),
      cvss: z.array(z.string()).default([]),
      published: z.string().optional(),
      lastModified: z.string().optional(),
      cpes: z.array(z.string()).default([]),
    })
    .optional(),
  /** ENISA EU Vulnerability Database: the EUVD id, whether it is known exploited, and the products it names. */
  euvd: z
    .object({
      id: z.string(),
      exploited: z.boolean(),
      exploitedSince: z.string().optional(),
      baseScore: z.number().optional(),
      baseScoreVersion: z.string().optional(),
      vector: z.string().optional(),
      published: z.string().optional(),
      updated: z.string().optional(),
      assigner: z.string().optional(),
      epss: z.number().optional(),
      products: z.array(z.object({ vendor: z.string(), product: z.string(), version: z.string().optional() })).default([]),
    })
    .optional(),
});
export type CveEnrichment = z.input<typeof CveEnrichmentSchema>;

/** A per-document problem: counted as failed, logged, the run goes on. */
export type FeedProblem = { ref: string; message: string };

/** A problem with the source as a whole (unreachable, bad signature on the index, garbage). */
export class FeedError extends Error {
  constructor(
    message: string,
    readonly code: 'unreachable' | 'blocked' | 'too_large' | 'bad_content_type' | 'bad_document' | 'bad_signature' | 'http_error' | 'timeout',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FeedError';
  }
}

export type FeedSourceConfig = {
  id: string;
  type: FeedType;
  name: string;
  url: string;
  defaultTlp: TlpLevel;
  /** Type-specific options (validated by the adapter's own `optionsSchema`). */
  options: Record<string, unknown>;
  /** Credentials resolved from the environment variables the source names (never stored). */
  credentials: Record<string, string>;
};

export type FeedRunContext = {
  source: FeedSourceConfig;
  http: FeedHttp;
  /** The cursor the previous successful run returned (undefined on the first run). */
  cursor: unknown;
  now: () => Date;
  log: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
  signal: AbortSignal;
};

/** A document held back (integrity failure, or not acceptable even with findings): listed in the source's run view, not ingested. */
export type QuarantinedDocument = {
  ref: string;
  /** `unacceptable`: fails the CSAF checks and lacks a tracking id, a title or anything affected. */
  check: 'hash' | 'signature' | 'provider_key' | 'unacceptable';
  reason: string;
  externalId?: string | undefined;
  title?: string | undefined;
  /** The document as received (JSON), kept so a cert_admin can release it. */
  document?: Record<string, unknown> | undefined;
};

/** What the source's records are and how many it delivered (the run summary counts them). */
export type RecordCount = {
  /** Records the source delivered this run, unchanged ones included (1,404 KEV entries). */
  total: number;
  /** Plural noun, English, for the CLI and logs: `entries`, `documents`, `CVE records`, `events`, `objects`, `scores`. */
  noun: string;
  /** What one record is stored as: its new/updated counts are the records'. */
  storedAs: 'items' | 'enrichments' | 'stixObjects';
};

/** Formats ingestion can parse itself, in a worker thread when large (server/feeds/bulk/). */
export const BULK_FORMATS = ['cve5', 'nvd-api', 'cisa-kev'] as const;
export type BulkFormat = (typeof BULK_FORMATS)[number];

/**
 * Documents handed to ingestion unparsed: a first import of 100,000s of CVE records is parsed,
 * validated and rendered beside the database's work instead of before it. A document that does not
 * parse is a problem under its `ref`; when none parses, the run fails with the first one's error —
 * unless the documents are `independent` (files of an import: each broken one is only a problem).
 */
export type BulkDocuments = { format: BulkFormat; documents: { ref: string; body: string | Uint8Array }[]; independent?: boolean };

export type FeedRunOutput = {
  items: FeedItemDraft[];
  /** Lenient-validated STIX 2.1 objects (TLP 1.0 ids may remain; ingestion maps them). */
  stixObjects: Record<string, unknown>[];
  enrichments: CveEnrichment[];
  problems: FeedProblem[];
  /** Stored with the data in one transaction; handed back as `context.cursor` next run. */
  cursor: unknown;
  /** Documents the source reported unchanged (304, same hash, same revision). */
  unchanged: number;
  /** Documents held back for an integrity failure (not ingested). */
  quarantined?: QuarantinedDocument[];
  /** The source's records, when the adapter counts them (else counts add items, objects and enrichments). */
  records?: RecordCount;
  /** Documents for ingestion to parse (items, enrichments, problems and records are added to the above). */
  bulk?: BulkDocuments;
};

export type FeedAdapter = {
  type: FeedType;
  /** zod schema of this type's `options`. */
  optionsSchema: z.ZodType<Record<string, unknown>>;
  run(context: FeedRunContext): Promise<FeedRunOutput>;
};
