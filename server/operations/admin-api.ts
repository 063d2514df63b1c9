/**
 * The local admin API of a server that holds the embedded database (DESIGN.md D10): operator
 * commands (`npm run feeds|audit:verify|admin|db:seed|backup`) run here, inside the one process
 * that may write the database, instead of opening a second writer.
 *
 * It listens on 127.0.0.1 on a port of its own (never on the public listener), answers only requests
 * from a loopback address carrying the token of `DATA_DIR/admin.json`, and streams a command's
 * output back as NDJSON lines (`{"out": …}`, `{"err": …}`, `{"progress": …}` of long imports, finally
 * `{"exit": n}`). A client that
 * sees no `exit` line knows the outcome is unknown — it never reports success it did not get.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../platform/logger.js';
import { removeAdminEndpoint, writeAdminEndpoint } from './admin-endpoint.js';
import { writeBackup } from './backup.js';
import { OPERATOR_COMMANDS } from './commands.js';
import { runCommandSafely, type CommandContext } from './operator-command.js';

const MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const CommandRequestSchema = z.object({ argv: z.array(z.string().max(4096)).max(1000), stdin: z.string().max(65_536).nullable().default(null) });

export type AdminApiDeps = {
  dataDir: string;
  logger: Logger;
  /** Everything a command needs except its output streams. */
  context: Omit<CommandContext, 'out' | 'err' | 'via' | 'progress' | 'onProgress' | 'stdin'>;
};

export type AdminApi = { url: string; close(): Promise<void> };

function isAuthorized(req: IncomingMessage, token: Buffer): boolean {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return false;
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  return given.length === token.length && timingSafeEqual(given, token);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function runCommand(name: string, req: IncomingMessage, res: ServerResponse, deps: AdminApiDeps): Promise<void> {
  const command = OPERATOR_COMMANDS.get(name);
  if (!command) return reply(res, 404, { error: `unknown command ${name}` });
  const parsed = CommandRequestSchema.safeParse(await readBody(req).catch(() => null));
  if (!parsed.success) return reply(res, 400, { error: 'body must be {"argv": [string…], "stdin": string|null}' });
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  const line = (value: unknown) => {
    if (!res.writableEnded) res.write(`${JSON.stringify(value)}\n`);
  };
  deps.logger.info({ command: name }, 'operator command through the admin API');
  const exit = await runCommandSafely(command, parsed.data.argv, {
    ...deps.context,
    out: (text) => line({ out: text }),
    err: (text) => line({ err: text }),
    via: 'server',
    progress: false,
    onProgress: (event) => line({ progress: event }),
    stdin: parsed.data.stdin,
  });
  deps.logger.info({ command: name, exit }, 'operator command finished');
  line({ exit });
  res.end();
}

async function sendBackup(res: ServerResponse, deps: AdminApiDeps): Promise<void> {
  const staging = mkdtempSync(join(tmpdir(), 'lagebild-backup-out-'));
  const file = join(staging, 'backup.tar.gz');
  try {
    const manifest = await writeBackup(deps.context.database, deps.dataDir, file);
    deps.logger.info({ files: manifest.files }, 'backup written through the admin API');
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': statSync(file).size, 'x-lagebild-backup': JSON.stringify(manifest) });
    await new Promise<void>((resolve, reject) => createReadStream(file).on('error', reject).pipe(res).on('finish', resolve).on('error', reject));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Starts the admin API on 127.0.0.1 and publishes its URL and a fresh token in DATA_DIR/admin.json.
 * @returns the API; `close` withdraws the endpoint file first, then stops listening.
 */
export async function startAdminApi(deps: AdminApiDeps): Promise<AdminApi> {
  const token = randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const server: Server = createServer((req, res) => {
    if (!isAuthorized(req, tokenBytes)) return reply(res, 401, { error: 'unauthorized' });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const work = async () => {
      if (req.method === 'GET' && url.pathname === '/v1/status') return reply(res, 200, { pid: process.pid, driver: deps.context.database.driver });
      if (req.method === 'POST' && url.pathname.startsWith('/v1/commands/')) return runCommand(decodeURIComponent(url.pathname.slice('/v1/commands/'.length)), req, res, deps);
      if (req.method === 'POST' && url.pathname === '/v1/backup') return sendBackup(res, deps);
      return reply(res, 404, { error: 'not found' });
    };
    work().catch((error: unknown) => {
      deps.logger.error({ err: error }, 'admin API request failed');
      if (!res.headersSent) reply(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeAdminEndpoint(deps.dataDir, { url, token, pid: process.pid });
  return {
    url,
    async close() {
      removeAdminEndpoint(deps.dataDir);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
