/**
 * The one way a session ends (logout, revocation, password or second-factor change, password reset,
 * deactivation, an expired session found by a request): its row is deleted and a `session.ended`
 * outbox event is written in the same transaction. Every instance's realtime layer disconnects the
 * sockets of those sessions when it reads the event (server/realtime/session-guard.ts) — the request
 * that ended the session and the session's socket may sit on different instances (docs/adr/0005).
 *
 * Realtime does not reach into the session store; auth announces, realtime subscribes (STYLE.md).
 * The event names sessions by their handle (a hash), never by a usable session id.
 */
import { createHash } from 'node:crypto';
import { and, eq, ne, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { defineEvent, emitEvent } from '../access/event-declaration.js';
import type { Executor } from '../platform/db/client.js';
import { sessions } from './sessions.table.js';

/** The outbox type that tells every instance to cut the sockets of ended sessions. */
export const SESSION_ENDED_EVENT = 'session.ended';

/** Internal (no audience): never emitted to a client or a person, only read by the instances. */
export const SESSION_ENDED = defineEvent({ type: SESSION_ENDED_EVENT, subject: 'platform', payload: z.object({ sessions: z.array(z.string().regex(/^[0-9a-f]{32}$/)) }), live: false, audience: null });

/** The public handle of a session: a hash of its id, so lists and events never reveal usable session ids. */
export function sessionHandle(sid: string): string {
  return createHash('sha256').update(`session:${sid}`).digest('hex').slice(0, 32);
}

/**
 * Deletes the sessions matching `where` and announces their end, inside the caller's transaction.
 * @returns the handles of the ended sessions (none: nothing is announced).
 */
export async function endSessionsWhere(tx: Executor, where: SQL | undefined): Promise<string[]> {
  const ended = await tx.delete(sessions).where(where).returning({ sid: sessions.sid, userId: sessions.userId });
  // Sessions without a user (before login) carry no live delivery beyond TLP:CLEAR: nothing to announce.
  const handles = ended.filter((row) => row.userId !== null).map((row) => sessionHandle(row.sid));
  if (handles.length > 0) await emitEvent(tx, SESSION_ENDED, '', { sessions: handles });
  return handles;
}

/** Ends one session by its id. */
export function endSession(tx: Executor, sid: string): Promise<string[]> {
  return endSessionsWhere(tx, eq(sessions.sid, sid));
}

/** Ends every session of a user, except `keepSid` (the one making a credential change) when given. */
export function endUserSessions(tx: Executor, userId: string, keepSid?: string): Promise<string[]> {
  return endSessionsWhere(tx, keepSid === undefined ? eq(sessions.userId, userId) : and(eq(sessions.userId, userId), ne(sessions.sid, keepSid)));
}
