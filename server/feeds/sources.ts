/** Feed sources: the config catalog upsert at start, and the per-source scheduler jobs. */
import { eq, inArray, sql } from 'drizzle-orm';
import type { FeedSourceEntry } from '../../config/feeds.schema.js';
import type { Database, DatabaseHandle, Executor } from '../platform/db/client.js';
import type { ScheduledJob } from '../platform/scheduler.js';
import { feedSources, type FeedSourceRow } from './feeds.table.js';

/** NOTIFY channel: a source was added, changed or removed through the API (schedulers re-read). */
export const FEED_SOURCES_CHANNEL = 'lagebild_feed_sources';

/** Prefix of the scheduler jobs that run feed sources (`feeds.<key>`). */
export const FEED_JOB_PREFIX = 'feeds.';

/**
 * Upserts `config/feeds.json` into `feed_sources` by key (`managed_by = config`). URL, schedule,
 * options and credentials follow the file; `enabled` is taken from the file only when the source is
 * new, so an admin's enable/disable through the API survives restarts.
 */
export async function upsertConfiguredSources(db: Database, entries: readonly FeedSourceEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insert(feedSources)
    .values(entries.map((entry) => ({ ...entry, options: { ...entry.options }, credentialEnv: { ...entry.credentialEnv }, managedBy: 'config' as const })))
    .onConflictDoUpdate({
      target: feedSources.key,
      set: {
        type: sql`excluded.type`,
        name: sql`excluded.name`,
        url: sql`excluded.url`,
        schedule: sql`excluded.schedule`,
        allowPrivateNetwork: sql`excluded.allow_private_network`,
        defaultTlp: sql`excluded.default_tlp`,
        options: sql`excluded.options`,
        credentialEnv: sql`excluded.credential_env`,
        managedBy: sql`'config'`,
        updatedAt: sql`now()`,
      },
    });
}

/** Tells every scheduler that sources changed (call inside the changing transaction: NOTIFY fires on commit). */
export async function announceSourcesChanged(db: Pick<Database, 'execute'>): Promise<void> {
  await db.execute(sql`select pg_notify(${FEED_SOURCES_CHANNEL}, '')`);
}

/** The scheduler jobs for every enabled source: `feeds.<key>` on the source's schedule. */
export async function feedJobs(database: DatabaseHandle, run: (source: FeedSourceRow) => Promise<unknown>, timeoutMs: number): Promise<ScheduledJob[]> {
  const sources = await database.db.select().from(feedSources).where(eq(feedSources.enabled, true));
  return sources.map((source) => ({ name: `${FEED_JOB_PREFIX}${source.key}`, schedule: source.schedule, timeoutMs, run: () => run(source) }));
}

/** Names of feed sources by id (ids without a row are left out). */
export async function feedSourceNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: feedSources.id, name: feedSources.name }).from(feedSources).where(inArray(feedSources.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.name]));
}
