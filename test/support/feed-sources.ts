/**
 * Test support for the source adapters (feeds/cisa-kev, epss, nvd, misp, taxii, rss): a real
 * HTTP server on 127.0.0.1 with a request log, a run context wired to the real guarded fetcher
 * (feeds/http.ts, 127.0.0.1 allow-listed, fast retries), fixture paths, and a check that an
 * adapter's output satisfies the FeedAdapter contract's schemas.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CveEnrichmentSchema, FeedError, FeedItemDraftSchema, type FeedRunContext, type FeedRunOutput, type FeedSourceConfig, type FeedType } from '../../feeds/feed.js';
import { createFeedHttp } from '../../feeds/http.js';

const here = dirname(fileURLToPath(import.meta.url));

/** `test/fixtures/feeds/<type>/<name>`. */
export function fixturePath(type: string, name: string): string {
  return join(here, '..', 'fixtures', 'feeds', type, name);
}

export function readFixture(type: string, name: string): Buffer {
  return readFileSync(fixturePath(type, name));
}

/** `../shared/data` (real public sample data), or undefined when absent. */
export function sharedDataDir(): string | undefined {
  const dir = join(here, '..', '..', '..', 'shared', 'data');
  return existsSync(dir) ? dir : undefined;
}

export type LoggedRequest = { method: string; path: string; url: URL; headers: IncomingMessage['headers'] };

export type FixtureServer = {
  base: string;
  requests: LoggedRequest[];
  close(): Promise<void>;
};

/** A real HTTP server on 127.0.0.1 that logs every request before handing it to `handler`. */
export async function startFixtureServer(handler: (req: IncomingMessage, res: ServerResponse, url: URL) => void): Promise<FixtureServer> {
  const requests: LoggedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, url, headers: req.headers });
    handler(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TestRun = {
  context: FeedRunContext;
  logs: { level: string; message: string; details?: Record<string, unknown> }[];
  close(): Promise<void>;
};

/** A run context with the real fetcher (127.0.0.1 allow-listed, 1 ms backoff, 2 s timeout). */
export function testRunContext(input: {
  type: FeedType;
  url: string;
  cursor?: unknown;
  options?: Record<string, unknown>;
  credentials?: Record<string, string>;
  now?: Date;
  defaultTlp?: FeedSourceConfig['defaultTlp'];
}): TestRun {
  const http = createFeedHttp({ allowance: { allowedNetworks: ['127.0.0.1'] }, backoffBaseMs: 1, timeoutMs: 2_000, retries: 2 });
  const logs: TestRun['logs'] = [];
  const now = input.now ?? new Date('2024-11-11T00:00:00Z');
  return {
    logs,
    context: {
      source: {
        id: `test-${input.type}`,
        type: input.type,
        name: `Test ${input.type}`,
        url: input.url,
        defaultTlp: input.defaultTlp ?? 'clear',
        options: input.options ?? {},
        credentials: input.credentials ?? {},
      },
      http,
      cursor: input.cursor,
      now: () => now,
      log: (level, message, details) => logs.push({ level, message, ...(details ? { details } : {}) }),
      signal: new AbortController().signal,
    },
    close: () => http.close(),
  };
}

/** Every item and enrichment must pass the contract's schemas; the cursor must survive JSON. */
export function expectValidOutput(output: FeedRunOutput): void {
  for (const item of output.items) {
    const result = FeedItemDraftSchema.safeParse(item);
    expect(result.success, `item ${item.externalId}: ${result.success ? '' : JSON.stringify(result.error.issues.slice(0, 3))}`).to.equal(true);
  }
  for (const enrichment of output.enrichments) {
    const result = CveEnrichmentSchema.safeParse(enrichment);
    expect(result.success, `enrichment ${enrichment.cve}`).to.equal(true);
  }
  expect(JSON.parse(JSON.stringify(output.cursor))).to.deep.equal(output.cursor);
}

/** Awaits a promise expected to reject with a FeedError and returns it. */
export async function expectFeedError(promise: Promise<unknown>): Promise<FeedError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'expected a FeedError').to.be.instanceOf(FeedError);
  return error as FeedError;
}

/** Calls `fn` and returns what it threw (undefined when it did not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error;
  }
}
