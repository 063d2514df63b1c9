import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { ROOT_DIR } from '../../../config/index.js';
import { openDatabase, type DatabaseHandle } from '../../../server/platform/db/client.js';
import { auditLog } from '../../../server/audit/audit.table.js';
import { recordAuditNow } from '../../../server/audit/record-audit.js';
import { createTestDatabase, TEST_DATABASE_URL } from '../../support/database.js';

const run = promisify(execFile);

describe('npm run audit:verify (scripts/audit-verify.ts)', () => {
  let database: DatabaseHandle & { url?: string };
  let env: NodeJS.ProcessEnv;

  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lagebild-audit-verify-'));
    // The script opens the configured database itself: a PGlite directory, or the suite's server database.
    database = TEST_DATABASE_URL ? await createTestDatabase() : openDatabase({ driver: 'pglite', dataDir });
    await database.migrate();
    for (let index = 0; index < 4; index += 1) {
      await recordAuditNow(database.db, { userId: null, label: `tester-${index}` }, { action: 'test.recorded', details: { index } });
    }
    env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_OPTIONS: '' };
    if (database.url) env.DATABASE_URL = database.url;
    else delete env.DATABASE_URL;
  });
  after(async () => database.close());

  async function verify(): Promise<{ code: number; stdout: string; stderr: string }> {
    if (database.driver === 'pglite') await database.close();
    try {
      const result = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { cwd: ROOT_DIR, env });
      return { code: 0, stdout: result.stdout, stderr: result.stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    } finally {
      if (database.driver === 'pglite') database = openDatabase({ driver: 'pglite', dataDir: env.DATA_DIR });
    }
  }

  it('exits 0 on an intact chain and says how many rows it checked', async () => {
    const result = await verify();
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/4 rows checked/);
  });

  it('exits non-zero naming the row whose content was changed', async () => {
    const [third] = await database.db.select().from(auditLog).orderBy(auditLog.id).offset(2).limit(1);
    await database.db.update(auditLog).set({ actor: 'mallory' }).where(eq(auditLog.id, third!.id));
    const result = await verify();
    expect(result.code).to.equal(1);
    expect(result.stdout).to.contain(`audit row ${third!.id}: content does not match its hash`);
    expect(result.stderr).to.contain(`first at row ${third!.id}`);
  });
});
