/**
 * The platform scheduler (DESIGN.md D6, STYLE.md "Feeds and jobs"): the only module that imports
 * node-cron. On each tick of a job it
 * - takes the session advisory lock named after the job (`DatabaseHandle.tryWithLock`, one
 *   connection held for the whole run), so of several instances exactly one runs it;
 * - skips the tick when the lock is held (elsewhere, or by this instance's previous, still running tick),
 *   or when another instance has already run this cron slot (unique (name, scheduled_for));
 * - records a `job_runs` row (start, end, status, error, instance, result);
 * - enforces the job's timeout (the run's AbortSignal fires; the row says `timed_out`; the lock is
 *   kept until the work has really stopped);
 * - logs one structured line per run.
 *
 * Cron expressions are read in one IANA time zone (settings `scheduler.timeZone`, Europe/Berlin), so
 * "0 7 * * *" is seven o'clock in Thuringia in summer and winter, whatever the container's zone.
 * With catch-up on, a job whose latest slot passed while every instance was down runs once when it is
 * scheduled again (at start): the slot is looked up after the job's last recorded run, and the unique
 * (name, scheduled_for) row keeps several instances starting together from running it twice.
 */
import { hostname } from 'node:os';
import { desc, eq, sql } from 'drizzle-orm';
import cron, { type ScheduledTask } from 'node-cron';
import type { DatabaseHandle } from './db/client.js';
import { jobRuns, type JobRunStatus } from './job-runs.table.js';
import type { Logger } from './logger.js';

/** A job as the scheduler takes it: a plain async function, testable without cron. */
export type ScheduledJob = {
  /** Dotted, unique (`notifications.daily-digest`, `feeds.bsi-wid`); also the lock name. */
  name: string;
  /** node-cron expression. */
  schedule: string;
  /** The run is aborted and recorded as `timed_out` after this long. */
  timeoutMs: number;
  run: (signal: AbortSignal) => Promise<unknown>;
};

/** What one tick came to. */
export type TickOutcome = { outcome: 'skipped' } | { outcome: JobRunStatus; runId: string; error?: string };

export type SchedulerDeps = {
  database: DatabaseHandle;
  logger: Logger;
  /** Who runs (hostname:pid by default); tests give two schedulers different names. */
  instance?: string;
  /** IANA time zone the cron expressions are read in. Default Europe/Berlin. */
  timeZone?: string;
  /** Run a slot missed while no instance ran, once, when a job is scheduled (default off; the server turns it on). */
  catchUp?: { withinDays: number; now?: () => Date };
};

/** The default zone of every schedule: the CERT's. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/**
 * The latest time in (after, now] that `expression` matches in `timeZone`, or null. Walks back
 * minute by minute (and the expression's seconds within a minute), which is cheap for the look-back
 * of a few days that catch-up needs.
 */
export function latestSlot(expression: string, timeZone: string, after: Date, now: Date): Date | null {
  const probe = cron.createTask(expression, () => undefined, { timezone: timeZone });
  const fields = cron.parse(expression);
  const seconds = [...fields.second].sort((a, b) => b - a);
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  try {
    for (let at = minute.getTime(); at > after.getTime() - 60_000; at -= 60_000) {
      for (const second of seconds) {
        const candidate = new Date(at + second * 1000);
        if (candidate > now || candidate <= after) continue;
        if (probe.match(candidate)) return candidate;
      }
    }
    return null;
  } finally {
    void probe.destroy();
  }
}

/** When a job runs next, in its zone (for the operations page). */
export function nextSlot(expression: string, timeZone: string): Date | null {
  const probe = cron.createTask(expression, () => undefined, { timezone: timeZone });
  try {
    return probe.getNextRuns(1)[0] ?? null;
  } finally {
    void probe.destroy();
  }
}

/** The instance name recorded with runs. */
export const INSTANCE_NAME = `${hostname()}:${process.pid}`;

/** @returns whether node-cron accepts the expression. */
export function isValidCron(expression: string): boolean {
  return cron.validate(expression);
}

function resultObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export class Scheduler {
  readonly instance: string;
  readonly timeZone: string;
  readonly #catchUp: SchedulerDeps['catchUp'];
  readonly #database: DatabaseHandle;
  readonly #logger: Logger;
  readonly #tasks = new Map<string, { job: ScheduledJob; task: ScheduledTask }>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #stopped = false;

  constructor(deps: SchedulerDeps) {
    this.#database = deps.database;
    this.#logger = deps.logger;
    this.instance = deps.instance ?? INSTANCE_NAME;
    this.timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;
    this.#catchUp = deps.catchUp;
  }

  /** Names of the scheduled jobs. */
  get jobNames(): string[] {
    return [...this.#tasks.keys()];
  }

  /**
   * Schedules a job (replacing one of the same name when its schedule changed).
   * @throws Error for an invalid cron expression
   */
  add(job: ScheduledJob): void {
    if (!cron.validate(job.schedule)) throw new Error(`job ${job.name}: invalid cron expression "${job.schedule}"`);
    const existing = this.#tasks.get(job.name);
    if (existing && existing.job.schedule === job.schedule && existing.job.timeoutMs === job.timeoutMs) {
      existing.job = job;
      return;
    }
    if (existing) void existing.task.stop();
    const entry = {
      job,
      task: cron.schedule(
        job.schedule,
        (context) => {
          if (this.#stopped) return;
          const current = this.#tasks.get(job.name)?.job;
          if (current) this.#track(this.tick(current, context.date));
        },
        { timezone: this.timeZone, name: job.name },
      ),
    };
    this.#tasks.set(job.name, entry);
    if (this.#catchUp && !existing) this.#track(this.catchUp(job));
  }

  /**
   * Runs the job's latest slot if it passed after the job's last recorded run (all instances were
   * down then), once. A job that never ran has missed nothing.
   * @returns the tick's outcome, or null when nothing was missed
   */
  async catchUp(job: ScheduledJob): Promise<TickOutcome | null> {
    const options = this.#catchUp ?? { withinDays: 8 };
    const now = options.now?.() ?? new Date();
    const [last] = await this.#database.db
      .select({ at: sql<Date>`coalesce(${jobRuns.scheduledFor}, ${jobRuns.startedAt})`.mapWith(jobRuns.startedAt) })
      .from(jobRuns)
      .where(eq(jobRuns.name, job.name))
      .orderBy(desc(sql`coalesce(${jobRuns.scheduledFor}, ${jobRuns.startedAt})`))
      .limit(1);
    if (!last) return null;
    const horizon = new Date(Math.max(last.at.getTime(), now.getTime() - options.withinDays * 86_400_000));
    const slot = latestSlot(job.schedule, this.timeZone, horizon, now);
    if (!slot) return null;
    this.#logger.info({ job: job.name, slot, lastRun: last.at, instance: this.instance }, 'job catching up a slot missed while no instance ran');
    return this.tick(job, slot);
  }

  /** Unschedules a job; a running tick finishes. */
  remove(name: string): void {
    const entry = this.#tasks.get(name);
    if (!entry) return;
    void entry.task.stop();
    this.#tasks.delete(name);
  }

  /**
   * Makes the jobs whose name starts with `prefix` exactly `jobs`: adds new ones, reschedules
   * changed ones, removes the rest (used for per-source feed jobs when sources change).
   */
  sync(prefix: string, jobs: ScheduledJob[]): void {
    const wanted = new Set(jobs.map((job) => job.name));
    for (const name of this.jobNames) if (name.startsWith(prefix) && !wanted.has(name)) this.remove(name);
    for (const job of jobs) this.add(job);
  }

  /**
   * One tick of a job, as cron fires it: lock, record, run with timeout, record, log.
   * Never throws; the outcome says what happened.
   */
  async tick(job: ScheduledJob, scheduledFor?: Date): Promise<TickOutcome> {
    const startedAt = Date.now();
    const locked = await this.#database.tryWithLock(`job:${job.name}`, () => this.#runLocked(job, startedAt, scheduledFor));
    if (!locked.acquired) {
      this.#logger.debug({ job: job.name, instance: this.instance }, 'job skipped: lock held elsewhere');
      return { outcome: 'skipped' };
    }
    return locked.value;
  }

  async #runLocked(job: ScheduledJob, startedAt: number, scheduledFor: Date | undefined): Promise<TickOutcome> {
    const { db } = this.#database;
    const slot = scheduledFor ? new Date(Math.floor(scheduledFor.getTime() / 1_000) * 1_000) : null;
    const [row] = await db
      .insert(jobRuns)
      .values({ name: job.name, instance: this.instance, startedAt: new Date(startedAt), scheduledFor: slot })
      .onConflictDoNothing()
      .returning({ id: jobRuns.id });
    if (!row) {
      // Another instance already ran this slot (and released the lock before our tick came).
      this.#logger.debug({ job: job.name, instance: this.instance, slot }, 'job skipped: slot already run');
      return { outcome: 'skipped' };
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), job.timeoutMs);
    });
    const work = job.run(controller.signal).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const first = await Promise.race([work, timedOut]);
    clearTimeout(timer);
    let status: JobRunStatus;
    let error: string | undefined;
    let result: Record<string, unknown> | null = null;
    if (first === 'timeout') {
      controller.abort(new Error(`timed out after ${job.timeoutMs} ms`));
      status = 'timed_out';
      error = `timed out after ${job.timeoutMs} ms`;
    } else if (first.ok) {
      status = 'succeeded';
      result = resultObject(first.value);
    } else {
      status = 'failed';
      error = first.error instanceof Error ? first.error.message : String(first.error);
    }
    const finishedAt = new Date();
    await db.update(jobRuns).set({ status, error: error ?? null, finishedAt, result }).where(eq(jobRuns.id, row.id));
    const line = { job: job.name, runId: row.id, instance: this.instance, status, durationMs: finishedAt.getTime() - startedAt, ...(error ? { error } : {}), ...(result ? { result } : {}) };
    if (status === 'succeeded') this.#logger.info(line, 'job run');
    else this.#logger.error(line, 'job run');
    // Keep the lock until the work has really stopped, so a timed-out run never overlaps the next one.
    if (first === 'timeout') await work;
    return { outcome: status, runId: row.id, ...(error ? { error } : {}) };
  }

  #track(promise: Promise<unknown>): void {
    const tracked = promise.catch((error: unknown) => this.#logger.error({ err: error }, 'scheduler tick failed')).finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  /** Stops every cron task and waits for running ticks to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const { task } of this.#tasks.values()) await task.stop();
    this.#tasks.clear();
    await Promise.all([...this.#inFlight]);
  }
}
