/**
 * A session that logged in with a one-time password (`npm run admin -- create-admin` without
 * `--password-stdin`) may do nothing but read who it is, change the password and log out: the
 * operator's one-time password must not stay usable.
 */
import type { RequestHandler } from 'express';
import { AppError } from '../platform/errors.js';

const ALLOWED = new Set(['GET /api/v1/me', 'GET /api/v1/session', 'POST /api/v1/me/password', 'DELETE /api/v1/session', 'POST /api/v1/session', 'GET /api/v1/auth/providers']);

export const passwordChangeGate: RequestHandler = (req, _res, next) => {
  if (!req.session?.passwordChangeRequired || !req.path.startsWith('/api/')) return next();
  if (ALLOWED.has(`${req.method} ${req.path.replace(/\/+$/, '')}`)) return next();
  next(new AppError('PASSWORD_CHANGE_REQUIRED', 'Choose a new password first (POST /api/v1/me/password).'));
};
