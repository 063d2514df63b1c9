/**
 * Per-socket rate limit of client → server messages (a token bucket). A client may send `burst`
 * messages at once and `perSecond` on average; a message over the limit is dropped (answered with
 * RATE_LIMITED when it carries an acknowledgement), and a client that keeps sending after `burst`
 * dropped messages is disconnected: one flooding socket costs the server little and others nothing.
 */
import type { RealtimeSocket } from './broadcaster.js';

export type SocketRateLimit = { perSecond: number; burst: number };

/** A token bucket; `now` in milliseconds. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly limit: SocketRateLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.updatedAt = now;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed * this.limit.perSecond) / 1000);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Installs the limit on one socket (before any event handler runs). */
export function limitSocketMessages(socket: RealtimeSocket, limit: SocketRateLimit, onDisconnect: (dropped: number) => void, now: () => number = Date.now): void {
  const bucket = new TokenBucket(limit, now());
  let dropped = 0;
  let closing = false;
  socket.use((packet, next) => {
    if (closing) return;
    if (bucket.take(now())) {
      next();
      return;
    }
    dropped += 1;
    const ack: unknown = packet.at(-1);
    if (typeof ack === 'function') (ack as (answer: unknown) => void)({ ok: false, error: { code: 'RATE_LIMITED', message: 'Too many messages; slow down.' } });
    if (dropped >= limit.burst) {
      closing = true;
      onDisconnect(dropped);
      // After the answers already under way (handlers run on the next tick): then close the connection.
      setImmediate(() => socket.disconnect(true));
    }
  });
}
