/**
 * Feed sources (CERT admins manage, the CERT reads), runs, and the triage inbox (CERT analysts and
 * admins). Every read goes through `feedItemVisibleTo` / `canViewFeedItem` (CERT only).
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { FeedSourceKeySchema, FEED_CREDENTIAL_ENV_PATTERN, FEED_SOURCE_TYPES } from '../../config/feeds.schema.js';
import type { Config } from '../../config/index.js';
import { canViewFeedItem } from '../access/policy.js';
import { feedItemVisibleTo } from '../access/visible-to.js';
import { TLP_LEVELS } from '../access/tlp.js';
import { recordAudit } from '../audit/record-audit.js';
import { requireUser, type Principal } from '../auth/principal.js';
import type { Clock } from '../platform/clock.js';
import type { DatabaseHandle, Executor } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import type { Api } from '../platform/http/api.js';
import { z, type Fits } from '../platform/http/openapi-zod.js';
import { PageQuerySchema } from '../platform/http/pagination.js';
import type { Logger } from '../platform/logger.js';
import { isValidCron } from '../platform/scheduler.js';
import { feedItems, feedRuns, feedSources, type FeedRunRow, type FeedSourceRow } from './feeds.table.js';
import { FeedItemBulkResultSchema, FeedItemDtoSchema, FeedItemPromotionSchema, FeedRunListSchema, FeedRunSchema, FeedSourceListSchema, FeedSourceSchema, QuarantineEntrySchema, QuarantineListSchema, type FeedRunDto, type FeedSourceDto } from './feeds.schemas.js';
import { pictureAndAffected, findFeedItem, listInboxCards, presentItems, relatedItems, enrichmentsFor, type FeedItemDto } from './inbox.js';
import { promoteFeedItem } from './promote.js';
import { IndicatorWarningSchema } from './indicator-warnings.js';
import { listQuarantine, presentQuarantine } from './quarantine.js';
import { releaseQuarantined } from './quarantine-release.js';
import { recentRuns, runFeedSource, type FeedAdapters, type FeedHttpFactory } from './runner.js';
import { announceSourcesChanged } from './sources.js';

const TAGS = ['Feeds'];
const IdParams = z.object({ id: z.uuid() });

const CronSchema = z
  .string()
  .trim()
  .max(200)
  .refine((value) => isValidCron(value), { message: 'Expected a valid cron expression (minute hour day month weekday)', params: { key: 'cron' } });
const HttpUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol), { message: 'Expected an http(s) URL', params: { key: 'http-url' } });
const CredentialEnvSchema = z.record(z.string().min(1).max(64), z.string().regex(FEED_CREDENTIAL_ENV_PATTERN, 'Must name a FEED_* environment variable'));

const SourceBodySchema = z.strictObject({
  key: FeedSourceKeySchema.optional(),
  type: z.enum(FEED_SOURCE_TYPES),
  name: z.string().trim().min(1).max(200),
  url: HttpUrlSchema,
  schedule: CronSchema,
  enabled: z.boolean().default(true),
  allowPrivateNetwork: z.boolean().default(false),
  defaultTlp: z.enum(TLP_LEVELS).default('clear'),
  options: z.record(z.string(), z.unknown()).default({}),
  credentialEnv: CredentialEnvSchema.default({}),
});
const SourcePatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  url: HttpUrlSchema.optional(),
  schedule: CronSchema.optional(),
  enabled: z.boolean().optional(),
  allowPrivateNetwork: z.boolean().optional(),
  defaultTlp: z.enum(TLP_LEVELS).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  credentialEnv: CredentialEnvSchema.optional(),
});

const BoolText = z.enum(['true', 'false']).transform((value) => value === 'true');
const InboxQuerySchema = PageQuerySchema.extend({
  state: z.enum(['open', 'all', 'new', 'seen', 'promoted', 'dismissed']).default('open'),
  kev: BoolText.optional(),
  epssMin: z.coerce.number().min(0).max(1).optional(),
  vendor: z.string().trim().min(1).max(200).optional(),
  product: z.string().trim().min(1).max(200).optional(),
  source: z.string().trim().min(1).max(100).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  /** Only items whose source document failed checks (accepted with findings). */
  findings: BoolText.optional(),
  /** Only items with indicators on a warninglist. */
  warnings: BoolText.optional(),
});
const FindingSchema = z.object({ test: z.string(), path: z.string(), message: z.string() });
/** A feed item as the API returns it (the fields beyond these are described in docs/feeds.md). */
const FeedItemSchema = z.looseObject({
  id: z.uuid(),
  externalId: z.string(),
  kind: z.enum(['advisory', 'vulnerability', 'indicators', 'news']),
  findings: z.array(FindingSchema).describe('Checks the source document failed (accepted with findings)'),
  warnings: z.array(IndicatorWarningSchema).describe('Indicators of the item on a warninglist; promotion needs warningOverride'),
});
const CardSchema = z.looseObject({ key: z.string(), cves: z.array(z.string()), items: z.array(FeedItemSchema), related: z.array(FeedItemSchema) });
const RunsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
const QuarantineParams = z.object({ id: z.uuid(), entryId: z.uuid() });
const ReleaseBodySchema = z.strictObject({ reason: z.string().trim().min(10, 'Say why the document may be trusted (at least 10 characters)').max(2000) });
const PromoteBodySchema = z.strictObject({
  tlp: z.enum(TLP_LEVELS).optional(),
  /** Required when the card's indicators are on a warninglist (`warnings`): why they are promoted anyway (audited). */
  warningOverride: z.strictObject({ reason: z.string().trim().min(10).max(2000) }).optional(),
});
const BulkBodySchema = z.strictObject({ ids: z.array(z.uuid()).min(1).max(500), action: z.enum(['dismiss', 'seen']) });

