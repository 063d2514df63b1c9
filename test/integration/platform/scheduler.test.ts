import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../support/database.js';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { createLogger } from '../../../server/platform/logger.js';
import { Scheduler, type ScheduledJob } from '../../../server/platform/scheduler.js';
import { jobRuns } from '../../../server/platform/job-runs.table.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('platform scheduler', function () {
  let database: DatabaseHandle;
  const logger = createLogger('silent', false);

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await database.db.delete(jobRuns);
  });

  it('two schedulers on one database run a job once per tick', async () => {
    let runs = 0;
    const job: ScheduledJob = {
      name: 'test.once-per-tick',
      schedule: '* * * * *',
      timeoutMs: 5_000,
      run: async () => {
        runs += 1;
        await sleep(200);
        return { processed: 3 };
      },
    };
    const a = new Scheduler({ database, logger, instance: 'instance-a' });
    const b = new Scheduler({ database, logger, instance: 'instance-b' });
    const outcomes = await Promise.all([a.tick(job), b.tick(job)]);
    expect(runs).to.equal(1);
    expect(outcomes.map((outcome) => outcome.outcome).sort()).to.deep.equal(['skipped', 'succeeded']);
    const rows = await database.db.select().from(jobRuns).where(eq(jobRuns.name, job.name));
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ status: 'succeeded', error: null });
    expect(rows[0]!.result).to.deep.equal({ processed: 3 });
    expect(['instance-a', 'instance-b']).to.include(rows[0]!.instance);
    expect(rows[0]!.finishedAt).to.be.instanceOf(Date);
    // The next tick finds the lock free again.
    expect((await b.tick(job)).outcome).to.equal('succeeded');
    expect(runs).to.equal(2);
  });

  it('runs a cron slot once even when a lagging instance ticks after the first one finished', async () => {
    let runs = 0;
    const job: ScheduledJob = { name: 'test.slot', schedule: '* * * * *', timeoutMs: 5_000, run: () => Promise.resolve((runs += 1)) };
    const slot = new Date('2026-11-22T10:00:00.000Z');
    const a = new Scheduler({ database, logger, instance: 'a' });
    const b = new Scheduler({ database, logger, instance: 'b' });
    expect((await a.tick(job, slot)).outcome).to.equal('succeeded');
    expect((await b.tick(job, new Date(slot.getTime() + 400))).outcome).to.equal('skipped');
    expect((await b.tick(job, new Date(slot.getTime() + 60_000))).outcome).to.equal('succeeded');
    expect(runs).to.equal(2);
    const rows = await database.db.select().from(jobRuns).where(eq(jobRuns.name, job.name));
    expect(rows.map((row) => row.scheduledFor?.toISOString()).sort()).to.deep.equal(['2026-11-22T10:00:00.000Z', '2026-11-22T10:01:00.000Z']);
  });

  it('records a failing job with its error and releases the lock', async () => {
    const scheduler = new Scheduler({ database, logger });
    const job: ScheduledJob = { name: 'test.failing', schedule: '* * * * *', timeoutMs: 5_000, run: () => Promise.reject(new Error('upstream down')) };
    const outcome = await scheduler.tick(job);
    expect(outcome).to.include({ outcome: 'failed', error: 'upstream down' });
    expect((await scheduler.tick(job)).outcome).to.equal('failed');
    const rows = await database.db.select().from(jobRuns).where(eq(jobRuns.name, job.name));
    expect(rows.map((row) => row.status)).to.deep.equal(['failed', 'failed']);
  });

  it('enforces the timeout: aborts the signal, records timed_out, keeps the lock until the work stops', async () => {
    const scheduler = new Scheduler({ database, logger });
    let aborted = false;
    let release: () => void = () => undefined;
    const job: ScheduledJob = {
      name: 'test.slow',
      schedule: '* * * * *',
      timeoutMs: 100,
      run: (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            release = resolve;
          });
        }),
    };
    const first = scheduler.tick(job);
    await sleep(250);
    expect(aborted).to.equal(true);
    const [row] = await database.db.select().from(jobRuns).where(eq(jobRuns.name, job.name));
    expect(row).to.include({ status: 'timed_out' });
    // Still held: the timed-out work has not finished yet.
    expect((await new Scheduler({ database, logger }).tick({ ...job, run: () => Promise.resolve() })).outcome).to.equal('skipped');
    release();
    expect((await first).outcome).to.equal('timed_out');
    expect((await scheduler.tick({ ...job, run: () => Promise.resolve() })).outcome).to.equal('succeeded');
  });

  it('fires jobs from cron and keeps per-prefix jobs in sync', async () => {
    const scheduler = new Scheduler({ database, logger });
    let fired = 0;
    scheduler.add({ name: 'feeds.a', schedule: '* * * * * *', timeoutMs: 5_000, run: () => Promise.resolve((fired += 1)) });
    scheduler.add({ name: 'other.job', schedule: '0 0 1 1 *', timeoutMs: 5_000, run: () => Promise.resolve() });
    expect(() => scheduler.add({ name: 'bad', schedule: 'not cron', timeoutMs: 1, run: () => Promise.resolve() })).to.throw(/invalid cron/);
    await sleep(2_300);
    expect(fired).to.be.greaterThan(0);
    scheduler.sync('feeds.', [{ name: 'feeds.b', schedule: '0 0 1 1 *', timeoutMs: 5_000, run: () => Promise.resolve() }]);
    expect(scheduler.jobNames.sort()).to.deep.equal(['feeds.b', 'other.job']);
    await scheduler.stop();
    const rows = await database.db.select().from(jobRuns).where(eq(jobRuns.name, 'feeds.a'));
    expect(rows.length).to.equal(fired);
  });
});
