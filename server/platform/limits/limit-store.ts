/**
 * Where the shared limits count (issue 19 "Shared limits"): in Redis when REDIS_URL is set, in the
 * PostgreSQL server's `rate_limits` table when DATABASE_URL is set, so every instance counts together;
 * in this process for the embedded database (PGlite is one process anyway). rate-limiter-flexible
 * provides the counters for all three; the HTTP rate limits reach them through ./express-store.ts,
 * the login throttle (server/auth/login-throttle.ts) directly.
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DatabaseHandle } from '../db/client.js';

/** One named counter family: `points` per `durationSeconds` window (0: never expires by itself). */
export type LimiterOptions = { name: string; points: number; durationSeconds: number };

export type LimitStore = {
  /** Which backend counts: 'memory' (this process), 'postgres' or 'redis' (shared by all instances). */
  kind: 'memory' | 'postgres' | 'redis';
  limiter(options: LimiterOptions): RateLimiterAbstract;
  close(): Promise<void>;
};

/**
 * The limit store for this instance.
 * @param redisUrl REDIS_URL, when set: Redis wins over the database
 */
export function createLimitStore(database: DatabaseHandle, redisUrl: string | undefined): LimitStore {
  if (redisUrl) {
    // Commands fail fast instead of queueing while Redis is away: a limit that cannot be counted
    // answers 503 rather than hanging every login.
    const client = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    client.on('error', () => undefined);
    return {
      kind: 'redis',
      limiter: (options) => new RateLimiterRedis({ storeClient: client, keyPrefix: `lagebild:${options.name}`, points: options.points, duration: options.durationSeconds, rejectIfRedisNotReady: true }),
      async close() {
        await client.quit().catch(() => client.disconnect());
      },
    };
  }
  if (database.pool) {
    const pool = database.pool;
    return {
      kind: 'postgres',
      limiter: (options) =>
        new RateLimiterPostgres({ storeClient: pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true, keyPrefix: options.name, points: options.points, duration: options.durationSeconds }),
      close: () => Promise.resolve(),
    };
  }
  return {
    kind: 'memory',
    limiter: (options) => new RateLimiterMemory({ keyPrefix: options.name, points: options.points, duration: options.durationSeconds }),
    close: () => Promise.resolve(),
  };
}
