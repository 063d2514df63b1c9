/**
 * Serving the web client (client/, React + Vite) from the Express app.
 *
 * - `ensureClientBuilt` returns the absolute path of `client/dist` and rebuilds it with Vite's
 *   JS API when `client/dist/index.html` is missing or older than any client source file.
 *   Vite is a dev dependency: a production image ships a built `client/dist` and never
 *   reaches the import.
 * - `clientRouter` serves the build: hashed files under `assets/` as immutable, `index.html`
 *   as no-cache, and `index.html` for every other HTML GET (the SPA's own routes).
 */
import { stat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

export interface ClientAssetsLogger {
  info(obj: object, msg?: string): void;
}

/** Paths owned by the server; the SPA fallback never answers them. */
export const SERVER_PATH_PREFIXES = [
  '/api',
  '/socket.io',
  '/taxii2',
  '/feeds',
  '/.well-known',
  '/healthz',
  '/readyz',
  '/metrics',
] as const;

const ASSETS_CACHE_CONTROL = 'public, max-age=31536000, immutable';
const NO_CACHE = 'no-cache';

interface ClientPaths {
  clientDir: string;
  distDir: string;
  indexHtml: string;
  configFile: string;
  sources: string[];
}

function clientPaths(rootDir: string): ClientPaths {
  const clientDir = resolve(rootDir, 'client');
  const distDir = join(clientDir, 'dist');
  const configFile = join(clientDir, 'vite.config.ts');
  return {
    clientDir,
    distDir,
    indexHtml: join(distDir, 'index.html'),
    configFile,
    // The client also bundles the isomorphic server modules it imports (CVSS, CPE, version ranges).
    sources: [
      join(clientDir, 'src'),
      join(clientDir, 'public'),
      join(clientDir, 'index.html'),
      configFile,
      resolve(rootDir, 'server', 'vulnerabilities'),
      resolve(rootDir, 'server', 'products'),
    ],
  };
}

async function mtimeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}

/** Newest modification time of a file, or of any file below a directory (0 when absent). */
async function newestMtime(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs; // a deleted file only shows in its directory's mtime
  const entries = await readdir(path, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, await newestMtime(join(path, entry.name)));
  }
  return newest;
}

async function isStale(paths: ClientPaths): Promise<{ stale: boolean; reason: string }> {
  const built = await mtimeOf(paths.indexHtml);
  if (built === null) return { stale: true, reason: 'client/dist/index.html missing' };
  const newest = Math.max(...(await Promise.all(paths.sources.map(newestMtime))));
  if (newest > built) return { stale: true, reason: 'client sources changed since the last build' };
  return { stale: false, reason: 'up to date' };
}

async function runViteBuild(configFile: string): Promise<void> {
  const vite = await import('vite');
  await vite.build({ configFile, logLevel: 'warn' });
}

// One build at a time per dist directory, even when several apps start in one process (tests).
const inFlight = new Map<string, Promise<string>>();

export async function ensureClientBuilt(options: { rootDir: string; logger: ClientAssetsLogger }): Promise<string> {
  const paths = clientPaths(options.rootDir);
  const running = inFlight.get(paths.distDir);
  if (running) return running;

  const job = (async () => {
    const { stale, reason } = await isStale(paths);
    if (!stale) return paths.distDir;
    const started = Date.now();
    options.logger.info({ distDir: paths.distDir, reason }, 'building web client');
    try {
      await runViteBuild(paths.configFile);
    } catch (error) {
      // Without Vite (production install) a stale but existing build is still servable.
      if ((await mtimeOf(paths.indexHtml)) !== null) {
        options.logger.info({ err: error, distDir: paths.distDir }, 'web client rebuild failed; serving the existing build');
        return paths.distDir;
      }
      throw new Error(`web client build failed and ${paths.indexHtml} does not exist`, { cause: error });
    }
    options.logger.info({ distDir: paths.distDir, ms: Date.now() - started }, 'web client built');
    return paths.distDir;
  })();

  inFlight.set(paths.distDir, job);
  try {
    return await job;
  } finally {
    inFlight.delete(paths.distDir);
  }
}

export function isServerPath(pathname: string): boolean {
  return SERVER_PATH_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

function acceptsHtml(req: Request): boolean {
  const accept = req.headers.accept;
  return typeof accept === 'string' && accept.toLowerCase().includes('text/html');
}

export function clientRouter(distDir: string): Router {
  const root = resolve(distDir);
  const indexHtml = join(root, 'index.html');
  const router = express.Router();

  router.use(
    express.static(root, {
      index: false,
      cacheControl: false,
      fallthrough: true,
      setHeaders(res, filePath) {
        const relative = filePath.slice(root.length).replaceAll('\\', '/');
        res.setHeader('Cache-Control', relative.startsWith('/assets/') ? ASSETS_CACHE_CONTROL : NO_CACHE);
      },
    }),
  );

  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (isServerPath(req.path) || req.path.startsWith('/assets/')) return next();
    if (!acceptsHtml(req)) return next();
    res.sendFile(indexHtml, { headers: { 'Cache-Control': NO_CACHE }, dotfiles: 'deny' }, (error?: Error) => {
      if (error) next(error);
    });
  });

  return router;
}
