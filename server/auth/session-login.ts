import type { Request } from 'express';
import type { SessionData } from 'express-session';
import { newCsrfToken } from './csrf.js';

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error as Error) : resolve())));
}

/** Persists the session now (before a redirect or reply that the next request depends on). */
export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error) => (error ? reject(error as Error) : resolve())));
}

/** Ends the current session (logout, revoked, timed out). */
export function destroySession(req: Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}

/**
 * The one way a login ends, for passwords and SAML alike: a new session id (defeats session
 * fixation), the user, a fresh CSRF token and the login time for the absolute timeout.
 * `loginAt` comes from the app's clock (ms since the epoch).
 * @returns the CSRF token of the new session.
 */
export async function establishSession(
  req: Request,
  userId: string,
  method: 'password' | 'saml',
  saml: SessionData['saml'] | undefined,
  loginAt: number,
): Promise<string> {
  await regenerate(req);
  const csrfToken = newCsrfToken();
  req.session.userId = userId;
  req.session.csrfToken = csrfToken;
  req.session.loginAt = loginAt;
  req.session.authMethod = method;
  req.session.userAgent = (req.get('user-agent') ?? '').slice(0, 300);
  if (saml) req.session.saml = saml;
  await saveSession(req);
  return csrfToken;
}
