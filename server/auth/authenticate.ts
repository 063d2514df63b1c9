import type { RequestHandler } from 'express';
import type { Database } from '../platform/db/client.js';
import { ANONYMOUS, loadUserPrincipal } from './principal.js';

/**
 * Resolves `req.principal` for every request from the session cookie; anonymous otherwise.
 * Ends sessions past their absolute lifetime and sessions of deactivated users.
 */
export function authenticate(db: Database, absoluteTimeoutMs: number): RequestHandler {
  return async (req, _res, next) => {
    req.principal = ANONYMOUS;
    const userId = req.session.userId;
    if (!userId) {
      next();
      return;
    }
    const tooOld = req.session.loginAt !== undefined && Date.now() - req.session.loginAt > absoluteTimeoutMs;
    const principal = tooOld ? null : await loadUserPrincipal(db, userId, 'session');
    if (!principal) {
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      next();
      return;
    }
    req.principal = principal;
    next();
  };
}
