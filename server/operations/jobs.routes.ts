/**
 * The scheduled jobs and their run history for cert_admin (issue 19): what runs when (in the
 * scheduler's time zone), how each job's latest run ended, and every run.
 * GET /api/v1/jobs, GET /api/v1/jobs/runs.
 */
import { and, desc, eq, inArray, lt, or } from 'drizzle-orm';
import type { Config } from '../../config/index.js';
import { feedJobs } from '../feeds/sources.js';
import { jobsFor } from '../jobs.js';
import type { DatabaseHandle } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { freeForm, z } from '../platform/http/openapi-zod.js';
import { CursorKey, defineCursor } from '../platform/http/cursor.js';
import { PageQuerySchema, pageSchema, toPage } from '../platform/http/pagination.js';
import { JOB_RUN_STATUSES, jobRuns, type JobRunRow } from '../platform/job-runs.table.js';
import { nextSlot } from '../platform/scheduler.js';

const RunCommon = {
  id: z.uuid(),
  name: z.string(),
  scheduledFor: z.string().nullable().describe('The cron slot the run was for; null for runs not started by cron'),
  startedAt: z.string(),
  instance: z.string(),
};
const RunResult = freeForm("The job's own summary (counts, per job); null when the job returns none").nullable();
/** A run as the scheduler records it: finished runs carry their end, a failure its error, a success its result. */
const JobRunSchema = z
  .discriminatedUnion('status', [
    z.object({ ...RunCommon, status: z.literal('running'), finishedAt: z.null(), durationMs: z.null(), error: z.null(), result: z.null() }),
    z.object({ ...RunCommon, status: z.literal('succeeded'), finishedAt: z.string(), durationMs: z.number().int(), error: z.null(), result: RunResult }),
    z.object({ ...RunCommon, status: z.enum(['failed', 'timed_out']), finishedAt: z.string(), durationMs: z.number().int(), error: z.string(), result: z.null() }),
  ])
  .openapi('JobRun');

const JobSchema = z
  .object({
    name: z.string(),
    kind: z.enum(['platform', 'feed']),
    schedule: z.string().describe('node-cron expression, read in timeZone'),
    nextRunAt: z.string().nullable(),
    lastRun: JobRunSchema.nullable(),
  })
  .openapi('Job');

const JobsResponseSchema = z.object({ timeZone: z.string(), catchUp: z.boolean(), items: z.array(JobSchema) }).openapi('Jobs');

const RunsQuerySchema = PageQuerySchema.extend({ name: z.string().max(200).optional(), status: z.enum(JOB_RUN_STATUSES).optional() });
const RunCursor = defineCursor('job-runs', { startedAt: CursorKey.timestamp, id: CursorKey.uuid });

function presentRun(row: JobRunRow): z.infer<typeof JobRunSchema> {
  const common = { id: row.id, name: row.name, scheduledFor: row.scheduledFor?.toISOString() ?? null, startedAt: row.startedAt.toISOString(), instance: row.instance };
  // The scheduler writes status, finishedAt, error and result together (scheduler.ts); a row still
  // without finishedAt is running.
  if (row.status === 'running' || !row.finishedAt) return { ...common, status: 'running', finishedAt: null, durationMs: null, error: null, result: null };
  const finished = { finishedAt: row.finishedAt.toISOString(), durationMs: row.finishedAt.getTime() - row.startedAt.getTime() };
  if (row.status === 'succeeded') return { ...common, status: 'succeeded', ...finished, error: null, result: row.result ?? null };
  return { ...common, status: row.status, ...finished, error: row.error ?? '', result: null };
}

/** Registers the job routes (capability operations:read, cert_admin). */
export function registerJobRoutes(api: Api, deps: { config: Config; database: DatabaseHandle }): void {
  const { db } = deps.database;
  const { timeZone, catchUp } = deps.config.settings.scheduler;
  api.define(
    {
      method: 'get',
      path: '/api/v1/jobs',
      summary: 'Scheduled jobs: schedule, next run and latest run',
      tags: ['Operations'],
      access: { capability: 'operations:read' },
      responses: { 200: { description: 'Every scheduled job of the platform and of the enabled feed sources', schema: JobsResponseSchema } },
    },
    async () => {
      const definitions = [
        ...jobsFor(deps).map((job) => ({ name: job.name, kind: 'platform' as const, schedule: job.cron(deps.config) })),
        ...(await feedJobs(deps.database, () => Promise.resolve(), 0)).map((job) => ({ name: job.name, kind: 'feed' as const, schedule: job.schedule })),
      ];
      const latest = await db
        .selectDistinctOn([jobRuns.name])
        .from(jobRuns)
        .where(inArray(jobRuns.name, definitions.map((job) => job.name)))
        .orderBy(jobRuns.name, desc(jobRuns.startedAt));
      const byName = new Map(latest.map((row) => [row.name, row]));
      return {
        timeZone,
        catchUp,
        items: definitions.map((job) => {
          const last = byName.get(job.name);
          let next: Date | null;
          try {
            next = nextSlot(job.schedule, timeZone);
          } catch {
            // A feed source with an expression node-cron rejects is never scheduled.
            next = null;
          }
          return { ...job, nextRunAt: next?.toISOString() ?? null, lastRun: last ? presentRun(last) : null };
        }),
      };
    },
  );

  api.define(
    {
      method: 'get',
      path: '/api/v1/jobs/runs',
      summary: 'Run history of the scheduled jobs, newest first',
      tags: ['Operations'],
      access: { capability: 'operations:read' },
      query: RunsQuerySchema,
      responses: { 200: { description: 'A page of runs', schema: pageSchema(JobRunSchema) } },
    },
    async ({ query }) => {
      const cursor = RunCursor.decode(query.cursor);
      const conditions = [
        query.name ? eq(jobRuns.name, query.name) : undefined,
        query.status ? eq(jobRuns.status, query.status) : undefined,
        cursor ? or(lt(jobRuns.startedAt, new Date(cursor.startedAt)), and(eq(jobRuns.startedAt, new Date(cursor.startedAt)), lt(jobRuns.id, cursor.id))) : undefined,
      ].filter((condition) => condition !== undefined);
      const rows = await db
        .select()
        .from(jobRuns)
        .where(conditions.length > 0 ? and(...conditions) : undefined)
        .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
        .limit(query.limit + 1);
      const page = toPage(rows, query.limit, RunCursor, (row) => ({ startedAt: row.startedAt.toISOString(), id: row.id }));
      return { items: page.items.map(presentRun), next: page.next };
    },
  );
}
