import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { verifyAuditChain } from '../../../server/audit/verify-audit.js';
import { createPglite, openDatabase, queryRows, type Database, type DatabaseHandle } from '../../../server/platform/db/client.js';
import { createLogger } from '../../../server/platform/logger.js';
import { startLagebild, type RunningLagebild } from '../../../server/server.js';
import { advisoryBody, publishedAdvisory } from '../../support/advisories.js';
import { DEMO_PASSWORD, testConfig } from '../../support/config.js';
import { TEST_DATABASE_URL } from '../../support/database.js';
import { loginAs } from '../../support/session.js';

/** Row count of every table of the public schema, by name. */
async function tableCounts(db: Database): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${name}"`));
    counts[name] = Number(row?.n ?? 0);
  }
  return counts;
}

function databaseUrl(name: string): string {
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * docs/operations.md "Backups": a backup restored into a fresh database holds every row and an
 * intact audit chain ending in the same hash. On the PostgreSQL server with pg_dump/pg_restore, on
 * the embedded database with PGlite's data-directory dump (what copying DATA_DIR amounts to).
 */
describe('operations: backup and restore into a fresh database', function () {
  this.timeout(180_000);
  const created: string[] = [];
  let source: { handle: DatabaseHandle; pglite?: PGlite };
  let running: RunningLagebild;

  before(async function () {
    if (TEST_DATABASE_URL) {
      try {
        execFileSync('pg_dump', ['--version'], { stdio: 'ignore' });
      } catch {
        this.skip();
      }
      const name = `lagebild_backup_${randomBytes(4).toString('hex')}`;
      await adminQuery(`create database "${name}"`);
      created.push(name);
      source = { handle: openDatabase({ driver: 'pg', url: databaseUrl(name), poolSize: 4 }) };
    } else {
      const pglite = createPglite();
      source = { handle: openDatabase({ driver: 'pglite', pglite }), pglite };
    }
    await source.handle.migrate();
    // Web role only: no background consumer may write (deliveries) between the counts and the dump.
    const config = testConfig({ LAGEBILD_DEMO_PASSWORD: DEMO_PASSWORD, SERVER_ROLES: 'web' });
    running = await startLagebild({ config: { ...config, port: 0 }, logger: createLogger('silent', false), database: source.handle, serveClient: false });
    const analyst = await loginAs(running.url, 'analyst@lagebild.test');
    for (let i = 0; i < 3; i++) await publishedAdvisory(analyst, advisoryBody({ title: { de: `Sicherungstest ${i}` } }));
  });

  after(async () => {
    await running?.close();
    await source?.handle.close();
    for (const name of created) await adminQuery(`drop database if exists "${name}" with (force)`);
  });

  it('restores every row and an unbroken audit chain with the same last hash', async () => {
    const before = await tableCounts(source.handle.db);
    const chainBefore = await verifyAuditChain(source.handle.db);
    expect(chainBefore.rows).to.be.greaterThan(3);
    expect(before.advisories).to.equal(3);

    let restored: DatabaseHandle;
    if (TEST_DATABASE_URL) {
      const sourceName = created[0]!;
      const target = `lagebild_restore_${randomBytes(4).toString('hex')}`;
      const dump = execFileSync('pg_dump', ['--format=custom', '--dbname', databaseUrl(sourceName)], { maxBuffer: 256 * 1024 * 1024 });
      await adminQuery(`create database "${target}"`);
      created.push(target);
      execFileSync('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', databaseUrl(target)], { input: dump });
      restored = openDatabase({ driver: 'pg', url: databaseUrl(target), poolSize: 2 });
    } else {
      const dump = await source.pglite!.dumpDataDir('gzip');
      restored = openDatabase({ driver: 'pglite', pglite: createPglite(undefined, { loadDataDir: dump }) });
    }
    try {
      expect(await tableCounts(restored.db)).to.deep.equal(before);
      const chainAfter = await verifyAuditChain(restored.db);
      expect(chainAfter.problems).to.deep.equal([]);
      expect(chainAfter.rows).to.equal(chainBefore.rows);
      expect(chainAfter.lastHash).to.equal(chainBefore.lastHash);
      // The restored database is usable as it is: migrations find nothing to do.
      await restored.migrate();
      expect(await tableCounts(restored.db)).to.deep.equal(before);
    } finally {
      await restored.close();
    }
  });
});
