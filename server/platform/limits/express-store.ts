/**
 * express-rate-limit's Store over a rate-limiter-flexible counter, so the HTTP rate limits count in
 * the shared limit store (./limit-store.ts) instead of each instance's memory.
 */
import type { IncrementResponse, Options, Store } from 'express-rate-limit';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimitStore } from './limit-store.js';

export class SharedRateLimitStore implements Store {
  readonly localKeys = false;
  #limiter: RateLimiterAbstract | undefined;

  constructor(
    private readonly store: LimitStore,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.#limiter = this.store.limiter({ name: this.prefix, points: options.limit as number, durationSeconds: Math.ceil(options.windowMs / 1000) });
  }

  get #counter(): RateLimiterAbstract {
    if (!this.#limiter) throw new Error('SharedRateLimitStore used before init');
    return this.#limiter;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const result = await this.#counter.penalty(key, 1);
    return { totalHits: result.consumedPoints, resetTime: new Date(Date.now() + Math.max(result.msBeforeNext, 0)) };
  }

  async get(key: string): Promise<IncrementResponse | undefined> {
    const result = await this.#counter.get(key);
    return result ? { totalHits: result.consumedPoints, resetTime: new Date(Date.now() + Math.max(result.msBeforeNext, 0)) } : undefined;
  }

  async decrement(key: string): Promise<void> {
    await this.#counter.reward(key, 1);
  }

  async resetKey(key: string): Promise<void> {
    await this.#counter.delete(key);
  }
}
