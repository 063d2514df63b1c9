import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createPglite, openDatabase, type DatabaseHandle } from '../../server/platform/db/client.js';

/** The PostgreSQL server the suites run against (`npm run test:pg`), or undefined for PGlite. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL;

export const TEST_DRIVER: 'pg' | 'pglite' = TEST_DATABASE_URL ? 'pg' : 'pglite';

let template: Promise<PGlite> | undefined;

// Migrating PGlite costs seconds; migrate one template per process and clone it for every suite.
async function pgliteTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const pglite = createPglite();
    await openDatabase({ driver: 'pglite', pglite }).migrate();
    return pglite;
  })();
  return template;
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A migrated, empty database of its own for one suite, on PGlite or (with DATABASE_URL) a fresh server database. */
export async function createTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  if (!TEST_DATABASE_URL) {
    // A copy of the template, opened with the platform's own PGlite options (clone() would drop them).
    const pglite = createPglite(undefined, { loadDataDir: await (await pgliteTemplate()).dumpDataDir('none') });
    return openDatabase({ driver: 'pglite', pglite });
  }
  const name = `lagebild_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = withDatabaseName(TEST_DATABASE_URL, name);
  const handle = openDatabase({ driver: 'pg', url, poolSize: 5 });
  await handle.migrate();
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}
