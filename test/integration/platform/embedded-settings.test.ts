import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { queryRows, type DatabaseHandle } from '../../../server/platform/db/client.js';
import { createTestDatabase } from '../../support/database.js';

// The embedded database's start parameters: PGlite's own, plus WAL segments not zero-filled first
// (server/platform/db/client.ts `createPglite`, which the test databases come from too). A PostgreSQL
// server keeps its own configuration, so the PostgreSQL pass skips this.
describe('embedded database start parameters', function () {
  let database: DatabaseHandle;

  before(async function () {
    database = await createTestDatabase();
    if (database.driver !== 'pglite') this.skip();
  });
  after(() => database?.close());

  const setting = async (name: string) => (await queryRows<{ value: string }>(database.db, sql`select current_setting(${name}) as value`))[0]?.value;

  it('does not fill new WAL segments with zeros', async () => {
    expect(await setting('wal_init_zero')).to.equal('off');
  });

  it("keeps PGlite's own parameters", async () => {
    expect(PGlite.defaultStartParams).to.include('search_path=public');
    expect(await setting('search_path')).to.equal('public');
    expect(await setting('max_worker_processes')).to.equal('0');
    expect(await setting('exit_on_error')).to.equal('off');
  });
});
