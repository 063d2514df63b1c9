import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { prepareEmbeddedDatabase } from '../../support/data-dir.js';
import { ROOT_DIR } from '../../../config/index.js';
import { createTestDatabase } from '../../support/database.js';
import { fixtureAdapter, startFeedFixtureServer, stixBundle, type FixtureServer } from '../../support/feed-fixtures.js';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { createLogger } from '../../../server/platform/logger.js';
import { platformFeedHttp } from '../../../server/feeds/http-factory.js';
import { runFeedsCli, type FeedsCliDeps } from '../../../server/feeds/cli.js';
import { feedRuns, feedSources } from '../../../server/feeds/feeds.table.js';
import { stixObjects } from '../../../server/stix-objects/stix-objects.table.js';
import { detectImportFormat } from '../../../server/feeds/import-formats.js';

const KEV_FILE = resolve(ROOT_DIR, '../shared/data/kev/known_exploited_vulnerabilities.json');

describe('feeds CLI', function () {
  let database: DatabaseHandle;
  let fixtures: FixtureServer;
  let dir: string;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 20 });
  let output: { out: string; err: string };
  let deps: FeedsCliDeps;

  before(async () => {
    database = await createTestDatabase();
    fixtures = await startFeedFixtureServer();
    dir = mkdtempSync(join(tmpdir(), 'feeds-cli-'));
    await database.db.insert(feedSources).values({ key: 'fixture', type: 'cisa-kev', name: 'Fixture', url: fixtures.url, schedule: '0 3 * * *', allowPrivateNetwork: true });
  });
  after(async () => {
    await fixtures.close();
    await http.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    output = { out: '', err: '' };
    deps = {
      database,
      config: { feedCredentials: {} },
      logger: createLogger('silent', false),
      feedHttp: http,
      adapters: { 'cisa-kev': fixtureAdapter },
      out: (text) => (output.out += text),
      err: (text) => (output.err += text),
      progress: false,
    };
  });

  it('runs a source by key and prints a summary; exit 1 when the run fails, 2 for an unknown key', async () => {
    expect(await runFeedsCli(['run', 'fixture'], deps)).to.equal(0);
    expect(output.out).to.match(/^fixture: succeeded — 4 new, 0 updated/);
    fixtures.state.failWith = 500;
    expect(await runFeedsCli(['run', 'fixture'], deps)).to.equal(1);
    fixtures.state.failWith = null;
    expect(output.out).to.match(/fixture: failed/);
    expect(await runFeedsCli(['run', 'nope'], deps)).to.equal(2);
    expect(output.err).to.match(/unknown source "nope"; configured: fixture/);
    expect(await runFeedsCli([], deps)).to.equal(2);
  });

  it('imports a STIX bundle as a recorded run; rejects unknown files with exit 1 and keeps the rest', async () => {
    const bundleFile = join(dir, 'bundle.json');
    writeFileSync(bundleFile, JSON.stringify(stixBundle()));
    const junkFile = join(dir, 'junk.json');
    writeFileSync(junkFile, JSON.stringify({ hello: 'world' }));
    const brokenFile = join(dir, 'broken.json');
    writeFileSync(brokenFile, '{"type": "bundle", ');
    expect(await runFeedsCli(['import', bundleFile, junkFile, brokenFile], deps)).to.equal(1);
    expect(output.err).to.match(/junk\.json: rejected — not a CSAF document/);
    expect(output.err).to.match(/broken\.json: rejected/);
    expect(output.out).to.match(/import stix-bundle \(1 file\): partial — 3 objects: 2 new, 0 updated, 0 unchanged, 1 failed/);
    const [source] = await database.db.select().from(feedSources).where(eq(feedSources.key, 'import-stix-bundle'));
    expect(await database.db.select().from(feedRuns).where(eq(feedRuns.sourceId, source!.id))).to.have.length(1);
    expect(await database.db.select().from(stixObjects).where(eq(stixObjects.feedSourceId, source!.id))).to.have.length(2);
  });

  it('recognises the real CISA KEV catalog', async function () {
    if (!existsSync(KEV_FILE)) this.skip();
    const { readFileSync } = await import('node:fs');
    expect(detectImportFormat(JSON.parse(readFileSync(KEV_FILE, 'utf8')))).to.equal('cisa-kev');
  });

  it('works as `npm run feeds` (scripts/feeds.ts) with exit codes', async function () {
    // Three processes start here (database, import, usage): minutes on a loaded machine.
    this.timeout(240_000);
    const bundleFile = join(dir, 'bundle.json');
    const dataDir = join(dir, 'data');
    const env = { ...process.env, DATA_DIR: dataDir, LAGEBILD_DEMO: 'false', LOG_LEVEL: 'silent', DATABASE_URL: '' };
    const run = promisify(execFile);
    await prepareEmbeddedDatabase(dataDir);
    const ok = await run(process.execPath, ['--import', 'tsx', 'scripts/feeds.ts', 'import', bundleFile], { cwd: ROOT_DIR, env });
    expect(ok.stdout).to.match(/import stix-bundle \(1 file\): partial — 3 objects: 2 new, 0 updated, 0 unchanged, 1 failed/);
    const usage = await run(process.execPath, ['--import', 'tsx', 'scripts/feeds.ts'], { cwd: ROOT_DIR, env }).catch((error: { code: number; stderr: string }) => error);
    expect(usage).to.include({ code: 2 });
    expect((usage as { stderr: string }).stderr).to.match(/usage: npm run feeds/);
  });
});
