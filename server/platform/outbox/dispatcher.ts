/**
 * The outbox dispatcher of ONE instance (DESIGN.md D4): tails the `events` table in `seq` order and
 * hands every committed event to its subscribers. It is woken by LISTEN/NOTIFY on `lagebild_events`
 * (PGlite delivers NOTIFY in-process), and a poll catches whatever a lost notification missed. No
 * instance knows the others: each keeps its own cursor, so two instances deliver the same sequence.
 *
 * A server restart drops the LISTEN connection: the dispatcher listens again with back-off and
 * catches up from its cursor, so nothing is skipped (enqueue.ts makes seq order equal commit order).
 */
import { asc, gt, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client.js';
import type { Logger } from '../logger.js';
import { OUTBOX_CHANNEL } from './enqueue.js';
import { events, type EventRow } from './events.table.js';

/** Receives each event once, in seq order; the next event waits until the returned promise settles. */
export type OutboxSubscriber = (event: EventRow) => void | Promise<void>;

export type DispatcherOptions = {
  /** Polling fallback in milliseconds. */
  pollIntervalMs: number;
  /** Rows read per query. */
  batchSize?: number;
  logger: Logger;
};

const RELISTEN_MIN_MS = 250;
const RELISTEN_MAX_MS = 5_000;

export class OutboxDispatcher {
  #position = 0;
  #subscribers: OutboxSubscriber[] = [];
  #draining: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #poll: NodeJS.Timeout | undefined;
  #relisten: NodeJS.Timeout | undefined;
  #unlisten: (() => Promise<void>) | null = null;
  #relistenDelay = RELISTEN_MIN_MS;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly options: DispatcherOptions,
  ) {}

  /** The seq of the last event handed to every subscriber. */
  get position(): number {
    return this.#position;
  }

  /** Adds a subscriber (`first`: ahead of the others, e.g. to time them). */
  subscribe(subscriber: OutboxSubscriber, options: { first?: boolean } = {}): void {
    if (options.first) this.#subscribers.unshift(subscriber);
    else this.#subscribers.push(subscriber);
  }

  /**
   * Starts at the newest committed event (earlier ones are history; clients replay them with `since`),
   * then listens and polls.
   */
  async start(): Promise<void> {
    const [row] = await this.database.db.select({ seq: sql<string | null>`max(${events.seq})` }).from(events);
    this.#position = Number(row?.seq ?? 0);
    await this.#listen();
    this.#poll = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.#poll.unref();
  }

  /** Reads and dispatches everything after the cursor; concurrent wake-ups coalesce into one more pass. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = this.#drain().finally(() => {
      this.#draining = null;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    });
  }

  /** Resolves once every event committed before the call has been dispatched (tests, shutdown). */
  async settle(): Promise<void> {
    this.wake();
    while (this.#draining) await this.#draining;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#poll);
    clearTimeout(this.#relisten);
    await this.#draining;
    await this.#unlisten?.().catch(() => undefined);
  }

  async #drain(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    try {
      for (;;) {
        const rows = await this.database.db.select().from(events).where(gt(events.seq, this.#position)).orderBy(asc(events.seq)).limit(batchSize);
        for (const row of rows) {
          if (this.#stopped) return;
          for (const subscriber of this.#subscribers) {
            try {
              await subscriber(row);
            } catch (error) {
              // One failing subscriber must neither stop the stream nor be retried forever.
              this.options.logger.error({ err: error, seq: row.seq, type: row.type }, 'outbox subscriber failed');
            }
          }
          this.#position = row.seq;
        }
        if (rows.length < batchSize) return;
      }
    } catch (error) {
      // Database unreachable (restart): the poll or the re-established LISTEN retries from the cursor.
      this.options.logger.warn({ err: error }, 'outbox read failed; retrying');
    }
  }

  async #listen(): Promise<void> {
    try {
      this.#unlisten = await this.database.listen(OUTBOX_CHANNEL, () => this.wake(), () => this.#lost());
      this.#relistenDelay = RELISTEN_MIN_MS;
      // Notifications sent while nobody listened are gone: catch up from the cursor.
      this.wake();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'outbox LISTEN failed; retrying');
      this.#scheduleRelisten();
    }
  }

  #lost(): void {
    this.#unlisten = null;
    if (this.#stopped) return;
    this.options.logger.warn('outbox LISTEN connection lost; listening again');
    this.#scheduleRelisten();
  }

  #scheduleRelisten(): void {
    if (this.#stopped) return;
    clearTimeout(this.#relisten);
    this.#relisten = setTimeout(() => void this.#listen(), this.#relistenDelay);
    this.#relisten.unref();
    this.#relistenDelay = Math.min(this.#relistenDelay * 2, RELISTEN_MAX_MS);
  }
}
