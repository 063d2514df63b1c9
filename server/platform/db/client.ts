import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The Drizzle database, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; same query API as `Database`. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either a database or an open transaction: repos accept both. */
export type Executor = Database | Transaction;

export const MIGRATIONS_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), 'migrations');

/** One open database: Drizzle plus what Drizzle does not abstract (LISTEN, closing). */
export type DatabaseHandle = {
  db: Database;
  driver: 'pglite' | 'pg';
  /**
   * Subscribes to a NOTIFY channel; returns the unsubscribe function. `onLost` runs once when the
   * listening connection dies (server restart): notifications sent meanwhile are gone, so the caller
   * must listen again and catch up from its own cursor.
   */
  listen(channel: string, onNotify: (payload: string) => void, onLost?: () => void): Promise<() => Promise<void>>;
  /** Applies every pending migration. Safe to run from several instances at once (advisory lock). */
  migrate(): Promise<void>;
  close(): Promise<void>;
};

export type OpenDatabaseOptions =
  | { driver: 'pglite'; dataDir?: string | undefined; pglite?: PGlite }
  | { driver: 'pg'; url: string; poolSize?: number };

// Serialize migrations across instances starting together against one server.
const MIGRATION_LOCK_KEY = 72_616_001;

function openPglite(options: { dataDir?: string | undefined; pglite?: PGlite }): DatabaseHandle {
  let client = options.pglite;
  if (!client) {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    client = new PGlite(options.dataDir ? join(options.dataDir, 'pglite') : undefined);
  }
  const pglite = client;
  const db = drizzlePglite(pglite, { schema }) as unknown as Database;
  return {
    db,
    driver: 'pglite',
    async listen(channel, onNotify) {
      const unsubscribe = await pglite.listen(channel, onNotify);
      return unsubscribe;
    },
    async migrate() {
      await migratePglite(drizzlePglite(pglite, { schema }), { migrationsFolder: MIGRATIONS_DIR });
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}

function openPg(options: { url: string; poolSize?: number }): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  // An idle client losing its server connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  const listeners = new Set<pg.Client>();
  return {
    db,
    driver: 'pg',
    async listen(channel, onNotify, onLost) {
      const client = new pg.Client({ connectionString: options.url });
      let lost = false;
      const markLost = () => {
        if (lost || !listeners.has(client)) return;
        lost = true;
        listeners.delete(client);
        client.end().catch(() => undefined);
        onLost?.();
      };
      client.on('error', markLost);
      client.on('end', markLost);
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      await client.query(`LISTEN "${channel.replaceAll('"', '')}"`);
      listeners.add(client);
      return async () => {
        listeners.delete(client);
        await client.end().catch(() => undefined);
      };
    },
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    },
    async close() {
      await Promise.all([...listeners].map((client) => client.end().catch(() => undefined)));
      await pool.end();
    },
  };
}

/** Opens PGlite (embedded, persisted under `dataDir`) or a PostgreSQL server pool. */
export function openDatabase(options: OpenDatabaseOptions): DatabaseHandle {
  return options.driver === 'pglite' ? openPglite(options) : openPg(options);
}

/** Round-trips a trivial query; used by /readyz. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}
