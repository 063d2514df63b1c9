/**
 * The single explicit list of scheduled jobs (STYLE.md "Feeds and jobs"). Each job is
 * `{ name, schedule (cron), timeoutMs, run(ctx) }`; `run` is a plain async function. The scheduler
 * (server/platform/scheduler.ts: node-cron, one PostgreSQL advisory lock per job, job_runs records)
 * iterates this list and builds each job's context (db, clock, mailer).
 */
import { deadlineRemindersJob } from './incidents/deadline-reminders.job.js';

export const JOBS = [deadlineRemindersJob] as const;
