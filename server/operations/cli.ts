/**
 * The CLI side of the operator commands: decides where a command runs and carries its output back.
 *
 * - `DATABASE_URL` set: the PostgreSQL server takes any number of writers; the command runs here.
 * - Embedded database and a server holding it (`DATA_DIR/admin.json` answers): the command runs in
 *   that server through its local admin API (server/operations/admin-api.ts).
 * - Embedded database, no server: the command takes the data directory lock and runs here; while it
 *   runs a server refuses to start on the same directory.
 * - Otherwise (the lock is held but no admin API answers, e.g. a server still starting or another
 *   command running): one line, `DATA_DIR_BUSY_MESSAGE`, exit 3.
 *
 * No command creates a database: without one there is one clear line and exit 2. No operator error
 * prints a stack trace. This module stays light (no database code) so that talking to a running
 * server starts quickly; cli-direct.ts is loaded only when the command runs here.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import { ConfigError, loadConfig, type Config } from '../../config/index.js';
import { readAdminEndpoint, type AdminEndpoint } from './admin-endpoint.js';
import { EXIT, OperatorError } from './operator-command.js';

const out = (text: string) => void process.stdout.write(text);
const err = (text: string) => void process.stderr.write(text);

function loadConfigOrNull(): Config | null {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.lines) err(`Configuration error: ${line}\n`);
    return null;
  }
}

/** A running server's admin API, when one answers for this data directory. */
async function reachableServer(config: Config): Promise<AdminEndpoint | null> {
  if (config.databaseUrl) return null;
  const endpoint = readAdminEndpoint(config.dataDir);
  if (!endpoint) return null;
  try {
    const response = await fetch(`${endpoint.url}/v1/status`, { headers: { authorization: `Bearer ${endpoint.token}` }, signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.ok ? endpoint : null;
  } catch {
    return null;
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) err('Passwort eingeben, dann Strg-D / type the password, then Ctrl-D\n');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function nodeStream(body: globalThis.ReadableStream<Uint8Array>): Readable {
  return Readable.fromWeb(body as ReadableStream<Uint8Array>);
}

/** Runs a command in the server and relays its NDJSON output; no `exit` line means the outcome is unknown. */
async function runRemote(endpoint: AdminEndpoint, name: string, argv: string[], stdin: string | null): Promise<number> {
  let response: Response;
  try {
    response = await fetch(`${endpoint.url}/v1/commands/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ argv, stdin }),
    });
  } catch (error) {
    err(`Server nicht erreichbar / server not reachable: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  if (!response.ok || !response.body) {
    err(`Server lehnte den Befehl ab / server refused the command (HTTP ${response.status})\n`);
    return EXIT.failed;
  }
  let buffered = '';
  let exit: number | null = null;
  // A long import inside the server reports progress; the bar (and its time estimate) is drawn here.
  let bar: InstanceType<typeof cliProgress.SingleBar> | null = null;
  const stopBar = () => {
    bar?.stop();
    bar = null;
  };
  const handle = (line: string) => {
    if (!line) return;
    const message = JSON.parse(line) as { out?: string; err?: string; exit?: number; progress?: { value: number; total: number; records: number; file: string } };
    if (message.progress !== undefined) {
      if (!process.stderr.isTTY) return;
      if (!bar) {
        bar = new cliProgress.SingleBar({ format: `${name} {bar} {percentage}% | {records} records | {file} | elapsed {duration_formatted}, left {eta_formatted}`, stream: process.stderr, etaBuffer: 50, fps: 5, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(Math.max(message.progress.total, 1), 0, { records: '0', file: '' });
      }
      bar.update(message.progress.value, { records: message.progress.records.toLocaleString('en'), file: message.progress.file });
      return;
    }
    if (message.out !== undefined || message.exit !== undefined) stopBar();
    if (message.out !== undefined) out(message.out);
    if (message.err !== undefined) err(message.err);
    if (message.exit !== undefined) exit = message.exit;
  };
  try {
    for await (const chunk of nodeStream(response.body) as AsyncIterable<Buffer>) {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(handle);
    }
    handle(buffered);
    stopBar();
  } catch {
    stopBar();
    // Falls through: without an exit line the outcome is unknown.
  }
  if (exit === null) {
    err('Verbindung zum Server abgebrochen – Ergebnis unbekannt, im Server prüfen / connection lost, outcome unknown\n');
    return EXIT.failed;
  }
  return exit;
}

/** Prints an OperatorError as its one line; anything else as one line too (no stack trace). */
function fail(error: unknown, label: string): number {
  if (error instanceof OperatorError) {
    err(`${error.message}\n`);
    return error.exitCode;
  }
  err(`${label}: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.failed;
}

/**
 * Runs the operator command `name` with `argv` wherever the database is.
 * `readsStdin`: the command takes a password on standard input (read here, sent along).
 * @returns the process exit code
 */
export async function runOperatorCli(name: string, argv: string[], options: { readsStdin?: boolean } = {}): Promise<number> {
  try {
    const config = loadConfigOrNull();
    if (!config) return EXIT.usage;
    const stdin = options.readsStdin ? await readStdin() : null;
    const endpoint = await reachableServer(config);
    if (endpoint) return await runRemote(endpoint, name, argv, stdin);
    const { runDirect } = await import('./cli-direct.js');
    return await runDirect(name, argv, config, stdin);
  } catch (error) {
    return fail(error, name);
  }
}

/** `npm run backup -- <file>`: through the running server, or directly under the lock. */
export async function runBackupCli(argv: string[]): Promise<number> {
  const [file, ...rest] = argv;
  if (!file || rest.length > 0) return fail(new OperatorError('usage: npm run backup -- <file.tar.gz>'), 'backup');
  const config = loadConfigOrNull();
  if (!config) return EXIT.usage;
  if (config.databaseUrl) return fail(new OperatorError('DATABASE_URL ist gesetzt: den PostgreSQL-Server mit pg_dump sichern (docs/operations.md, „Backups“)'), 'backup');
  const partial = `${file}.partial`;
  try {
    const endpoint = await reachableServer(config);
    if (endpoint) {
      const response = await fetch(`${endpoint.url}/v1/backup`, { method: 'POST', headers: { authorization: `Bearer ${endpoint.token}` } });
      if (!response.ok || !response.body) throw new OperatorError(`Server konnte nicht sichern / backup failed (HTTP ${response.status}): ${await response.text()}`, EXIT.failed);
      await pipeline(nodeStream(response.body), createWriteStream(partial, { mode: 0o600 }));
    } else {
      const { backupDirect } = await import('./cli-direct.js');
      await backupDirect(config, partial);
    }
    await rename(partial, file);
    out(`Sicherung geschrieben / backup written: ${file}${endpoint ? ' (through the running server)' : ''}\n`);
    return EXIT.ok;
  } catch (error) {
    await rm(partial, { force: true });
    return fail(error, 'backup');
  }
}

/** `npm run restore -- <file>`: only with the server stopped (it replaces the database under it). */
export async function runRestoreCli(argv: string[]): Promise<number> {
  const [file, ...rest] = argv;
  if (!file || rest.length > 0) return fail(new OperatorError('usage: npm run restore -- <file.tar.gz>'), 'restore');
  const config = loadConfigOrNull();
  if (!config) return EXIT.usage;
  if (config.databaseUrl) return fail(new OperatorError('DATABASE_URL ist gesetzt: mit pg_restore in eine neue Datenbank zurückspielen (docs/operations.md, „Backups“)'), 'restore');
  if (!existsSync(file)) return fail(new OperatorError(`${file}: Datei nicht gefunden / no such file`), 'restore');
  try {
    const { restoreDirect } = await import('./cli-direct.js');
    return await restoreDirect(config, file);
  } catch (error) {
    return fail(error, 'restore');
  }
}
