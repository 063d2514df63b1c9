/**
 * `npm run feeds -- import-nvd <dir-or-file…>` over the real NVD API 2.0 responses of
 * ../shared/data/nvd (skipped when absent): every CVE record is stored as an enrichment (and an
 * item where it names products), batches are recorded runs of `import-nvd`, progress is reported by
 * bytes with the records so far, a re-import changes nothing, and a file that is not an API 2.0
 * response is a named problem (exit 1) while the rest is imported.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { runFeedsCli, type FeedsCliDeps, type ProgressEvent } from '../../../server/feeds/cli.js';
import { platformFeedHttp } from '../../../server/feeds/http-factory.js';
import { feedRuns, feedSources } from '../../../server/feeds/feeds.table.js';
import { queryRows, type DatabaseHandle } from '../../../server/platform/db/client.js';
import { createLogger } from '../../../server/platform/logger.js';
import { createTestDatabase } from '../../support/database.js';
import { sharedDataDir } from '../../support/feed-sources.js';

describe('feeds CLI: import-nvd', function () {
  this.timeout(120_000);
  let database: DatabaseHandle;
  let cves: string;
  let dir: string;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } });
  let output: { out: string; err: string; progress: ProgressEvent[] };
  const deps = (): FeedsCliDeps => ({
    database,
    config: { feedCredentials: {} },
    logger: createLogger('silent', false),
    feedHttp: http,
    out: (text) => (output.out += text),
    err: (text) => (output.err += text),
    progress: false,
    onProgress: (event) => output.progress.push(event),
  });

  before(async function () {
    const shared = sharedDataDir();
    if (!shared) this.skip();
    cves = join(shared, 'nvd', 'nvd-api-2.0', 'cves');
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'nvd-import-'));
  });
  beforeEach(() => {
    output = { out: '', err: '', progress: [] };
  });
  after(async () => {
    await http.close();
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports a directory of API 2.0 pages with progress, and a second import changes nothing', async () => {
    expect(await runFeedsCli(['import-nvd', cves], deps()), output.out + output.err).to.equal(0);
    const [enrichments] = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from cve_enrichments where nvd is not null`);
    expect(output.out).to.match(new RegExp(`^import-nvd \\(7 files, 1 run\\): \\d+ CVE records: ${enrichments!.count} new, 0 updated, 0 unchanged, 0 failed`));
    expect(enrichments!.count).to.be.greaterThan(8);
    const [log4shell] = await queryRows<{ nvd: { description?: string } }>(database.db, sql`select nvd from cve_enrichments where cve = 'CVE-2021-44228'`);
    expect(log4shell!.nvd.description).to.match(/Log4j/);
    // Progress comes after each batch; the seven small files are one.
    expect(output.progress).to.have.length(1);
    expect(output.progress.at(-1)!.value).to.equal(output.progress.at(-1)!.total);
    expect(output.progress.map((event) => event.value)).to.deep.equal([...output.progress.map((event) => event.value)].sort((a, b) => a - b));

    output = { out: '', err: '', progress: [] };
    expect(await runFeedsCli(['import-nvd', cves], deps())).to.equal(0);
    expect(output.out).to.match(/: 0 new, 0 updated, \d+ unchanged, 0 failed/);
    const [source] = await database.db.select().from(feedSources).where(eq(feedSources.key, 'import-nvd'));
    expect(await database.db.select().from(feedRuns).where(eq(feedRuns.sourceId, source!.id))).to.have.length(2);
  });

  it('names a file that is not an NVD API 2.0 response and imports the rest (exit 1)', async () => {
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, JSON.stringify({ hello: 'world' }));
    expect(await runFeedsCli(['import-nvd', junk, join(cves, 'single-CVE-2024-4819.json')], deps())).to.equal(1);
    // The file that is no API response counts as one record that failed.
    expect(output.out).to.match(/import-nvd \(2 files, 1 run\): 2 CVE records: 0 new, 0 updated, 1 unchanged, 1 failed/);
    expect(output.out).to.match(/✗ junk\.json: not an NVD CVE API 2\.0 file/);
    expect(await runFeedsCli(['import-nvd'], deps())).to.equal(2);

    // A batch holding only such files names them too; it does not fail the import.
    output = { out: '', err: '', progress: [] };
    expect(await runFeedsCli(['import-nvd', junk], deps())).to.equal(1);
    expect(output.out).to.match(/import-nvd \(1 file, 1 run\): 0 CVE records: 0 new, 0 updated, 0 unchanged, 1 failed/);
    expect(output.out).to.match(/✗ junk\.json: not an NVD CVE API 2\.0 file/);
  });
});
