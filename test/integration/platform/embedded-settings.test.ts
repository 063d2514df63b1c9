import { expect } from 'chai';
import { PGlite } from '@electric-sql/pglite';
import { createPglite } from '../../../server/platform/db/client.js';

// The embedded database's start parameters: PGlite's own, plus WAL segments not zero-filled first
// (server/platform/db/client.ts `createPglite`). A PGlite of its own, unmigrated (about 4 s to
// start), so it runs the same in the PostgreSQL pass: the setting is PGlite's.
describe('embedded database start parameters', function () {
  let pglite: PGlite;

  before(async () => {
    pglite = createPglite();
    await pglite.waitReady;
  });
  after(() => pglite.close());

  const setting = async (name: string) => (await pglite.query<{ value: string }>('select current_setting($1) as value', [name])).rows[0]?.value;

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
