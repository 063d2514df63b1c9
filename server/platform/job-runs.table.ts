import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed', 'timed_out'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/**
 * One run of one scheduled job (STYLE.md "Feeds and jobs"): which instance ran it, when, how it ended.
 * Ticks skipped because another instance held the job's advisory lock are not recorded (they are the
 * lock working, logged at debug level).
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /**
     * The cron slot this run is for (the tick's scheduled time); unique per job, so an instance whose
     * clock or event loop lags never runs a slot again after another instance finished it. Null for
     * runs not started by cron.
     */
    scheduledFor: timestamp('scheduled_for', { withTimezone: true, precision: 3 }),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
    status: text('status').$type<JobRunStatus>().notNull().default('running'),
    error: text('error'),
    /** hostname:pid of the process that ran it. */
    instance: text('instance').notNull(),
    /** What the job returned (counts, ids), when it returned an object. */
    result: jsonb('result').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('job_runs_name_idx').on(t.name, t.startedAt.desc().nullsFirst()),
    uniqueIndex('job_runs_slot_unique').on(t.name, t.scheduledFor),
    check('job_runs_status_check', sql`${t.status} in ('running','succeeded','failed','timed_out')`),
  ],
);

export type JobRunRow = typeof jobRuns.$inferSelect;
