import type { RequestHandler } from 'express';
import type { Database } from '../platform/db/client.js';
import type { Clock } from '../platform/clock.js';
import { authenticateToken } from '../tokens/tokens.service.js';
import { ANONYMOUS, loadUserPrincipal } from './principal.js';
import { destroySession } from './session-login.js';

/**
 * Resolves `req.principal` for every request: from `Authorization: Bearer <token>` when present
 * (an invalid token is a 401, never a silent fall-back to the cookie), else from the session
 * cookie, else anonymous. Ends sessions past their absolute lifetime and of deactivated users.
 */
export function authenticate(db: Database, absoluteTimeoutMs: number, clock: Clock): RequestHandler {
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
    const tooOld = req.session.loginAt !== undefined && clock.now().getTime() - req.session.loginAt > absoluteTimeoutMs;
    const principal = tooOld ? null : await loadUserPrincipal(db, userId, 'session');
    if (!principal) {
      await destroySession(req);
      next();
      return;
    }
    req.principal = principal;
    next();
  };
}
