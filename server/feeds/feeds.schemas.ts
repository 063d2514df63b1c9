/**
 * Response shapes of the feed source routes (feeds.routes.ts `presentSource`/`presentRun`) for the
 * OpenAPI document and the client's generated types. The presenters are typed against them, so a
 * field added to a response without its schema fails the type check.
 */
import { FEED_SOURCE_TYPES } from '../../config/feeds.schema.js';
import { TLP_LEVELS } from '../access/tlp.js';
import { freeForm, z } from '../platform/http/openapi-zod.js';
import { AdvisoryDtoSchema, VersionRangeDto } from '../advisories/advisories.presenter.js';
import { VERSION_SCHEMES } from '../products/scheme-names.js';
import { FEED_ITEM_STATES, FEED_RUN_STATUSES, QUARANTINE_CHECKS, QUARANTINE_STATES } from './feeds.table.js';
import { IndicatorWarningSchema } from './indicator-warnings.js';

const StoredCountsSchema = z.object({ new: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

export const FeedRunSchema = z
  .object({
    id: z.uuid(),
    sourceId: z.uuid(),
    trigger: z.enum(['schedule', 'manual']),
    status: z.enum(FEED_RUN_STATUSES),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    counts: z.object({ new: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), failed: z.number().int() }),
    details: z
      .object({
        noun: z.string().optional(),
        records: z.number().int().optional(),
        items: StoredCountsSchema.optional(),
        stixObjects: StoredCountsSchema.optional(),
        enrichments: StoredCountsSchema.optional(),
        withFindings: z.number().int().optional(),
        quarantined: z.number().int().optional(),
      })
      .describe('What the counts count (`noun`, `records`) and what was stored beside'),
    error: z.string().nullable().describe('`<code>: <detail>` for a failed run; the code is one of the feed error codes or `abandoned`/`database`'),
    problems: z.array(z.object({ ref: z.string(), message: z.string() })),
    instance: z.string().nullable(),
  })
  .openapi('FeedRun');

export const FeedSourceSchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    type: z.enum(FEED_SOURCE_TYPES),
    name: z.string(),
    url: z.string(),
    schedule: z.string(),
    enabled: z.boolean(),
    allowPrivateNetwork: z.boolean(),
    defaultTlp: z.enum(TLP_LEVELS),
    options: freeForm('Adapter options (free-form per source type)'),
    credentialEnv: z.record(z.string(), z.string()).describe('Credential name → environment variable holding it (never the value)'),
    managedBy: z.enum(['config', 'api']),
    createdAt: z.string(),
    updatedAt: z.string(),
    // A union rather than .nullable(): zod-to-openapi would otherwise mark the FeedRun component itself nullable.
    lastRun: z.union([FeedRunSchema, z.null()]),
    lastError: z.object({ error: z.string().nullable(), at: z.string() }).nullable(),
    nextRunAt: z.string().nullable(),
    items: z.object({ total: z.number().int(), open: z.number().int() }),
  })
  .openapi('FeedSource');

export const FeedSourceListSchema = z.object({ items: z.array(FeedSourceSchema), next: z.null() }).openapi('FeedSourceList');
export const FeedRunListSchema = z.object({ items: z.array(FeedRunSchema), next: z.null() }).openapi('FeedRunList');

export type FeedRunDto = z.infer<typeof FeedRunSchema>;
export type FeedSourceDto = z.infer<typeof FeedSourceSchema>;

const LocalizedParts = z.object({ de: z.string().optional(), en: z.string().optional() });

/** inbox.ts presentFeedItem: one item of the triage inbox. */
export const FeedItemDtoSchema = z
  .object({
    id: z.uuid(),
    source: z.object({ id: z.uuid(), key: z.string(), name: z.string(), type: z.string() }),
    externalId: z.string(),
    kind: z.enum(['advisory', 'vulnerability', 'indicators', 'news']),
    title: z.object({ de: z.string().nullable(), en: z.string().nullable() }),
    summary: LocalizedParts,
    remediation: LocalizedParts,
    url: z.string().nullable(),
    published: z.string().nullable(),
    sourceUpdated: z.string().nullable(),
    revision: z.string().nullable(),
    cves: z.array(z.string()),
    severity: z.string().nullable(),
    cvssScore: z.number().nullable(),
    cvss: z.array(z.string()),
    products: z.array(
      z.object({ vendor: z.string(), product: z.string(), versions: z.array(VersionRangeDto), cpe: z.string().optional(), purl: z.string().optional(), scheme: z.enum(VERSION_SCHEMES).optional() }),
    ),
    references: z.array(z.string()),
    tlp: z.string(),
    findings: z.array(z.object({ test: z.string(), path: z.string(), message: z.string() })).describe('Checks the source document failed (accepted with findings)'),
    warnings: z.array(IndicatorWarningSchema).describe('Indicators of the item on a warninglist; promotion needs warningOverride'),
    state: z.enum(FEED_ITEM_STATES),
    promotedAdvisoryId: z.uuid().nullable(),
    upstreamUpdatedAt: z.string().nullable(),
    firstSeenAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('FeedItem');

/** Dismiss or mark seen many items: which changed (the others were promoted, dismissed already, or not visible). */
export const FeedItemBulkResultSchema = z
  .object({ action: z.enum(['dismiss', 'seen']), changed: z.array(z.uuid()), unchanged: z.array(z.uuid()) })
  .openapi('FeedItemBulkResult');

/** A card promoted to an advisory draft. */
export const FeedItemPromotionSchema = z.object({ advisory: AdvisoryDtoSchema, itemId: z.uuid() }).openapi('FeedItemPromotion');

/** quarantine.ts presentQuarantine: a document held back for an integrity failure. */
export const QuarantineEntrySchema = z
  .object({
    id: z.uuid(),
    sourceId: z.uuid(),
    runId: z.uuid().nullable(),
    ref: z.string(),
    check: z.enum(QUARANTINE_CHECKS),
    reason: z.string(),
    externalId: z.string().nullable(),
    title: z.string().nullable(),
    state: z.enum(QUARANTINE_STATES),
    attempts: z.number().int(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    releasedAt: z.string().nullable(),
    releaseReason: z.string().nullable(),
    itemId: z.uuid().nullable(),
    hasDocument: z.boolean().describe('Whether the document was JSON and is kept, so it can be released'),
  })
  .openapi('QuarantineEntry');
export const QuarantineListSchema = z.object({ items: z.array(QuarantineEntrySchema), next: z.null() }).openapi('QuarantineList');
