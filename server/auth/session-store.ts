import { and, eq, gt, lt, sql } from 'drizzle-orm';
import session from 'express-session';
import { queryRows, type Database } from '../platform/db/client.js';
import type { Clock } from '../platform/clock.js';
import { users } from '../users/users.table.js';
import { principalCtes, principalFromRow, PRINCIPAL_COLUMNS, type PrincipalRow, type UserPrincipal } from './principal.js';
import { endSession } from './session-end.js';
import { sessions } from './sessions.table.js';

const TOUCH_INTERVAL_MS = 60_000;
/** How long a principal read with its session stays usable by the request that read it. */
const PREFETCH_MS = 2_000;

type Prefetched = { userId: string; principal: UserPrincipal | null; at: number };

/** express-session store over the `sessions` table; works on PGlite and a PostgreSQL server alike. */
export class DatabaseSessionStore extends session.Store {
  // Rolling sessions touch on every response; writing the expiry at most once a minute per session
  // keeps reads from turning into writes. The idle timeout is thereby exact to within a minute.
  private readonly lastTouched = new Map<string, number>();
  // Every request reads its session and then its principal. `get` reads both in one statement and keeps
  // the principal here for `takePrincipal`, called by the same request a moment later (authenticate):
  // one round trip instead of two, and nothing is served that the database did not just say.
  private readonly prefetched = new Map<string, Prefetched>();

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
    queryRows<{ sessionData: session.SessionData; userId: string | null } & Partial<PrincipalRow>>(
      this.db,
      sql`with recursive session_row as (
          select data, user_id, expires_at > ${this.clock.now().toISOString()}::timestamptz as live from ${sessions} where sid = ${sid}
        ), ${principalCtes(sql`(select user_id from session_row where live)`, null)}
        select s.data as "sessionData", s.user_id as "userId", s.live, ${PRINCIPAL_COLUMNS}
        from session_row s left join ${users} u on u.id = s.user_id and s.live`,
    ).then(([row]) => {
      if (row && !(row as { live?: boolean }).live) {
        // An expired session found by a request ends like any other (session.ended on the outbox):
        // its sockets are cut on every instance, not only when their own deadline sweep comes round.
        this.lastTouched.delete(sid);
        this.db.transaction((tx) => endSession(tx, sid)).then(() => callback(null, null), callback);
        return;
      }
      if (row?.userId) this.#keepPrincipal(sid, row.userId, principalFromRow(row as PrincipalRow));
      callback(null, row?.sessionData ?? null);
    }, callback);
  }

  #keepPrincipal(sid: string, userId: string, principal: UserPrincipal | null): void {
    if (this.prefetched.size > 10_000) this.prefetched.clear();
    this.prefetched.set(sid, { userId, principal, at: this.clock.now().getTime() });
  }

  /**
   * The principal `get` just read with the session `sid` for `userId` (null: the user is gone or
   * deactivated), once; undefined when there is none to take, and the caller loads it.
   */
  takePrincipal(sid: string, userId: string): UserPrincipal | null | undefined {
    const kept = this.prefetched.get(sid);
    if (!kept) return undefined;
    this.prefetched.delete(sid);
    if (kept.userId !== userId || this.clock.now().getTime() - kept.at > PREFETCH_MS) return undefined;
    return kept.principal;
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
    this.prefetched.delete(sid);
    // Announced through the outbox, so every instance cuts this session's sockets (logout).
    this.db
      .transaction((tx) => endSession(tx, sid))
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

  /**
   * When a live session ends by itself unless it is used: its idle expiry as stored, and the login time
   * for the absolute timeout. Null when it has ended (deleted or expired on this store's clock).
   */
  async lifetimeOf(sid: string): Promise<{ expiresAt: Date; loginAt: number | undefined } | null> {
    const [row] = await this.db
      .select({ data: sessions.data, expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(and(eq(sessions.sid, sid), gt(sessions.expiresAt, this.clock.now())))
      .limit(1);
    if (!row) return null;
    const loginAt = (row.data as { loginAt?: unknown }).loginAt;
    return { expiresAt: row.expiresAt, loginAt: typeof loginAt === 'number' ? loginAt : undefined };
  }

  /** Deletes expired sessions; run by the scheduler. */
  async pruneExpired(now = this.clock.now()): Promise<number> {
    const deleted = await this.db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ sid: sessions.sid });
    return deleted.length;
  }
}
