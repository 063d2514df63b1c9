/**
 * One run of one feed source (DESIGN.md D6): lock → record → adapter → one transaction → record.
 *
 * - The source's advisory lock (`feed:<id>`, one connection held for the run) makes exactly one
 *   instance run it; a second caller gets `{ acquired: false }` and nothing happens.
 * - `feed_runs` goes running → succeeded (no problems) / partial (some documents rejected) / failed.
 * - The adapter gets the stored cursor, the resolved credentials, and a {@link FeedHttp} that honours
 *   the source's `allowPrivateNetwork`.
 * - Items, STIX objects, enrichments, cursor, outbox events and the finished run record commit in
 *   ONE transaction; a failed run changes nothing stored except its run record.
 * - A run that fails because the database went away (server restart) is recorded as failed once
 *   the database is back (retried for about ten seconds).
 * - A run whose instance died (kill -9, lost host) leaves its row `running` and its data
 *   uncommitted; the lock died with its session. Whoever holds the lock next knows no run of the
 *   source is alive, so it marks such rows `failed` ("abandoned") before starting, and resumes from
 *   the stored cursor — the one the last committed run left. The scheduler role also reaps them at
 *   start ({@link reapAbandonedRuns}).
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { resolveFeedCredentials, type Config } from '../../config/index.js';
import { ADAPTERS } from '../../feeds/index.js';
import { FeedError, type FeedAdapter, type FeedHttp, type FeedProblem, type FeedType, type RecordCount } from '../../feeds/feed.js';
import type { Clock } from '../platform/clock.js';
import { systemClock } from '../platform/clock.js';
import type { DatabaseHandle, Executor } from '../platform/db/client.js';
import { retryWhileDatabaseUnavailable } from '../platform/db/unavailable.js';
import type { Logger } from '../platform/logger.js';
import { INSTANCE_NAME } from '../platform/scheduler.js';
import { enqueueFeedEvent } from './feeds.events.js';
import { feedRuns, feedSources, type FeedRunRow, type FeedRunStatus, type FeedSourceRow, type RunCounts } from './feeds.table.js';
import { ingestRunOutput, type IngestCounts, type IngestResult } from './ingest.js';
import { quarantineDocuments } from './quarantine.js';
import { validItems } from './valid-items.js';
import { parseBulk, type BulkParse } from './bulk/parse-bulk.js';
import { learnAliases } from '../products/product-aliases.service.js';
import { applyAliasChanges } from '../products/alias-changes.js';

/** The adapter registry a run looks the source's type up in. */
export type FeedAdapters = Partial<Record<FeedType, FeedAdapter>>;

/** Builds the fetcher for one source (the SSRF guard is relaxed only for allow-listed sources). */
export type FeedHttpFactory = (source: { allowPrivateNetwork: boolean; key: string }) => FeedHttp;

export type FeedRunDeps = {
  database: DatabaseHandle;
  config: Pick<Config, 'feedCredentials'>;
  logger: Logger;
  httpFor: FeedHttpFactory;
  /** The adapter registry (default: feeds/index.ts). */
  adapters?: FeedAdapters;
  clock?: Clock;
  instance?: string;
  /** A run is aborted after this long (default 15 minutes). */
  timeoutMs?: number;
  /** Bulk parsing: payloads from `workerMinBytes` on go to a worker thread (default 4 MiB); items per chunk. */
  bulk?: { workerMinBytes?: number; chunkItems?: number };
};

export type FeedTrigger = 'schedule' | 'manual';

/** Problems kept per run record (the rest are counted and logged). */
const MAX_STORED_PROBLEMS = 200;

export type FeedRunOutcome = { acquired: false } | { acquired: true; run: FeedRunRow };

function errorMessage(error: unknown): string {
  if (error instanceof FeedError) return `${error.code}: ${error.message}`;
  if (!(error instanceof Error)) return String(error);
  // drizzle wraps driver errors as "Failed query: <sql>"; the driver's reason is the useful part.
  if (error.message.startsWith('Failed query:') && error.cause instanceof Error) return `database: ${error.cause.message}`;
  return error.message;
}

/**
 * The run's counts. With `records` (the adapter counts its source's records) the new / updated /
 * unchanged / failed columns count records — 1,404 KEV entries, not 2,808 items plus
 * enrichments — from the kind a record is stored as; items, STIX objects and enrichments are
 * listed beside in `details`. Without, the columns add every kind (older adapters).
 */
export function runCounts(run: RunTally, result: IngestResult): { counts: IngestCounts; details: RunCounts } {
  const details: RunCounts = {
    items: result.items,
    stixObjects: result.stixObjects,
    enrichments: result.enrichments,
    withFindings: run.withFindings,
    quarantined: run.quarantined,
  };
  const failed = result.failed + run.failed;
  if (!run.records) return { counts: { new: result.new, updated: result.updated, unchanged: result.unchanged + run.unchanged, failed }, details };
  const stored = result[run.records.storedAs];
  const unchanged = Math.max(0, run.records.total - stored.new - stored.updated - failed - run.quarantined);
  return { counts: { new: stored.new, updated: stored.updated, unchanged, failed }, details: { ...details, noun: run.records.noun, records: run.records.total } };
}

