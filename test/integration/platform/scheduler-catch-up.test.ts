import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../support/database.js';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { jobRuns } from '../../../server/platform/job-runs.table.js';
import { createLogger } from '../../../server/platform/logger.js';
import { latestSlot, nextSlot, Scheduler, type ScheduledJob } from '../../../server/platform/scheduler.js';

describe('scheduler: Europe/Berlin schedules and catch-up of missed slots (issue 19)', function () {
  let database: DatabaseHandle;
  const logger = createLogger('silent', false);
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.close());

  it('reads "0 7 * * *" as seven o\'clock in Berlin, in winter (06:00 UTC) and in summer (05:00 UTC)', () => {
    const winter = latestSlot('0 7 * * *', 'Europe/Berlin', new Date('2026-01-13T00:00:00Z'), new Date('2026-01-14T12:00:00Z'));
    expect(winter?.toISOString()).to.equal('2026-01-14T06:00:00.000Z');
    const summer = latestSlot('0 7 * * *', 'Europe/Berlin', new Date('2026-07-13T00:00:00Z'), new Date('2026-07-14T12:00:00Z'));
    expect(summer?.toISOString()).to.equal('2026-07-14T05:00:00.000Z');
    // The weekly digest (Mondays 07:00) seen from a Thursday.
    expect(latestSlot('0 7 * * 1', 'Europe/Berlin', new Date('2026-11-01T00:00:00Z'), new Date('2026-11-26T09:00:00Z'))?.toISOString()).to.equal('2026-11-23T06:00:00.000Z');
    expect(latestSlot('0 7 * * *', 'Europe/Berlin', new Date('2026-01-14T06:00:00Z'), new Date('2026-01-14T12:00:00Z'))).to.equal(null);
    const next = nextSlot('0 7 * * *', 'Europe/Berlin');
    expect(new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(next!)).to.equal('07:00');
  });

  it('runs the latest slot missed while every instance was down, once, also when two instances start together', async () => {
    let runs = 0;
    const job: ScheduledJob = { name: 'test.digest-catch-up', schedule: '0 7 * * *', timeoutMs: 5_000, run: () => Promise.resolve((runs += 1)) };
    // The digest last ran on Monday 07:00; the instances were down from Monday evening to Wednesday noon.
    await database.db.insert(jobRuns).values({ name: job.name, instance: 'old', scheduledFor: new Date('2026-11-23T06:00:00Z'), startedAt: new Date('2026-11-23T06:00:00Z'), status: 'succeeded' });
    const now = () => new Date('2026-11-25T11:00:00Z');
    const a = new Scheduler({ database, logger, instance: 'a', catchUp: { withinDays: 8, now } });
    const b = new Scheduler({ database, logger, instance: 'b', catchUp: { withinDays: 8, now } });
    const outcomes = await Promise.all([a.catchUp(job), b.catchUp(job)]);
    expect(runs).to.equal(1);
    // The other instance either meets the slot taken (skipped) or, when the first one finished before
    // it looked, finds nothing missed (null): both mean the slot ran exactly once.
    expect(outcomes.filter((outcome) => outcome?.outcome === 'succeeded')).to.have.length(1);
    const other = outcomes.map((outcome) => outcome?.outcome ?? 'nothing missed').filter((outcome) => outcome !== 'succeeded');
    expect(other).to.have.length(1);
    expect(other[0]).to.be.oneOf(['skipped', 'nothing missed']);
    const rows = await database.db.select().from(jobRuns).where(eq(jobRuns.name, job.name));
    // Tuesday's slot is not run as well: only the latest counts.
    expect(rows.map((row) => row.scheduledFor?.toISOString()).sort()).to.deep.equal(['2026-11-23T06:00:00.000Z', '2026-11-25T06:00:00.000Z']);
    // A restart later that day has nothing to catch up.
    expect(await a.catchUp(job)).to.equal(null);
    expect(runs).to.equal(1);
  });

  it('does not run a job that never ran (nothing was missed) and schedules in the configured zone', async () => {
    let runs = 0;
    const job: ScheduledJob = { name: 'test.fresh', schedule: '0 7 * * *', timeoutMs: 5_000, run: () => Promise.resolve((runs += 1)) };
    const scheduler = new Scheduler({ database, logger, instance: 'a', timeZone: 'Europe/Berlin', catchUp: { withinDays: 8 } });
    scheduler.add(job);
    await scheduler.stop();
    expect(runs).to.equal(0);
    expect(scheduler.timeZone).to.equal('Europe/Berlin');
  });
});
