/**
 * `npm run backup -- <file>` while the server runs on the embedded database (through its admin API),
 * then `npm run restore -- <file>` into another data directory: every table's row count and the audit
 * chain (rows, last hash) come back as they were, and the restored directory starts.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_DIR } from '../../../config/index.js';
import { verifyAuditChain, type AuditVerification } from '../../../server/audit/verify-audit.js';
import { tableCounts } from '../../../server/operations/backup.js';
import { openDatabase } from '../../../server/platform/db/client.js';
import { createLogger } from '../../../server/platform/logger.js';
import { startLagebild, type RunningLagebild } from '../../../server/server.js';
import { advisoryBody, publishedAdvisory } from '../../support/advisories.js';
import { DEMO_PASSWORD, testConfig } from '../../support/config.js';
import { TEST_DATABASE_URL } from '../../support/database.js';
import { loginAs } from '../../support/session.js';

type Outcome = { code: number; stdout: string; stderr: string };

function script(name: string, args: string[], dataDir: string): Promise<Outcome> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', `scripts/${name}.ts`, ...args],
      { cwd: ROOT_DIR, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', NODE_OPTIONS: '' } },
      (error, stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run backup / restore of the embedded database (issue 19)', function () {
  this.timeout(300_000);
  let running: RunningLagebild | undefined;

  before(function () {
    if (TEST_DATABASE_URL) this.skip();
  });
  after(async () => running?.close());

  it('backs up through the running server and restores every row and the audit chain into a fresh directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lagebild-backup-src-'));
    const config = testConfig({ DATA_DIR: dataDir, LAGEBILD_DEMO_PASSWORD: DEMO_PASSWORD, SERVER_ROLES: 'web' });
    running = await startLagebild({ config: { ...config, port: 0, databaseUrl: undefined }, logger: createLogger('silent', false), serveClient: false });
    const analyst = await loginAs(running.url, 'analyst@lagebild.test');
    for (let index = 0; index < 3; index += 1) await publishedAdvisory(analyst, advisoryBody({ title: { de: `Sicherung ${index}` } }));

    const file = join(mkdtempSync(join(tmpdir(), 'lagebild-backup-file-')), 'lagebild.tar.gz');
    const backup = await script('backup', [file], dataDir);
    expect(backup.code, backup.stderr).to.equal(0);
    expect(backup.stdout).to.contain('through the running server');
    // Web role only and no further requests: nothing writes between the backup and these counts.
    const before = await tableCounts(running.database.db);
    const chainBefore: AuditVerification = await verifyAuditChain(running.database.db);
    expect(before.advisories).to.equal(3);
    await running.close();
    running = undefined;

    const target = mkdtempSync(join(tmpdir(), 'lagebild-backup-dst-'));
    const restored = await script('restore', [file], target);
    expect(restored.code, restored.stderr).to.equal(0);
    expect(restored.stdout).to.contain(`audit log intact: ${chainBefore.rows} rows, last hash ${chainBefore.lastHash}`);
    expect(existsSync(join(target, 'secrets.json'))).to.equal(true);

    const database = openDatabase({ driver: 'pglite', dataDir: target });
    try {
      expect(await tableCounts(database.db)).to.deep.equal(before);
      const chainAfter = await verifyAuditChain(database.db);
      expect(chainAfter).to.deep.equal({ rows: chainBefore.rows, problems: [], lastHash: chainBefore.lastHash });
    } finally {
      await database.close();
    }

    // A second restore over it keeps what was there (moved aside), and refuses a file that is no backup.
    const again = await script('restore', [file], target);
    expect(again.stdout).to.match(/previous data moved to: .*before-restore-/);
    const bogus = await script('restore', [join(ROOT_DIR, 'package.json')], target);
    expect(bogus.code).to.equal(2);
    expect(bogus.stderr.trim().split('\n')).to.have.length(1);
  });
});