/** What a run brought besides what ingestion stored (adapter output and bulk parse together). */
export type RunTally = {
  records: RecordCount | undefined;
  /** Documents the source reported unchanged. */
  unchanged: number;
  quarantined: number;
  /** Problems before ingestion: rejected documents and invalid items. */
  failed: number;
  /** Items accepted with findings. */
  withFindings: number;
};

async function finishRun(tx: Executor, runId: string, status: FeedRunStatus, counts: IngestCounts, problems: FeedProblem[], error: string | null, finishedAt: Date, details: RunCounts = {}): Promise<FeedRunRow> {
  const [row] = await tx
    .update(feedRuns)
    .set({
      status,
      finishedAt,
      newCount: counts.new,
      updatedCount: counts.updated,
      unchangedCount: counts.unchanged,
      failedCount: counts.failed,
      problems: problems.slice(0, MAX_STORED_PROBLEMS),
      error,
      counts: details,
    })
    .where(eq(feedRuns.id, runId))
    .returning();
  if (!row) throw new Error('feed run vanished');
  await enqueueFeedEvent(tx, 'feed.run.completed', { sourceId: row.sourceId, runId: row.id, status, new: counts.new, updated: counts.updated, unchanged: counts.unchanged, failed: counts.failed });
  return row;
}

/**
 * Marks the source's `running` rows as failed. Called only while holding the source's lock: no
 * live run of the source exists then, so every such row belongs to an instance that died mid-run.
 * @returns the rows marked
 */
export async function failAbandonedRuns(db: Executor, sourceId: string, now: Date): Promise<FeedRunRow[]> {
  const rows = await db
    .update(feedRuns)
    .set({ status: 'failed', finishedAt: now, error: sql`'abandoned: instance ' || coalesce(${feedRuns.instance}, '(unknown)') || ' stopped during the run; nothing of it was stored'` })
    .where(and(eq(feedRuns.sourceId, sourceId), eq(feedRuns.status, 'running')))
    .returning();
  for (const row of rows) await enqueueFeedEvent(db, 'feed.run.completed', { sourceId, runId: row.id, status: 'failed', new: 0, updated: 0, unchanged: 0, failed: 0 });
  return rows;
}

