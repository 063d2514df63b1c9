import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ROOT_DIR } from '../../../config/index.js';
import { DEMO_PASSWORD } from '../../support/config.js';
import { TEST_DATABASE_URL } from '../../support/database.js';
import { createTestDatabase } from '../../support/database.js';

type Run = { code: number | null; stdout: string; stderr: string };

function runMain(env: Record<string, string>, untilReady?: { port: number }): Promise<Run & { kill?: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT_DIR,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilReady && stdout.includes('Lagebild läuft')) resolve({ code: null, stdout, stderr, kill: () => child.kill('SIGTERM') });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('server/main.ts start-up', () => {
  it('exits non-zero with one line naming PORT for PORT=abc', async () => {
    const run = await runMain({ PORT: 'abc', DATA_DIR: mkdtempSync(join(tmpdir(), 'lagebild-cfg-')) });
    expect(run.code).to.not.equal(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^Configuration error: PORT: /);
  });

  it('starts on the configured database, serves /readyz and the demo login, and stops on SIGTERM', async function () {
    this.timeout(120_000);
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const database = TEST_DATABASE_URL ? await createTestDatabase() : undefined;
    const env: Record<string, string> = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'lagebild-start-')),
      LAGEBILD_DEMO_PASSWORD: DEMO_PASSWORD,
      LOG_LEVEL: 'warn',
      ...(database?.url ? { DATABASE_URL: database.url } : {}),
    };
    const run = await runMain(env, { port });
    try {
      expect(run.stdout).to.contain(`http://127.0.0.1:${port}`);
      expect(run.stdout).to.contain('analyst@lagebild.test');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).to.equal(200);
      expect(((await ready.json()) as { database: string }).database).to.equal(database ? 'pg' : 'pglite');
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'it@jena.lagebild.test', password: DEMO_PASSWORD }),
      });
      expect(login.status).to.equal(200);
      const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
      expect(page.status).to.equal(200);
      expect(await page.text()).to.contain('<div id="root"');
    } finally {
      run.kill?.();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await database?.close();
    }
  });
});
