import type { Clock } from '../../server/platform/clock.js';
import type { FeedAdapters, FeedHttpFactory } from '../../server/feeds/runner.js';
import { createLogger } from '../../server/platform/logger.js';
import { startLagebild, type RunningLagebild } from '../../server/server.js';
import { DEMO_PASSWORD, testConfig } from './config.js';
import { createTestDatabase } from './database.js';

export type TestServer = RunningLagebild & { close(): Promise<void> };

/**
 * The whole app on 127.0.0.1 with an ephemeral port and a fresh database seeded with the demo
 * community (every demo password is `demoPassword`). The client is served only when asked.
 */
export async function startTestServer(
  options: { demoPassword?: string; serveClient?: boolean; env?: Record<string, string>; port?: number; clock?: Clock; feedHttp?: FeedHttpFactory; feedAdapters?: FeedAdapters } = {},
): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = testConfig({ LAGEBILD_DEMO_PASSWORD: options.demoPassword ?? DEMO_PASSWORD, ...options.env });
  // Port 0: let the OS pick; the config schema demands 1..65535, so override after parsing.
  const running = await startLagebild({
    config: { ...config, port: options.port ?? 0 },
    logger: createLogger('silent', false),
    database,
    serveClient: options.serveClient ?? false,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.feedHttp ? { feedHttp: options.feedHttp } : {}),
    ...(options.feedAdapters ? { feedAdapters: options.feedAdapters } : {}),
  });
  return {
    ...running,
    async close() {
      await running.close();
      await database.close();
    },
  };
}