/** Whether a patch changes what the source delivers: its URL, options or credentials (JSON-compared). */
export function sourceViewChanged(current: Pick<FeedSourceRow, 'url' | 'options' | 'credentialEnv'>, patch: { url?: string; options?: Record<string, unknown>; credentialEnv?: Record<string, string> }): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
  return (patch.url !== undefined && patch.url !== current.url) || (patch.options !== undefined && !same(patch.options, current.options)) || (patch.credentialEnv !== undefined && !same(patch.credentialEnv, current.credentialEnv));
}

/** The value with object keys sorted at every level, so key order does not count as a change. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, inner]) => [key, canonical(inner)]));
  return value;
}

export type FeedRouteDeps = { database: DatabaseHandle; config: Config; logger: Logger; feedHttp: FeedHttpFactory; adapters: FeedAdapters; clock: Clock };

function presentRun(run: FeedRunRow): FeedRunDto {
  return {
    id: run.id,
    sourceId: run.sourceId,
    trigger: run.trigger,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    counts: { new: run.newCount, updated: run.updatedCount, unchanged: run.unchangedCount, failed: run.failedCount },
    /** What the counts above count (`noun`, `records`) and what was stored beside. */
    details: run.counts,
    error: run.error,
    problems: run.problems,
    instance: run.instance,
  };
}

/** The next time a cron expression fires after `from` (minute resolution, five-field expressions). */
export function nextCronTime(expression: string, from: Date): Date | null {
  const fields = expression.trim().split(/\s+/);
  const five = fields.length === 6 ? fields.slice(1) : fields;
  if (five.length !== 5) return null;
  const ranges: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
  const sets = five.map((field, index) => {
    const [low, high] = ranges[index]!;
    const allowed = new Set<number>();
    for (const part of field.split(',')) {
      const [range, stepText] = part.split('/');
      const step = stepText ? Number(stepText) : 1;
      let start = low;
      let end = high;
      if (range && range !== '*') {
        const [a, b] = range.split('-');
        start = Number(a);
        end = b !== undefined ? Number(b) : stepText ? high : start;
      }
      if (!Number.isInteger(start) || !Number.isInteger(end) || !Number.isInteger(step) || step < 1) return null;
      for (let value = start; value <= end; value += step) allowed.add(index === 4 && value === 7 ? 0 : value);
    }
    return allowed;
  });
  if (sets.some((set) => set === null)) return null;
  const [minutes, hours, days, months, weekdays] = sets as Set<number>[];
  const candidate = new Date(from);
  candidate.setUTCSeconds(0, 0);
  for (let index = 0; index < 366 * 24 * 60; index += 1) {
    candidate.setUTCMinutes(candidate.getUTCMinutes() + 1);
    if (minutes!.has(candidate.getUTCMinutes()) && hours!.has(candidate.getUTCHours()) && days!.has(candidate.getUTCDate()) && months!.has(candidate.getUTCMonth() + 1) && weekdays!.has(candidate.getUTCDay())) return new Date(candidate);
  }
  return null;
}

