/**
 * Autovacuum for the embedded database. PGlite runs PostgreSQL as a single process without
 * background workers, so its autovacuum never runs (`last_autovacuum` stays empty, `reltuples` -1):
 * - dead row versions of updates and deletes (EPSS and feed re-runs, session touches, pruned events)
 *   are never reclaimed, so tables and indexes only grow and every scan and insert slows down;
 * - the planner never gets statistics (a first NVD import leaves 300,000 rows it believes empty);
 * - transaction ids are never frozen: after about two billion writing transactions PostgreSQL
 *   refuses every write to protect itself from wraparound.
 * The scheduler (jobs.ts, embedded database only) runs this every quarter hour. It applies
 * PostgreSQL's own autovacuum rules, with the thresholds read from `pg_settings`, to the cumulative
 * statistics, and vacuums and/or analyzes each table that needs it, one statement per table, so other
 * statements interleave between tables. A PostgreSQL server runs its own autovacuum.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './client.js';

/** What was done to one table, and why. */
export type TableMaintenance = {
  table: string;
  vacuum: boolean;
  analyze: boolean;
  /** The rules that fired: dead rows, inserts since the last vacuum, changes since the last analysis, transaction id age. */
  reasons: string[];
  ms: number;
};

export type MaintenanceSummary = { tables: TableMaintenance[]; ms: number };

export type TableStats = {
  table: string;
  reltuples: number;
  dead: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
  xidAge: number;
  mxidAge: number;
};

export type Thresholds = {
  autovacuum_vacuum_threshold: number;
  autovacuum_vacuum_scale_factor: number;
  autovacuum_vacuum_max_threshold: number;
  autovacuum_vacuum_insert_threshold: number;
  autovacuum_vacuum_insert_scale_factor: number;
  autovacuum_analyze_threshold: number;
  autovacuum_analyze_scale_factor: number;
  autovacuum_freeze_max_age: number;
  autovacuum_multixact_freeze_max_age: number;
};

/** PostgreSQL's defaults, for a setting this server version lacks (max_threshold is new in 18). */
export const DEFAULT_THRESHOLDS: Thresholds = {
  autovacuum_vacuum_threshold: 50,
  autovacuum_vacuum_scale_factor: 0.2,
  autovacuum_vacuum_max_threshold: 100_000_000,
  autovacuum_vacuum_insert_threshold: 1_000,
  autovacuum_vacuum_insert_scale_factor: 0.2,
  autovacuum_analyze_threshold: 50,
  autovacuum_analyze_scale_factor: 0.1,
  autovacuum_freeze_max_age: 200_000_000,
  autovacuum_multixact_freeze_max_age: 400_000_000,
};

async function thresholds(db: Executor): Promise<Thresholds> {
  const rows = await queryRows<{ name: string; setting: string }>(db, sql`select name, setting from pg_settings where name like 'autovacuum%'`);
  const result = { ...DEFAULT_THRESHOLDS };
  for (const row of rows) {
    if (!(row.name in result)) continue;
    const value = Number(row.setting);
    // -1 (insert-triggered vacuum switched off) stays -1 and is honoured below.
    if (Number.isFinite(value)) result[row.name as keyof Thresholds] = value;
  }
  return result;
}

/** Ordinary and materialized tables of every schema, system catalogs included (they hold the oldest xids), temporary ones not. */
async function tableStats(db: Executor): Promise<TableStats[]> {
  // Counters of this session's last statements reach the cumulative statistics at its next idle
  // moment (at most once a second); force that, so the rules see what just happened.
  await queryRows(db, sql`select pg_stat_force_next_flush()`);
  return queryRows<TableStats>(
    db,
    sql`select format('%I.%I', n.nspname, c.relname) as "table",
               greatest(c.reltuples, 0)::float8 as reltuples,
               coalesce(s.n_dead_tup, 0)::float8 as dead,
               coalesce(s.n_ins_since_vacuum, 0)::float8 as "insertedSinceVacuum",
               coalesce(s.n_mod_since_analyze, 0)::float8 as "modifiedSinceAnalyze",
               age(c.relfrozenxid)::float8 as "xidAge",
               mxid_age(c.relminmxid)::float8 as "mxidAge"
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          left join pg_stat_all_tables s on s.relid = c.oid
         where c.relkind in ('r', 'm') and c.relpersistence <> 't'
         order by n.nspname, c.relname`,
  );
}

/** What PostgreSQL's autovacuum would do with `table` under `limits`, and why. */
export function maintenanceDue(table: TableStats, limits: Thresholds): { vacuum: boolean; analyze: boolean; reasons: string[] } {
  const reasons: string[] = [];
  const deadLimit = Math.min(limits.autovacuum_vacuum_threshold + limits.autovacuum_vacuum_scale_factor * table.reltuples, limits.autovacuum_vacuum_max_threshold);
  if (table.dead > deadLimit) reasons.push(`${table.dead} dead rows > ${Math.floor(deadLimit)}`);
  if (limits.autovacuum_vacuum_insert_threshold >= 0) {
    const insertLimit = limits.autovacuum_vacuum_insert_threshold + limits.autovacuum_vacuum_insert_scale_factor * table.reltuples;
    if (table.insertedSinceVacuum > insertLimit) reasons.push(`${table.insertedSinceVacuum} rows inserted since the last vacuum > ${Math.floor(insertLimit)}`);
  }
  if (table.xidAge > limits.autovacuum_freeze_max_age) reasons.push(`transaction id age ${table.xidAge} > ${limits.autovacuum_freeze_max_age}`);
  if (table.mxidAge > limits.autovacuum_multixact_freeze_max_age) reasons.push(`multixact id age ${table.mxidAge} > ${limits.autovacuum_multixact_freeze_max_age}`);
  const vacuum = reasons.length > 0;
  const analyzeLimit = limits.autovacuum_analyze_threshold + limits.autovacuum_analyze_scale_factor * table.reltuples;
  const analyze = table.modifiedSinceAnalyze > analyzeLimit;
  if (analyze) reasons.push(`${table.modifiedSinceAnalyze} rows changed since the last analysis > ${Math.floor(analyzeLimit)}`);
  return { vacuum, analyze, reasons };
}

/**
 * Vacuums and analyzes the tables of the database behind `db` that PostgreSQL's autovacuum rules
 * say are due. Not inside a transaction (VACUUM cannot run in one).
 * @returns what was done per table (tables that needed nothing are left out)
 */
export async function maintainEmbeddedDatabase(db: Executor): Promise<MaintenanceSummary> {
  const started = performance.now();
  const limits = await thresholds(db);
  const done: TableMaintenance[] = [];
  for (const table of await tableStats(db)) {
    const due = maintenanceDue(table, limits);
    if (!due.vacuum && !due.analyze) continue;
    const command = due.vacuum ? (due.analyze ? 'vacuum (analyze)' : 'vacuum') : 'analyze';
    const tableStarted = performance.now();
    // The name comes from format('%I.%I'): quoted as an identifier by PostgreSQL itself.
    await db.execute(sql.raw(`${command} ${table.table}`));
    done.push({ table: table.table, vacuum: due.vacuum, analyze: due.analyze, reasons: due.reasons, ms: Math.round(performance.now() - tableStarted) });
  }
  return { tables: done, ms: Math.round(performance.now() - started) };
}
