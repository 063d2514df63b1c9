/**
 * Background work of the `scheduler` role: the notification consumer loop (woken by the outbox
 * NOTIFY, polling as a fallback), the cron jobs of `JOBS`, and one job per enabled feed source, all
 * on the platform scheduler (DESIGN.md D6: advisory lock per job, `job_runs`, timeout, one log line).
 * Feed jobs are re-read whenever sources change through the API (NOTIFY on FEED_SOURCES_CHANNEL).
 */
import type { Config } from '../config/index.js';
import { reapAbandonedRuns, runFeedSource, type FeedAdapters, type FeedHttpFactory } from './feeds/runner.js';
import { FEED_JOB_PREFIX, FEED_SOURCES_CHANNEL, feedJobs } from './feeds/sources.js';
import { Scheduler } from './platform/scheduler.js';
import { deadlineRemindersJob } from './incidents/deadline-reminders.job.js';
import { run as runEscalation } from './matching/escalation.job.js';
import { processNotificationBatch } from './notifications/consumer.js';
import { sendDigests } from './notifications/digest.js';
import type { DatabaseHandle } from './platform/db/client.js';
import { maintainEmbeddedDatabase } from './platform/db/embedded-maintenance.js';
import type { Logger } from './platform/logger.js';
import type { Mailer } from './platform/mail.js';
import { systemClock } from './platform/clock.js';
import { OUTBOX_CHANNEL } from './platform/outbox/enqueue.js';
import { pruneEvents } from './platform/outbox/prune.js';
import { reportAttachment, runWeeklyReport, WEEKLY_REPORT_JOB } from './situation/index.js';

export type JobDeps = { database: DatabaseHandle; config: Config; mailer: Mailer; logger: Logger; feedHttp: FeedHttpFactory; feedAdapters?: FeedAdapters; instance?: string };

/** A scheduled job: a node-cron expression, a timeout, what to run and, when not everywhere, where. */
export type Job = { name: string; cron: (config: Config) => string; timeoutMs?: number; run: (deps: JobDeps) => Promise<unknown>; runsOn?: (where: Pick<JobDeps, 'database'>) => boolean };

const DEFAULT_JOB_TIMEOUT_MS = 10 * 60_000;
/** Feed runs may page through large catalogs (NVD's initial load). */
const FEED_JOB_TIMEOUT_MS = 30 * 60_000;

/** Every cron job of the platform: the single explicit list (STYLE.md "Feeds and jobs"). */
export const JOBS: Job[] = [
  {
    name: deadlineRemindersJob.name,
    cron: () => deadlineRemindersJob.schedule,
    run: (deps) =>
      deadlineRemindersJob.run({ db: deps.database.db, clock: systemClock, sendMail: (to, subject, text) => deps.mailer.send({ to, subject, text }) }),
  },
  { name: 'matching.escalation', cron: (config) => config.settings.matching.escalationCron, run: (deps) => runEscalation({ db: deps.database.db, settings: deps.config.settings }) },
  { name: 'notifications.daily-digest', cron: (config) => config.settings.notifications.dailyDigestCron, run: async (deps) => ({ digests: await sendDigests(deps.database.db, deps.mailer, 'daily', new Date(), deps.config.baseUrl) }) },
  { name: 'events.prune', cron: (config) => config.settings.realtime.eventPruneCron, run: async (deps) => ({ deleted: await pruneEvents(deps.database.db, deps.config.settings.realtime.eventRetentionDays), retentionDays: deps.config.settings.realtime.eventRetentionDays }) },
  { name: 'notifications.weekly-digest', cron: (config) => config.settings.notifications.weeklyDigestCron, run: async (deps) => ({ digests: await sendDigests(deps.database.db, deps.mailer, 'weekly', new Date(), deps.config.baseUrl) }) },
  { name: WEEKLY_REPORT_JOB.name, cron: () => WEEKLY_REPORT_JOB.schedule, run: (deps) => runWeeklyReport(deps.database.db) },
  {
    // PGlite has no autovacuum of its own; a PostgreSQL server has.
    name: 'database.maintenance',
    cron: () => '7,22,37,52 * * * *',
    // A running feed transaction holds the embedded database's one session: the job waits for it.
    timeoutMs: 60 * 60_000,
    run: (deps) => maintainEmbeddedDatabase(deps.database.db),
    runsOn: ({ database }) => database.driver === 'pglite',
  },
];

/** The jobs of {@link JOBS} that run on this database. */
export function jobsFor(where: Pick<JobDeps, 'database'>): Job[] {
  return JOBS.filter((job) => job.runsOn?.(where) ?? true);
}

/**
 * Starts the consumer loop and the cron jobs. Runs one pass at a time; a NOTIFY during a pass
 * triggers another right after it.
 * @returns stop(), which waits for a running pass to finish.
 */
export async function startJobs(deps: JobDeps): Promise<() => Promise<void>> {
  const { database, config, mailer, logger } = deps;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const pass = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = processNotificationBatch(database.db, { mailer, baseUrl: config.baseUrl, settings: config.settings, attachments: (ref) => (ref.kind === 'situation_report' ? reportAttachment(database.db, ref.id, ref.language) : Promise.reject(new Error(`unknown attachment kind ${ref.kind}`))) })
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: error }, 'notification batch failed'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          pass();
        }
      });
  };
  const unlisten = await database.listen(OUTBOX_CHANNEL, pass);
  const timer = setInterval(pass, config.settings.notifications.pollIntervalMs);
  const scheduler = new Scheduler({
    database,
    logger,
    timeZone: config.settings.scheduler.timeZone,
    ...(config.settings.scheduler.catchUp ? { catchUp: { withinDays: config.settings.scheduler.catchUpWithinDays } } : {}),
    ...(deps.instance ? { instance: deps.instance } : {}),
  });
  for (const job of jobsFor(deps)) scheduler.add({ name: job.name, schedule: job.cron(config), timeoutMs: job.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS, run: () => job.run(deps) });
  const syncFeeds = async (): Promise<void> => {
    const jobs = await feedJobs(database, (source) => runFeedSource({ database, config, logger, httpFor: deps.feedHttp, ...(deps.feedAdapters ? { adapters: deps.feedAdapters } : {}), ...(deps.instance ? { instance: deps.instance } : {}) }, source.id, 'schedule'), FEED_JOB_TIMEOUT_MS);
    const valid = jobs.filter((job) => {
      try {
        scheduler.add(job);
        return true;
      } catch (error) {
        logger.error({ err: error, job: job.name }, 'feed source not scheduled');
        return false;
      }
    });
    scheduler.sync(FEED_JOB_PREFIX, valid);
  };
  // Runs left `running` by an instance that died are marked failed now, not only at their next run.
  await reapAbandonedRuns(database, logger).catch((error: unknown) => logger.error({ err: error }, 'reaping abandoned feed runs failed'));
  let syncing: Promise<void> = syncFeeds().catch((error: unknown) => logger.error({ err: error }, 'feed schedule sync failed'));
  const resync = (): void => {
    syncing = syncing.then(syncFeeds).catch((error: unknown) => logger.error({ err: error }, 'feed schedule sync failed'));
  };
  await syncing;
  const unlistenSources = await database.listen(FEED_SOURCES_CHANNEL, resync);
  pass();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await unlistenSources();
    await syncing.catch(() => undefined);
    await scheduler.stop();
    await unlisten();
    await running;
  };
}