async function presentSource(db: Executor, source: FeedSourceRow, now: Date): Promise<FeedSourceDto> {
  const [last] = await recentRuns(db, source.id, 1);
  const [lastError] = await db
    .select({ error: feedRuns.error, startedAt: feedRuns.startedAt })
    .from(feedRuns)
    .where(and(eq(feedRuns.sourceId, source.id), eq(feedRuns.status, 'failed')))
    .orderBy(desc(feedRuns.startedAt))
    .limit(1);
  const [counts] = await db
    .select({ total: sql<number>`count(*)::int`, open: sql<number>`(count(*) filter (where ${feedItems.state} in ('new','seen')))::int` })
    .from(feedItems)
    .where(eq(feedItems.sourceId, source.id));
  return {
    id: source.id,
    key: source.key,
    type: source.type,
    name: source.name,
    url: source.url,
    schedule: source.schedule,
    enabled: source.enabled,
    allowPrivateNetwork: source.allowPrivateNetwork,
    defaultTlp: source.defaultTlp,
    options: source.options,
    credentialEnv: source.credentialEnv,
    managedBy: source.managedBy,
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
    lastRun: last ? presentRun(last) : null,
    lastError: lastError ? { error: lastError.error, at: lastError.startedAt.toISOString() } : null,
    nextRunAt: source.enabled ? (nextCronTime(source.schedule, now)?.toISOString() ?? null) : null,
    items: { total: counts?.total ?? 0, open: counts?.open ?? 0 },
  };
}

function assertCert(principal: Principal, what: string): void {
  if (!canViewFeedItem(principal)) throw notFound(what);
}

function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return slug || 'feed';
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
}

