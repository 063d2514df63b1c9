import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { isDatabaseUnavailable } from './unavailable.js';
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
  /**
   * Runs `work` while this process holds the session-level advisory lock named `name`
   * (`pg_try_advisory_lock(class, hashtext(name))`) on one connection kept for the whole run (a
   * dedicated pool client on a server). Never waits: when another session holds the lock — or, on
   * PGlite, whose single session is shared in-process, another caller of this database — `work` does
   * not run and `acquired` is false. The lock is released when `work` settles, also on error.
   */
  tryWithLock<T>(name: string, work: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
  /**
   * The connection pool of a PostgreSQL server (libraries that speak `pg` themselves, such as the
   * shared rate-limit store); undefined for PGlite.
   */
  pool?: pg.Pool;
  /**
   * A consistent tarball (gzip) of the embedded database's data directory, taken between two
   * statements (PGlite runs one at a time); what `npm run backup` stores. Undefined on a server.
   */
  dumpEmbedded?: () => Promise<Blob>;
  close(): Promise<void>;
};

export type OpenDatabaseOptions =
  | { driver: 'pglite'; dataDir?: string | undefined; pglite?: PGlite }
  | { driver: 'pg'; url: string; poolSize?: number };

// Serialize migrations across instances starting together against one server.
const MIGRATION_LOCK_KEY = 72_616_001;
// The class (first key) of the named session locks of `tryWithLock`; the second key is hashtext(name).
const NAMED_LOCK_CLASS = 72_616_003;
const POOL_IDLE_TIMEOUT_MS = 5 * 60_000;

// PGlite has one session per instance, and session advisory locks are re-entrant within a session,
// so in-process callers are told apart here (PGlite cannot be opened by two processes at once).
const pgliteHeldLocks = new WeakMap<PGlite, Set<string>>();

/**
 * A PGlite instance with the extensions the migrations need (btree_gin: the search indexes combine
 * the creation date with the text vectors). Every PGlite of the platform and its tests comes from here.
 */
export function createPglite(dataDir?: string, options: PGliteOptions = {}): PGlite {
  return new PGlite({
    startParams: PGLITE_START_PARAMS,
    ...options,
    ...(dataDir ? { dataDir } : {}),
    extensions: { ...options.extensions, btree_gin },
    serializers: { ...LARGE_JSON_AS_BYTES, ...options.serializers },
  });
}

/**
 * PGlite's own start parameters, and new WAL segments not filled with zeros first. PGlite has no
 * background writer, so its one thread wrote 16 MB of zeros through the file system for every
 * 16 MB segment of WAL before using it: half of what a first CVE or STIX import wrote (20,000 CVE
 * records: 125 → 59 MB; 25,000 STIX objects: 140 → 89 MB). The zeros only reserve disk space ahead;
 * recovery finds the end of the WAL by its records' checksums either way (PostgreSQL documents the
 * setting for copy-on-write file systems, where the zeros gain nothing).
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'wal_init_zero=off'];

const JSON_OID = 114;
const JSONB_OID = 3802;
const LARGE_PARAMETER = 64 * 1024;

/**
 * Large JSON parameters (ingestion's bulk statements send megabytes) go to PGlite as UTF-8 bytes in
 * the binary format: PGlite's protocol writer measures and encodes a string parameter character by
 * character in JavaScript, twice, which cost more than a quarter of such a statement (5,000 CVE
 * rows: 560 → 420 ms). The binary format of json is its text; jsonb's is a version byte (1) and the
 * text. Small values and non-strings keep PGlite's own serialization.
 */
const LARGE_JSON_AS_BYTES = {
  [JSON_OID]: (value: unknown) => (typeof value === 'string' && value.length >= LARGE_PARAMETER ? Buffer.from(value) : defaultJsonSerialize(value)),
  [JSONB_OID]: (value: unknown) => (typeof value === 'string' && value.length >= LARGE_PARAMETER ? jsonbBytes(value) : defaultJsonSerialize(value)),
} as unknown as NonNullable<PGliteOptions['serializers']>;

function jsonbBytes(text: string): Buffer {
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(text) + 1);
  bytes[0] = 1;
  bytes.write(text, 1);
  return bytes;
}

/** PGlite's json serialization (strings as they are, bigints as strings). */
function defaultJsonSerialize(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
}

function openPglite(options: { dataDir?: string | undefined; pglite?: PGlite }): DatabaseHandle {
  let client = options.pglite;
  if (!client) {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    client = createPglite(options.dataDir ? join(options.dataDir, 'pglite') : undefined);
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
    async tryWithLock(name, work) {
      const held = pgliteHeldLocks.get(pglite) ?? new Set<string>();
      pgliteHeldLocks.set(pglite, held);
      if (held.has(name)) return { acquired: false };
      held.add(name);
      try {
        const result = await pglite.query<{ locked: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as locked', [NAMED_LOCK_CLASS, name]);
        if (!result.rows[0]?.locked) return { acquired: false };
        try {
          return { acquired: true, value: await work() };
        } finally {
          await pglite.query('select pg_advisory_unlock($1, hashtext($2))', [NAMED_LOCK_CLASS, name]).catch(() => undefined);
        }
      } finally {
        held.delete(name);
      }
    },
    async dumpEmbedded() {
      // Flush dirty pages first so the dump needs no WAL replay beyond the last statement.
      await pglite.exec('checkpoint');
      return pglite.dumpDataDir('gzip');
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
  // pg-pool hands out the most recently used client and closes clients idle for 10 s by default: under
  // steady load the clients at the bottom of the stack time out, and the next burst waits for a new
  // connection and a PostgreSQL backend with cold catalog caches (measured: 50–100 ms stalls every few
  // seconds at 200 req/s). Clients are kept for five idle minutes instead; idle clients never keep a
  // process (a CLI, a script) alive.
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS, allowExitOnIdle: true });
  // An idle client losing its server connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // A checked-out client (mid-transaction) whose server goes away emits 'error' besides failing its
  // query: without a listener that would crash the process. The query's rejection carries the
  // failure to the caller (503 over HTTP); the pool drops the dead client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  // drizzle's pool transaction sends BEGIN before its try/finally: when BEGIN fails on a connection
  // the server dropped (restart), the client is never released, the pool slot is lost for good and
  // pool.end() hangs. Transactions therefore check out their client here, release it whatever
  // happens, and destroy it when the connection is gone.
  const transaction: Database['transaction'] = async (work, config) => {
    const client = await pool.connect();
    let failure: unknown;
    try {
      return await (drizzlePg(client, { schema }) as unknown as Database).transaction(work, config);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      client.release(failure !== undefined && isDatabaseUnavailable(failure) ? (failure as Error) : undefined);
    }
  };
  Object.assign(db, { transaction });
  const listeners = new Set<pg.Client>();
  return {
    db,
    driver: 'pg',
    pool,
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
    async tryWithLock(name, work) {
      const client = await pool.connect();
      let broken = false;
      // The connection sits idle (checked out) while `work` runs: if the server goes away meanwhile
      // (restart), the error must not crash the process. The lock is gone with the session; `work`
      // notices on its own connections.
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      try {
        const result = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as locked', [NAMED_LOCK_CLASS, name]);
        if (!result.rows[0]?.locked) return { acquired: false };
        try {
          return { acquired: true, value: await work() };
        } finally {
          await client.query('select pg_advisory_unlock($1, hashtext($2))', [NAMED_LOCK_CLASS, name]).catch(() => {
            // A connection that cannot unlock must not go back to the pool still holding the lock.
            broken = true;
          });
        }
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
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
