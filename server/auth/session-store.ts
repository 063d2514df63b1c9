import { and, eq, gt, lt } from 'drizzle-orm';
import session from 'express-session';
import type { Database } from '../platform/db/client.js';
import type { Clock } from '../platform/clock.js';
import { sessions } from './sessions.table.js';

const TOUCH_INTERVAL_MS = 60_000;

/** express-session store over the `sessions` table; works on PGlite and a PostgreSQL server alike. */
export class DatabaseSessionStore extends session.Store {
  // Rolling sessions touch on every response; writing the expiry at most once a minute per session
  // keeps reads from turning into writes. The idle timeout is thereby exact to within a minute.
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly defaultTtlMs: number,
    private readonly clock: Clock,
  ) {
    super();
  }

  // The cookie's maxAge is the idle timeout; the stored expiry is counted on the injected clock
  // (express-session stamps cookie.expires from the wall clock, which tests cannot move).
  private expiry(data: session.SessionData): Date {
    const ttl = data.cookie.originalMaxAge ?? this.defaultTtlMs;
    return new Date(this.clock.now().getTime() + ttl);
  }

  override get(sid: string, callback: (error: unknown, data?: session.SessionData | null) => void): void {
    this.db
      .select({ data: sessions.data })
      .from(sessions)
      .where(and(eq(sessions.sid, sid), gt(sessions.expiresAt, this.clock.now())))
      .limit(1)
      .then(([row]) => callback(null, (row?.data as session.SessionData | undefined) ?? null), callback);
  }

  override set(sid: string, data: session.SessionData, callback?: (error?: unknown) => void): void {
    const stored = data;
    const values = {
      data: JSON.parse(JSON.stringify(data)) as Record<string, unknown>,
      userId: stored.userId ?? null,
      userAgent: stored.userAgent ?? null,
      expiresAt: this.expiry(data),
      updatedAt: this.clock.now(),
    };
    this.db
      .insert(sessions)
      .values({ sid, ...values })
      .onConflictDoUpdate({ target: sessions.sid, set: values })
      .then(() => callback?.(), (error: unknown) => callback?.(error));
  }

  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.lastTouched.delete(sid);
    this.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(() => callback?.(), (error: unknown) => callback?.(error));
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    const now = this.clock.now().getTime();
    if (now - (this.lastTouched.get(sid) ?? 0) < TOUCH_INTERVAL_MS) {
      callback?.();
      return;
    }
    if (this.lastTouched.size > 10_000) this.lastTouched.clear();
    this.lastTouched.set(sid, now);
    this.db
      .update(sessions)
      .set({ expiresAt: this.expiry(data), updatedAt: this.clock.now() })
      .where(eq(sessions.sid, sid))
      .then(() => callback?.(), () => callback?.());
  }

  /** Deletes expired sessions; run by the scheduler. */
  async pruneExpired(now = this.clock.now()): Promise<number> {
    const deleted = await this.db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ sid: sessions.sid });
    return deleted.length;
  }
}
