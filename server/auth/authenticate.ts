import type { RequestHandler } from 'express';
import type { Database } from '../platform/db/client.js';
import type { Clock } from '../platform/clock.js';
import { authenticateToken } from '../tokens/tokens.service.js';
import { ANONYMOUS, loadUserPrincipal, type UserPrincipal } from './principal.js';
import { destroySession } from './session-login.js';
import type { DatabaseSessionStore } from './session-store.js';

/**
 * The principal of a logged-in session (also used by the Socket.IO handshake): null when the session
 * has no user, is past its absolute lifetime, or the user is deactivated.
 */
export async function sessionPrincipal(
  db: Database,
  session: { userId?: string | undefined; loginAt?: number | undefined },
  absoluteTimeoutMs: number,
  nowMs = Date.now(),
  prefetched?: (userId: string) => UserPrincipal | null | undefined,
): Promise<UserPrincipal | null> {
  if (!session.userId) return null;
  const tooOld = session.loginAt !== undefined && nowMs - session.loginAt > absoluteTimeoutMs;
  if (tooOld) return null;
  const read = prefetched?.(session.userId);
  return read !== undefined ? read : loadUserPrincipal(db, session.userId, 'session');
}

/**
 * Resolves `req.principal` for every request: from `Authorization: Bearer <token>` when present
 * (an invalid token is a 401, never a silent fall-back to the cookie), else from the session
 * cookie, else anonymous. Ends sessions past their absolute lifetime and of deactivated users.
 */
export function authenticate(db: Database, absoluteTimeoutMs: number, clock: Clock, sessionStore: DatabaseSessionStore): RequestHandler {
  return async (req, _res, next) => {
    req.principal = ANONYMOUS;
    const authorization = req.get('authorization');
    if (authorization !== undefined && /^bearer /i.test(authorization)) {
      req.principal = await authenticateToken(db, authorization.slice(7).trim());
      next();
      return;
    }
    const userId = req.session.userId;
    if (!userId) {
      next();
      return;
    }
    const principal = await sessionPrincipal(db, req.session, absoluteTimeoutMs, clock.now().getTime(), (id) => sessionStore.takePrincipal(req.sessionID, id));
    if (!principal) {
      await destroySession(req);
      next();
      return;
    }
    req.principal = principal;
    next();
  };
}
