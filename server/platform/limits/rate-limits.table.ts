import { bigint, integer, pgTable, varchar } from 'drizzle-orm/pg-core';

/**
 * Counters of the shared limits (HTTP rate limits, login throttling) when the platform runs on a
 * PostgreSQL server, so every instance counts together. The shape is the one rate-limiter-flexible's
 * RateLimiterPostgres reads and writes (its own create statement is not used: the table is ours,
 * migrated like every other). `key` is `<limiter>:<subject>`; `expire` is epoch milliseconds.
 */
export const rateLimits = pgTable('rate_limits', {
  key: varchar('key', { length: 255 }).primaryKey(),
  points: integer('points').notNull().default(0),
  expire: bigint('expire', { mode: 'number' }),
});
