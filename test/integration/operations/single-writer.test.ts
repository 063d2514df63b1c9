/**
 * Issue 19, "One writer per embedded database" and "First administrator and demo", as an operator
 * meets them: the real `npm run …` scripts as child processes beside a running server on PGlite.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import request from 'supertest';
import { ROOT_DIR } from '../../../config/index.js';
import { feedItems } from '../../../server/feeds/feeds.table.js';
import { DATA_DIR_BUSY_MESSAGE, DataDirBusyError, lockDataDir } from '../../../server/platform/db/data-dir-lock.js';
import { startLagebild, type RunningLagebild } from '../../../server/server.js';
import { users } from '../../../server/users/users.table.js';
import { testConfig } from '../../support/config.js';
import { TEST_DATABASE_URL } from '../../support/database.js';

const SHARED_KEV = resolve(ROOT_DIR, '../shared/data/kev/known_exploited_vulnerabilities.json');
const KEV_FILE = existsSync(SHARED_KEV) ? SHARED_KEV : resolve(ROOT_DIR, 'test/fixtures/feeds/cisa-kev/kev-2024.04.15.json');

type Outcome = { code: number; stdout: string; stderr: string };

function script(name: string, args: string[], env: Record<string, string>, input?: string): Promise<Outcome> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', `scripts/${name}.ts`, ...args],
      { cwd: ROOT_DIR, env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', NODE_OPTIONS: '', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input ?? '');
  });
}

describe('one writer per embedded database: CLIs beside a running server (issue 19)', function () {
  this.timeout(300_000);
  let dataDir: string;
  let running: RunningLagebild | undefined;
  let log = '';
  const env = () => ({ DATA_DIR: dataDir, LAGEBILD_DEMO: 'false' });

  async function start(): Promise<RunningLagebild> {
    const config = testConfig({ DATA_DIR: dataDir, LAGEBILD_DEMO: 'false', SERVER_ROLES: 'web' });
    const sink = new Writable({ write: (chunk: Buffer, _encoding, callback) => void ((log += chunk.toString('utf8')), callback()) });
    return startLagebild({ config: { ...config, port: 0, databaseUrl: undefined }, logger: pino({ level: 'debug' }, sink), serveClient: false });
  }

  before(async function () {
    // The embedded database only: with DATABASE_URL the server has no data directory lock.
    if (TEST_DATABASE_URL) this.skip();
    dataDir = mkdtempSync(join(tmpdir(), 'lagebild-one-writer-'));
    running = await start();
  });
  after(async () => running?.close());

  it('refuses a second server on the same data directory', async () => {
    let refused: unknown;
    await start().then(
      (second) => second.close(),
      (error: unknown) => (refused = error),
    );
    expect(refused).to.be.instanceOf(DataDirBusyError);
    expect((refused as Error).message).to.equal(DATA_DIR_BUSY_MESSAGE);
  });

  it('imports the KEV catalog through the running server: nothing lost, nothing claimed, there after a restart', async () => {
    const entries = (JSON.parse(readFileSync(KEV_FILE, 'utf8')) as { vulnerabilities: unknown[] }).vulnerabilities.length;
    const imported = await script('feeds', ['import', KEV_FILE], env());
    expect(imported.code, imported.stderr).to.equal(0);
    // "succeeded — 1,404 entries: 1,404 new, …": records of the catalog, not items plus enrichments.
    const claimed = /import cisa-kev \(1 file\): succeeded — ([\d,]+) entries: ([\d,]+) new/.exec(imported.stdout);
    expect(claimed, imported.stdout).to.not.equal(null);
    expect(Number(claimed![1]!.replace(/,/g, '')), imported.stdout).to.equal(entries);
    expect(Number(claimed![2]!.replace(/,/g, '')), imported.stdout).to.equal(entries);
    const items = async () => (await running!.database.db.select({ id: feedItems.id }).from(feedItems)).length;
    // The running server sees what the CLI claimed at once…
    expect(await items()).to.equal(entries);
    await running!.close();
    running = await start();
    // …and so does the next start.
    expect(await items()).to.equal(entries);
  });

  it('creates the first cert_admin through the server: she logs in, must change the one-time password, no demo account, no password in the log', async () => {
    const created = await script('admin', ['create-admin', '--email', 'Leitung@CERT.example', '--name', 'Erika Leitung'], env());
    expect(created.code, created.stderr).to.equal(0);
    const password = /one-time password[^:]*: (\S+)/.exec(created.stdout)?.[1];
    expect(password, created.stdout).to.be.a('string');
    expect(log).to.not.contain(password!);
    expect(log).to.contain('operator command through the admin API');

    const everyone = await running!.database.db.select({ email: users.email }).from(users);
    expect(everyone.map((user) => user.email)).to.deep.equal(['leitung@cert.example']);

    const agent = request.agent(running!.url);
    const login = await agent.post('/api/v1/session').send({ email: 'leitung@cert.example', password });
    expect(login.status).to.equal(200);
    expect(login.body.passwordChangeRequired).to.equal(true);
    const csrf = login.body.csrfToken as string;
    expect((await agent.get('/api/v1/organizations')).body.code).to.equal('PASSWORD_CHANGE_REQUIRED');
    const changed = await agent.post('/api/v1/me/password').set('x-csrf-token', csrf).send({ currentPassword: password, newPassword: 'Lagebild-Erstes-Admin-2026' });
    expect(changed.status).to.equal(204);
    expect((await agent.get('/api/v1/organizations')).status).to.equal(200);
    const me = await agent.get('/api/v1/me');
    expect(me.body.memberships.map((membership: { role: string }) => membership.role)).to.deep.equal(['cert_admin']);

    const listed = await script('admin', ['list-admins'], env());
    expect(listed.stdout).to.match(/^leitung@cert\.example\tErika Leitung\tCERT-Thüringen\taktiv\t/m);
    const [row] = await running!.database.db.select().from(users).where(eq(users.email, 'leitung@cert.example'));
    expect(row!.passwordChangeRequired).to.equal(false);
  });

  it('reset-password --password-stdin sets the operator\'s password and refuses a weak one in one line', async () => {
    const weak = await script('admin', ['reset-password', '--email', 'leitung@cert.example', '--password-stdin'], env(), 'passwort1234\n');
    expect(weak.code).to.equal(2);
    expect(weak.stderr.trim().split('\n')).to.have.length(1);
    const set = await script('admin', ['reset-password', '--email', 'leitung@cert.example', '--password-stdin'], env(), 'Vom-Betrieb-gesetzt-2026\n');
    expect(set.code, set.stderr).to.equal(0);
    expect(set.stdout).to.not.contain('Vom-Betrieb-gesetzt-2026');
    expect((await request(running!.url).post('/api/v1/session').send({ email: 'leitung@cert.example', password: 'Vom-Betrieb-gesetzt-2026' })).status).to.equal(200);
  });

  it('audit:verify runs through the server; with the directory held by another process it refuses in one line', async () => {
    const verified = await script('audit-verify', [], env());
    expect(verified.code, verified.stderr).to.equal(0);
    expect(verified.stdout).to.contain('through the running server');
    await running!.close();
    running = undefined;
    // A process holds the directory but answers no admin API (a server still starting, another command).
    const held = await lockDataDir(dataDir, 'cli', () => undefined);
    try {
      const refused = await script('audit-verify', [], env());
      expect(refused.code).to.equal(3);
      expect(refused.stderr).to.equal(`${DATA_DIR_BUSY_MESSAGE}\n`);
      expect(refused.stdout).to.equal('');
    } finally {
      await held.release();
    }
    running = await start();
  });

  it('audit:verify and feeds on an empty folder: one clear line, exit ≠ 0, nothing created', async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'lagebild-empty-')), 'nothing-here');
    for (const [name, args] of [
      ['audit-verify', []],
      ['feeds', ['import', KEV_FILE]],
    ] as const) {
      const outcome = await script(name, [...args], { DATA_DIR: empty });
      expect(outcome.code, name).to.equal(2);
      expect(outcome.stderr, name).to.match(/^Keine Lagebild-Datenbank in .*nothing-here – zuerst den Server starten/);
      expect(outcome.stderr.trim().split('\n'), name).to.have.length(1);
      expect(outcome.stderr, name).to.not.match(/\n\s+at /);
      expect(existsSync(empty), name).to.equal(false);
    }
    expect(readdirSync(join(empty, '..'))).to.deep.equal([]);
  });
});
