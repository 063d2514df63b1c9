import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from './config.js';

const ENTRY = resolve(fileURLToPath(new URL('.', import.meta.url)), 'instance-process.ts');

export type InstanceProcess = { url: string; child: ChildProcess; stop(): Promise<void> };

/** Starts `instance-process.ts` on the given PostgreSQL database; resolves with its URL. */
export async function startInstanceProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<InstanceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'lagebild-instance-')),
      LAGEBILD_DEMO_PASSWORD: DEMO_PASSWORD,
      SESSION_SECRET: 'test-session-secret-with-at-least-32-characters',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolvePromise, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /LAGEBILD_URL=(\S+)/.exec(stdout);
      if (match) resolvePromise(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A TCP load balancer on 127.0.0.1 in front of several instances: each new connection goes to the
 * next backend (round robin) that accepts it, so when one instance dies its clients' reconnects land
 * on another — what a real balancer without sticky sessions does.
 */
export async function startBalancer(backends: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const targets = backends.map((url) => new URL(url));
  let next = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    sockets.add(inbound);
    inbound.on('close', () => sockets.delete(inbound));
    inbound.on('error', () => inbound.destroy());
    const tryBackend = (attempt: number) => {
      if (attempt >= targets.length) {
        inbound.destroy();
        return;
      }
      const target = targets[next++ % targets.length]!;
      const outbound = connect(Number(target.port), target.hostname);
      let connected = false;
      outbound.once('connect', () => {
        connected = true;
        sockets.add(outbound);
        outbound.on('close', () => sockets.delete(outbound));
        inbound.pipe(outbound).pipe(inbound);
        outbound.on('error', () => inbound.destroy());
        outbound.on('close', () => inbound.destroy());
        inbound.on('close', () => outbound.destroy());
      });
      outbound.once('error', () => {
        if (!connected) tryBackend(attempt + 1);
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolvePromise) => server.close(resolvePromise));
    },
  };
}
