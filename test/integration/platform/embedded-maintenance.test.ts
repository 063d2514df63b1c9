import { expect } from 'chai';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, TEST_DRIVER } from '../../support/database.js';
import { createPglite, openDatabase, queryRows, type DatabaseHandle } from '../../../server/platform/db/client.js';
import { DEFAULT_THRESHOLDS, maintainEmbeddedDatabase, maintenanceDue } from '../../../server/platform/db/embedded-maintenance.js';
import { jobsFor, JOBS } from '../../../server/jobs.js';
import { Scheduler } from '../../../server/platform/scheduler.js';
import { jobRuns } from '../../../server/platform/job-runs.table.js';
import { createLogger } from '../../../server/platform/logger.js';

// PostgreSQL's own defaults (the module falls back to them for a setting the server lacks).
const DEFAULTS = DEFAULT_THRESHOLDS;
const quiet = { table: 'public.t', reltuples: 10_000, dead: 0, insertedSinceVacuum: 0, modifiedSinceAnalyze: 0, xidAge: 1_000, mxidAge: 1 };

describe("the embedded database's maintenance (PostgreSQL's autovacuum rules)", () => {
  it('vacuums past 50 + 20 % dead rows, 1,000 + 20 % inserts or the freeze age, and analyzes past 50 + 10 % changes', () => {
    expect(maintenanceDue(quiet, DEFAULTS)).to.deep.equal({ vacuum: false, analyze: false, reasons: [] });
    expect(maintenanceDue({ ...quiet, dead: 2_050 }, DEFAULTS).vacuum).to.equal(false);
    expect(maintenanceDue({ ...quiet, dead: 2_051 }, DEFAULTS)).to.include({ vacuum: true, analyze: false });
    expect(maintenanceDue({ ...quiet, insertedSinceVacuum: 3_001 }, DEFAULTS).vacuum).to.equal(true);
    expect(maintenanceDue({ ...quiet, xidAge: 200_000_001 }, DEFAULTS).reasons).to.deep.equal(['transaction id age 200000001 > 200000000']);
    expect(maintenanceDue({ ...quiet, mxidAge: 400_000_001 }, DEFAULTS).vacuum).to.equal(true);
    expect(maintenanceDue({ ...quiet, modifiedSinceAnalyze: 1_051 }, DEFAULTS)).to.include({ vacuum: false, analyze: true });
    // PostgreSQL 18 caps the dead-row threshold of huge tables; -1 switches insert-triggered vacuums off.
    expect(maintenanceDue({ ...quiet, reltuples: 1e9, dead: 100_000_001 }, DEFAULTS).vacuum).to.equal(true);
    expect(maintenanceDue({ ...quiet, insertedSinceVacuum: 1e9 }, { ...DEFAULTS, autovacuum_vacuum_insert_threshold: -1 }).vacuum).to.equal(false);
  });

  it('is scheduled on the embedded database only (a PostgreSQL server runs its own autovacuum)', () => {
    const names = (driver: 'pglite' | 'pg') => jobsFor({ database: { driver } as DatabaseHandle }).map((job) => job.name);
    expect(names('pglite')).to.include('database.maintenance');
    expect(names('pg')).not.to.include('database.maintenance');
    expect(names('pg')).to.have.length(JOBS.length - 1);
  });

  describe('on PGlite', function () {
    let database: DatabaseHandle;

    before(async function () {
      // PGlite whatever the suites run on: the missing autovacuum is PGlite's (on a server its own
      // autovacuum would race the counts).
      this.timeout(60_000);
      database = TEST_DRIVER === 'pglite' ? await createTestDatabase() : openDatabase({ driver: 'pglite', pglite: createPglite() });
      await database.migrate();
      await database.db.execute(sql`create table maintenance_probe (id int primary key, note text)`);
    });
    after(() => database?.close());

    const stats = async () =>
      (
        await queryRows<{ dead: number; lastVacuum: string | null; lastAnalyze: string | null; reltuples: number }>(
          database.db,
          sql`select s.n_dead_tup::int as dead, s.last_vacuum as "lastVacuum", s.last_analyze as "lastAnalyze", c.reltuples::int as reltuples
                from pg_stat_all_tables s join pg_class c on c.oid = s.relid where s.relname = 'maintenance_probe'`,
        )
      )[0]!;

    it('has no autovacuum of its own: dead rows stay and the planner never learns the table', async () => {
      await database.db.execute(sql`insert into maintenance_probe select g, 'first' from generate_series(1, 3000) g`);
      await database.db.execute(sql`update maintenance_probe set note = 'second'`);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await database.db.execute(sql`select pg_stat_force_next_flush()`);
      const before = await stats();
      expect(before.dead).to.equal(3000);
      expect(before.reltuples).to.equal(-1);
      expect(before.lastVacuum).to.equal(null);
    });

    it('vacuums and analyzes what the rules name, and nothing on the next pass', async () => {
      const summary = await maintainEmbeddedDatabase(database.db);
      const probe = summary.tables.find((table) => table.table === 'public.maintenance_probe');
      expect(probe, JSON.stringify(summary.tables)).to.include({ vacuum: true, analyze: true });
      expect(probe!.reasons.join('; ')).to.match(/3000 dead rows > 50/);
      const after = await stats();
      expect(after.dead).to.equal(0);
      expect(after.reltuples).to.equal(3000);
      expect(after.lastVacuum).not.to.equal(null);
      expect(after.lastAnalyze).not.to.equal(null);

      const again = await maintainEmbeddedDatabase(database.db);
      expect(again.tables.map((table) => table.table)).not.to.include('public.maintenance_probe');
    });

    it('runs as the scheduled job and records what it did in the job run', async () => {
      await database.db.execute(sql`delete from maintenance_probe where id <= 2000`);
      const job = JOBS.find((candidate) => candidate.name === 'database.maintenance')!;
      const scheduler = new Scheduler({ database, logger: createLogger('silent', false) });
      const outcome = await scheduler.tick({ name: job.name, schedule: job.cron({} as never), timeoutMs: 60_000, run: () => job.run({ database } as never) });
      expect(outcome.outcome).to.equal('succeeded');
      const [run] = await database.db.select().from(jobRuns).where(eq(jobRuns.name, 'database.maintenance'));
      const tables = (run!.result as { tables: { table: string; reasons: string[] }[] }).tables;
      expect(tables.find((table) => table.table === 'public.maintenance_probe')?.reasons.join('; ')).to.match(/2000 dead rows > 650/);
      expect((await stats()).dead).to.equal(0);
    });
  });
});
