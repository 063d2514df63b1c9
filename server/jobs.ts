/**
 * Background work of the `scheduler` role: the notification consumer loop (woken by the outbox
 * NOTIFY, polling as a fallback) and the cron jobs of this slice. Each job is a plain function so the
 * shared scheduler (DESIGN.md D6) can take them over: it only needs `JOBS` (name, cron, run).
 */
import cron from 'node-cron';
import type { Config } from '../config/index.js';
import { deadlineRemindersJob } from './incidents/deadline-reminders.job.js';
import { run as runEscalation } from './matching/escalation.job.js';
import { processNotificationBatch } from './notifications/consumer.js';
import { sendDigests } from './notifications/digest.js';
import type { DatabaseHandle } from './platform/db/client.js';
import type { Logger } from './platform/logger.js';
import type { Mailer } from './platform/mail.js';
import { systemClock } from './platform/clock.js';
import { OUTBOX_CHANNEL } from './platform/outbox/enqueue.js';

export type JobDeps = { database: DatabaseHandle; config: Config; mailer: Mailer; logger: Logger };

/** A scheduled job: a node-cron expression and what to run. */
export type Job = { name: string; cron: (config: Config) => string; run: (deps: JobDeps) => Promise<unknown> };

/** Every cron job of the platform: the single explicit list (STYLE.md "Feeds and jobs"). */
export const JOBS: Job[] = [
  {
    name: deadlineRemindersJob.name,
    cron: () => deadlineRemindersJob.schedule,
    run: (deps) =>
      deadlineRemindersJob.run({ db: deps.database.db, clock: systemClock, sendMail: (to, subject, text) => deps.mailer.send({ to, subject, text }) }),
  },
  { name: 'matching.escalation', cron: (config) => config.settings.matching.escalationCron, run: (deps) => runEscalation({ db: deps.database.db, settings: deps.config.settings }) },
  { name: 'notifications.daily-digest', cron: (config) => config.settings.notifications.dailyDigestCron, run: (deps) => sendDigests(deps.database.db, deps.mailer, 'daily') },
  { name: 'notifications.weekly-digest', cron: (config) => config.settings.notifications.weeklyDigestCron, run: (deps) => sendDigests(deps.database.db, deps.mailer, 'weekly') },
];

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
    running = processNotificationBatch(database.db, { mailer, baseUrl: config.baseUrl, settings: config.settings })
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
  const tasks = JOBS.map((job) =>
    cron.schedule(job.cron(config), () => {
      if (stopped) return;
      job.run(deps).catch((error: unknown) => logger.error({ err: error, job: job.name }, 'job failed'));
    }),
  );
  pass();
  return async () => {
    stopped = true;
    clearInterval(timer);
    for (const task of tasks) await task.stop();
    await unlisten();
    await running;
  };
}