async function runLocked(deps: FeedRunDeps, source: FeedSourceRow, trigger: FeedTrigger): Promise<FeedRunRow> {
  const { db } = deps.database;
  const clock = deps.clock ?? systemClock;
  const log = deps.logger;
  const abandoned = await db.transaction((tx) => failAbandonedRuns(tx, source.id, clock.now()));
  for (const row of abandoned) log.warn({ sourceId: source.id, source: source.key, runId: row.id, instance: row.instance, startedAt: row.startedAt }, 'feed run abandoned by a stopped instance, marked failed');
  const [run] = await db.insert(feedRuns).values({ sourceId: source.id, trigger, instance: deps.instance ?? INSTANCE_NAME, startedAt: clock.now() }).returning();
  if (!run) throw new Error('feed_runs insert returned no row');
  const started = Date.now();
  const controller = new AbortController();
  const timeoutMs = deps.timeoutMs ?? 15 * 60_000;
  const timer = setTimeout(() => controller.abort(new FeedError(`run timed out after ${timeoutMs} ms`, 'timeout')), timeoutMs);
  const logLine = { sourceId: source.id, source: source.key, type: source.type, runId: run.id, trigger };
  let bulk: BulkParse | undefined;
  try {
    const adapter = (deps.adapters ?? ADAPTERS)[source.type];
    if (!adapter) throw new Error(`no adapter registered for source type ${source.type}`);
    const options = adapter.optionsSchema.safeParse(source.options);
    if (!options.success) throw new Error(`invalid options for ${source.type}: ${options.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    const abort = new Promise<never>((_resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    const output = await Promise.race([
      adapter.run({
        source: { id: source.id, type: source.type, name: source.name, url: source.url, defaultTlp: source.defaultTlp, options: options.data, credentials: resolveFeedCredentials(deps.config, source.credentialEnv) },
        http: deps.httpFor({ allowPrivateNetwork: source.allowPrivateNetwork, key: source.key }),
        cursor: source.cursor ?? undefined,
        now: () => clock.now(),
        log: (level, message, details) => log[level]({ ...logLine, ...details }, message),
        signal: controller.signal,
      }),
      abort,
    ]);
    const { items, problems } = validItems(output.items);
    const ingestedAt = clock.now();
    bulk = output.bulk
      ? parseBulk({ format: output.bulk.format, documents: output.bulk.documents, ...(output.bulk.independent ? { independent: true } : {}), sourceId: source.id, defaultTlp: source.defaultTlp, nowIso: ingestedAt.toISOString(), ...(deps.bulk?.chunkItems ? { chunkItems: deps.bulk.chunkItems } : {}) }, deps.bulk?.workerMinBytes)
      : undefined;
    const { finished, quarantined } = await db.transaction(async (tx) => {
      const result = await ingestRunOutput(tx, source, { items, stixObjects: output.stixObjects, enrichments: output.enrichments, cursor: output.cursor, ...(bulk ? { bulk } : {}) }, ingestedAt);
      const parsed = result.bulk;
      const held = [...(output.quarantined ?? []), ...(parsed?.quarantined ?? [])];
      await quarantineDocuments(tx, source.id, run.id, held, result.arrivedExternalIds, clock.now());
      // Names that come with a CPE (BSI CSAF, CVE records) teach the alias table.
      if ((await learnAliases(tx, [...items.flatMap((item) => item.products), ...(parsed?.learnable ?? [])], source.type)) > 0) await applyAliasChanges(tx);
      const allProblems = [...output.problems, ...problems, ...(parsed?.problems ?? []), ...result.problems];
      const tally: RunTally = {
        records: output.records ?? parsed?.records,
        unchanged: output.unchanged + (parsed?.unchanged ?? 0),
        quarantined: held.length,
        failed: output.problems.length + problems.length + (parsed?.problems.length ?? 0),
        withFindings: items.filter((item) => item.findings.length > 0).length + (parsed?.withFindings ?? 0),
      };
      const { counts, details } = runCounts(tally, result);
      return { finished: await finishRun(tx, run.id, allProblems.length > 0 || held.length > 0 ? 'partial' : 'succeeded', counts, allProblems, null, clock.now(), details), quarantined: held };
    });
    for (const entry of quarantined) log.warn({ ...logLine, ref: entry.ref, check: entry.check, reason: entry.reason }, 'feed document quarantined');
    for (const problem of finished.problems) log.warn({ ...logLine, ref: problem.ref, reason: problem.message }, 'feed document rejected');
    log.info({ ...logLine, status: finished.status, new: finished.newCount, updated: finished.updatedCount, unchanged: finished.unchangedCount, failed: finished.failedCount, durationMs: Date.now() - started }, 'feed run');
    return finished;
  } catch (error) {
    const message = errorMessage(error);
    // A run that failed because the database went away (restart) is recorded once it is back.
    const failed = await retryWhileDatabaseUnavailable(() => db.transaction((tx) => finishRun(tx, run.id, 'failed', { new: 0, updated: 0, unchanged: 0, failed: 0 }, [], message, clock.now())));
    log.error({ ...logLine, status: 'failed', error: message, durationMs: Date.now() - started }, 'feed run');
    return failed;
  } finally {
    clearTimeout(timer);
    // Stops a worker still parsing (a failed run); one that finished has stopped already.
    await bulk?.cancel();
  }
}

/**
 * Runs a source now (scheduler tick, run-now button, CLI).
 * @returns `{ acquired: false }` when another run of the source holds its lock; else the finished run.
 * @throws Error when the source does not exist
 */
export async function runFeedSource(deps: FeedRunDeps, sourceId: string, trigger: FeedTrigger): Promise<FeedRunOutcome> {
  const [source] = await deps.database.db.select().from(feedSources).where(eq(feedSources.id, sourceId));
  if (!source) throw new Error(`feed source ${sourceId} not found`);
  const locked = await deps.database.tryWithLock(`feed:${source.id}`, async () => {
    // Re-read inside the lock: the cursor may have moved while we waited for nothing.
    const [current] = await deps.database.db.select().from(feedSources).where(eq(feedSources.id, sourceId));
    return runLocked(deps, current ?? source, trigger);
  });
  return locked.acquired ? { acquired: true, run: locked.value } : { acquired: false };
}

/**
 * Marks the `running` rows of every source whose lock is free as abandoned (at start of the
 * scheduler role, so the sources page does not show a dead run as running until the next run).
 * A source whose lock is held has a live run somewhere: its rows are left alone.
 * @returns how many rows were marked
 */
export async function reapAbandonedRuns(database: DatabaseHandle, logger: Logger, clock: Clock = systemClock): Promise<number> {
  const stuck = await database.db.selectDistinct({ sourceId: feedRuns.sourceId }).from(feedRuns).where(eq(feedRuns.status, 'running'));
  let marked = 0;
  for (const { sourceId } of stuck) {
    const locked = await database.tryWithLock(`feed:${sourceId}`, () => database.db.transaction((tx) => failAbandonedRuns(tx, sourceId, clock.now())));
    if (!locked.acquired) continue;
    for (const row of locked.value) logger.warn({ sourceId, runId: row.id, instance: row.instance, startedAt: row.startedAt }, 'feed run abandoned by a stopped instance, marked failed');
    marked += locked.value.length;
  }
  return marked;
}

/** The newest runs of a source, newest first. */
export async function recentRuns(db: Executor, sourceId: string, limit: number): Promise<FeedRunRow[]> {
  return db.select().from(feedRuns).where(eq(feedRuns.sourceId, sourceId)).orderBy(desc(feedRuns.startedAt), desc(feedRuns.id)).limit(limit);
}