export function registerFeedRoutes(api: Api, deps: FeedRouteDeps): void {
  const { database, clock } = deps;
  const { db } = database;
  /** The editable settings of a source (what its ETag names): no run state, no clocks. */
  const sourceVersion = async (principal: Principal, id: string) => {
    const source = await findSource(principal, id);
    const { name, url, schedule, enabled, allowPrivateNetwork, defaultTlp, options, credentialEnv, updatedAt } = source;
    return { id: source.id, name, url, schedule, enabled, allowPrivateNetwork, defaultTlp, options, credentialEnv, updatedAt: updatedAt.toISOString() };
  };
  const actor = (principal: Principal, ip: string | undefined) => {
    const user = requireUser(principal);
    return { userId: user.userId, label: user.email, ip: ip ?? null };
  };
  const findSource = async (principal: Principal, id: string): Promise<FeedSourceRow> => {
    assertCert(principal, 'Feed source');
    const [row] = await db.select().from(feedSources).where(eq(feedSources.id, id));
    if (!row) throw notFound('Feed source');
    return row;
  };

  api.define({ method: 'get', path: '/api/v1/feeds', summary: 'Feed sources with last/next run, counts and last error', tags: TAGS, access: { capability: 'feeds:triage' }, responses: { 200: { description: 'All sources', schema: FeedSourceListSchema } } }, async ({ principal }) => {
    assertCert(principal, 'Feed source');
    const rows = await db.select().from(feedSources).orderBy(feedSources.name);
    const now = clock.now();
    return { items: await Promise.all(rows.map((row) => presentSource(db, row, now))), next: null };
  });

  api.define({ method: 'post', path: '/api/v1/feeds', summary: 'Add a feed source', tags: TAGS, access: { capability: 'feeds:manage' }, body: SourceBodySchema, successStatus: 201, responses: { 201: { description: 'The source', schema: FeedSourceSchema } } }, async ({ body, principal, req }) => {
    assertCert(principal, 'Feed source');
    const key = body.key ?? `${slugOf(body.name)}-${Date.now().toString(36)}`;
    try {
      return await db.transaction(async (tx) => {
        const [row] = await tx.insert(feedSources).values({ ...body, key, managedBy: 'api' }).returning();
        if (!row) throw new AppError('INTERNAL');
        await recordAudit(tx, actor(principal, req.ip), { action: 'feed_source.created', objectType: 'feed_source', objectId: row.id, details: { key: row.key, type: row.type, url: row.url, enabled: row.enabled, allowPrivateNetwork: row.allowPrivateNetwork } }, clock.now());
        await announceSourcesChanged(tx);
        return presentSource(tx, row, clock.now());
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('CONFLICT', `A feed source with key ${key} already exists.`);
      throw error;
    }
  });

  api.define({ method: 'get', path: '/api/v1/feeds/:id', summary: 'One feed source', tags: TAGS, access: { capability: 'feeds:triage' }, params: IdParams, etag: { current: ({ params, principal }) => sourceVersion(principal, params.id) }, responses: { 200: { description: 'The source', schema: FeedSourceSchema } } }, async ({ params, principal }) =>
    presentSource(db, await findSource(principal, params.id), clock.now()),
  );

  api.define({ method: 'patch', path: '/api/v1/feeds/:id', summary: 'Change a feed source (schedule, enabled, URL, …)', tags: TAGS, access: { capability: 'feeds:manage' }, params: IdParams, body: SourcePatchSchema, etag: { current: ({ params, principal }) => sourceVersion(principal, params.id) }, responses: { 200: { description: 'The source', schema: FeedSourceSchema } } }, async ({ params, body, principal, req }) => {
    const current = await findSource(principal, params.id);
    // A cursor describes what one view of the source (its URL, options, and the identity its
    // credentials stand for) has already delivered. Another view (a partner's other service account
    // sees other TLP:AMBER documents, older than the cursor) must start from the beginning, else
    // what only the new view may see is skipped for good. Stored items stay; re-reads dedupe.
    const viewChanged = sourceViewChanged(current, body);
    return db.transaction(async (tx) => {
      const [row] = await tx
        .update(feedSources)
        .set({ ...body, ...(viewChanged ? { cursor: null } : {}), updatedAt: clock.now() })
        .where(eq(feedSources.id, params.id))
        .returning();
      if (!row) throw notFound('Feed source');
      await recordAudit(tx, actor(principal, req.ip), { action: 'feed_source.updated', objectType: 'feed_source', objectId: row.id, details: { fields: Object.keys(body), cursorReset: viewChanged, ...(body.url ? { url: body.url } : {}), ...(body.enabled !== undefined ? { enabled: body.enabled } : {}), ...(body.allowPrivateNetwork !== undefined ? { allowPrivateNetwork: body.allowPrivateNetwork } : {}) } }, clock.now());
      await announceSourcesChanged(tx);
      return presentSource(tx, row, clock.now());
    });
  });

  api.define({ method: 'delete', path: '/api/v1/feeds/:id', summary: 'Remove a feed source with its runs and items (config sources return at the next start: disable them instead)', tags: TAGS, access: { capability: 'feeds:manage' }, params: IdParams, successStatus: 204, responses: { 204: { description: 'Removed' } } }, async ({ params, principal, req }) => {
    const source = await findSource(principal, params.id);
    if (source.managedBy === 'config') throw new AppError('INVALID_STATE', 'This source comes from config/feeds.json; disable it instead (PATCH enabled=false).');
    await db.transaction(async (tx) => {
      await tx.delete(feedSources).where(eq(feedSources.id, params.id));
      await recordAudit(tx, actor(principal, req.ip), { action: 'feed_source.deleted', objectType: 'feed_source', objectId: source.id, details: { key: source.key, url: source.url } }, clock.now());
      await announceSourcesChanged(tx);
    });
    return undefined;
  });

  api.define({ method: 'post', path: '/api/v1/feeds/:id/run', summary: 'Run a feed source now; answers with the finished run', tags: TAGS, access: { capability: 'feeds:manage' }, params: IdParams, responses: { 200: { description: 'The run', schema: FeedRunSchema } } }, async ({ params, principal, req }) => {
    const source = await findSource(principal, params.id);
    await db.transaction((tx) => recordAudit(tx, actor(principal, req.ip), { action: 'feed_source.run_requested', objectType: 'feed_source', objectId: source.id, details: { key: source.key } }, clock.now()));
    const outcome = await runFeedSource({ database, config: deps.config, logger: deps.logger, httpFor: deps.feedHttp, adapters: deps.adapters, clock }, source.id, 'manual');
    if (!outcome.acquired) throw new AppError('CONFLICT', 'This source is being run right now; try again when that run has finished.');
    return presentRun(outcome.run);
  });

  api.define({ method: 'get', path: '/api/v1/feeds/:id/runs', summary: 'Run history of a feed source, newest first', tags: TAGS, access: { capability: 'feeds:triage' }, params: IdParams, query: RunsQuerySchema, responses: { 200: { description: 'Runs', schema: FeedRunListSchema } } }, async ({ params, query, principal }) => {
    await findSource(principal, params.id);
    return { items: (await recentRuns(db, params.id, query.limit)).map(presentRun), next: null };
  });

  api.define({ method: 'get', path: '/api/v1/feeds/:id/quarantine', summary: 'Documents of a source held back for an integrity failure (hash, signature, provider key)', tags: TAGS, access: { capability: 'feeds:triage' }, params: IdParams, query: RunsQuerySchema, responses: { 200: { description: 'Quarantine entries, held first', schema: QuarantineListSchema } } }, async ({ params, query, principal }) => {
    await findSource(principal, params.id);
    return { items: (await listQuarantine(db, params.id, query.limit)).map(presentQuarantine), next: null };
  });

  api.define({ method: 'post', path: '/api/v1/feeds/:id/quarantine/:entryId/release', summary: 'Release a quarantined document with a reason: it is ingested with the integrity failure as a finding (audited)', tags: TAGS, access: { capability: 'feeds:manage' }, params: QuarantineParams, body: ReleaseBodySchema, responses: { 200: { description: 'The released entry', schema: QuarantineEntrySchema } } }, async ({ params, body, principal, req }) => {
    const source = await findSource(principal, params.id);
    const user = requireUser(principal);
    const released = await releaseQuarantined(db, source, params.entryId, { reason: body.reason, userId: user.userId, email: user.email, now: clock.now() });
    await db.transaction((tx) => recordAudit(tx, actor(principal, req.ip), { action: 'feed_quarantine.released', objectType: 'feed_source', objectId: source.id, details: { entryId: released.id, ref: released.ref, check: released.check, externalId: released.externalId, reason: body.reason, itemId: released.itemId } }, clock.now()));
    return released;
  });

  api.define({ method: 'get', path: '/api/v1/feed-items', summary: 'The triage inbox: cards of feed items correlated by CVE', tags: TAGS, access: { capability: 'feeds:triage' }, query: InboxQuerySchema, responses: { 200: { description: 'A page of cards', schema: z.object({ items: z.array(CardSchema), next: z.string().nullable() }) } } }, ({ query, principal }) => {
    const { limit, cursor, ...filter } = query;
    return listInboxCards(db, principal, filter, limit, cursor);
  });

  api.define({ method: 'get', path: '/api/v1/feed-items/:id', summary: 'One feed item with its correlated items, enrichments and source document', tags: TAGS, access: { capability: 'feeds:triage' }, params: IdParams, responses: { 200: { description: 'The item', schema: FeedItemSchema.extend({ related: z.array(FeedItemSchema) }) } } }, async ({ params, principal }) => {
    const row = await findFeedItem(db, principal, params.id);
    if (!row) throw notFound('Feed item');
    const related = await relatedItems(db, principal, row.cves, [row.id]);
    const presented = await presentItems(db, [row, ...related]);
    const [item, ...others] = presented;
    const enrichments = await enrichmentsFor(db, row.cves);
    return { ...item, document: row.content.document ?? null, related: others, enrichments, ...(await pictureAndAffected(db, presented, enrichments)) };
  });

  api.define({ method: 'post', path: '/api/v1/feed-items/:id/promote', summary: 'Promote a card to an advisory draft (prefilled from the correlated items)', tags: TAGS, access: { capability: 'advisory:write' }, params: IdParams, body: PromoteBodySchema, successStatus: 201, responses: { 201: { description: 'The draft advisory and the promoted item', schema: FeedItemPromotionSchema } } }, async ({ params, body, principal, req }) => {
    assertCert(principal, 'Feed item');
    const { advisory, itemId } = await promoteFeedItem(db, principal, params.id, { tlp: body.tlp, warningOverride: body.warningOverride, ip: req.ip ?? null, now: clock.now() });
    return { advisory, itemId };
  });

  const triage = async (principal: Principal, ids: string[], action: 'dismiss' | 'seen', ip: string | undefined) => {
    assertCert(principal, 'Feed item');
    const user = requireUser(principal);
    return db.transaction(async (tx) => {
      const visible = and(inArray(feedItems.id, ids), feedItemVisibleTo(principal));
      // Promoted items stay promoted; "seen" never reopens a dismissed one.
      const allowed = action === 'dismiss' ? inArray(feedItems.state, ['new', 'seen']) : eq(feedItems.state, 'new');
      const rows = await tx
        .update(feedItems)
        .set(action === 'dismiss' ? { state: 'dismissed', triagedBy: user.userId, triagedAt: clock.now() } : { state: 'seen' })
        .where(and(visible, allowed))
        .returning({ id: feedItems.id });
      if (action === 'dismiss' && rows.length > 0) {
        await recordAudit(tx, actor(principal, ip), { action: 'feed_item.dismissed', objectType: 'feed_item', objectId: rows.length === 1 ? rows[0]!.id : null, details: { ids: rows.map((row) => row.id) } }, clock.now());
      }
      return rows.map((row) => row.id);
    });
  };

  api.define({ method: 'post', path: '/api/v1/feed-items/:id/dismiss', summary: 'Dismiss a feed item', tags: TAGS, access: { capability: 'feeds:triage' }, params: IdParams, responses: { 200: { description: 'The item', schema: FeedItemDtoSchema } } }, async ({ params, principal, req }) => {
    const row = await findFeedItem(db, principal, params.id);
    if (!row) throw notFound('Feed item');
    if (row.state === 'promoted') throw new AppError('INVALID_STATE', 'A promoted item cannot be dismissed.');
    await triage(principal, [params.id], 'dismiss', req.ip);
    const [item] = await presentItems(db, [(await findFeedItem(db, principal, params.id))!]);
    return item;
  });

  api.define({ method: 'post', path: '/api/v1/feed-items/:id/seen', summary: 'Mark a feed item as seen', tags: TAGS, access: { capability: 'feeds:triage' }, params: IdParams, responses: { 200: { description: 'The item', schema: FeedItemDtoSchema } } }, async ({ params, principal, req }) => {
    const row = await findFeedItem(db, principal, params.id);
    if (!row) throw notFound('Feed item');
    await triage(principal, [params.id], 'seen', req.ip);
    const [item] = await presentItems(db, [(await findFeedItem(db, principal, params.id))!]);
    return item;
  });

  api.define({ method: 'post', path: '/api/v1/feed-items/bulk', summary: 'Dismiss or mark seen many feed items at once', tags: TAGS, access: { capability: 'feeds:triage' }, body: BulkBodySchema, responses: { 200: { description: 'Ids changed', schema: FeedItemBulkResultSchema } } }, async ({ body, principal, req }) => {
    const changed = await triage(principal, [...new Set(body.ids)], body.action, req.ip);
    const result: z.input<typeof FeedItemBulkResultSchema> = { action: body.action, changed, unchanged: body.ids.filter((id) => !changed.includes(id)) };
    return result;
  });
}

// The declared response schemas describe what the presenters return (checked by the compiler).
const _item: Fits<FeedItemDto, typeof FeedItemDtoSchema> = true;
const _promotion: Fits<Awaited<ReturnType<typeof promoteFeedItem>>, typeof FeedItemPromotionSchema> = true;
const _quarantine: Fits<ReturnType<typeof presentQuarantine>, typeof QuarantineEntrySchema> = true;
const _released: Fits<Awaited<ReturnType<typeof releaseQuarantined>>, typeof QuarantineEntrySchema> = true;
