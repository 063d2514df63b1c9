import type { Api } from '../platform/http/api.js';
import type { Database } from '../platform/db/client.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { recordAuditNow } from '../audit/record-audit.js';
import { presentMemberships, presentUser } from '../users/users.presenter.js';
import { eq } from 'drizzle-orm';
import { users } from '../users/users.table.js';
import { UserSchema } from '../users/users.schemas.js';
import { LoginBodySchema, MeResponseSchema, SessionResponseSchema, SessionStateSchema, UpdateMeBodySchema } from './auth.schemas.js';
import { newCsrfToken } from './csrf.js';
import { loginWithPassword } from './login.service.js';
import type { LoginThrottle } from './login-throttle.js';
import { rememberDevice, trustedDeviceFor } from './device-cookie.js';
import { loadUserPrincipal, requireUser, type UserPrincipal } from './principal.js';
import { destroySession, establishSession, saveSession } from './session-login.js';
import type { Request } from 'express';

/** The body of GET /api/v1/me: the user, memberships, the session's CSRF token (minted on first read). */
async function presentMe(principal: UserPrincipal, req: Request) {
  if (principal.authenticatedBy === 'session' && !req.session.csrfToken) {
    req.session.csrfToken = newCsrfToken();
    await saveSession(req);
  }
  return {
    user: presentUser(principal),
    memberships: presentMemberships(principal),
    csrfToken: req.session.csrfToken ?? '',
    ...(req.session.passwordChangeRequired ? { passwordChangeRequired: true } : {}),
  };
}

/** What password logins need besides the database: the throttle and the device cookie settings. */
export type PasswordLoginDeps = { throttle: LoginThrottle; deviceSecret: string; deviceCookieDays: number; cookieSecure: boolean };

/** GET/POST/DELETE /api/v1/session, GET and PATCH /api/v1/me. */
export function registerAuthRoutes(api: Api, db: Database, clock: Clock, login: PasswordLoginDeps): void {
  api.define(
    {
      method: 'post',
      path: '/api/v1/session',
      summary: 'Log in with e-mail and password',
      tags: ['Session'],
      access: { public: true },
      csrf: false,
      body: LoginBodySchema,
      responses: { 200: { description: 'Logged in; sets the session cookie', schema: SessionResponseSchema } },
    },
    async ({ body, req, res }) => {
      const deviceId = trustedDeviceFor(req, login.deviceSecret, body.email);
      const result = await loginWithPassword(db, login.throttle, body, { ip: req.ip ?? null, deviceId }, clock.now());
      const principal = await loadUserPrincipal(db, result.userId, 'session');
      if (!principal) throw new AppError('INVALID_CREDENTIALS', 'E-mail address or password is wrong.');
      const csrfToken = await establishSession(req, result.userId, 'password', undefined, clock.now().getTime());
      if (result.passwordChangeRequired) {
        req.session.passwordChangeRequired = true;
        await saveSession(req);
      }
      rememberDevice(req, res, { secret: login.deviceSecret, email: result.email, deviceId, maxAgeDays: login.deviceCookieDays, secure: login.cookieSecure });
      return { user: presentUser(principal), csrfToken, ...(result.passwordChangeRequired ? { passwordChangeRequired: true } : {}) };
    },
  );

  api.define(
    {
      method: 'delete',
      path: '/api/v1/session',
      summary: 'Log out (ends the current session)',
      tags: ['Session'],
      access: { authenticated: true },
      responses: { 204: { description: 'Logged out' } },
    },
    async ({ req, res, principal }) => {
      if (principal.kind === 'user') {
        await recordAuditNow(db, { userId: principal.userId, label: principal.email, ip: req.ip ?? null }, { action: 'session.logout' });
      }
      await destroySession(req);
      res.clearCookie('lagebild.sid');
      return undefined;
    },
  );

  api.define(
    {
      method: 'get',
      path: '/api/v1/me',
      summary: 'The logged-in user, memberships and roles',
      tags: ['Session'],
      access: { authenticated: true },
      responses: { 200: { description: 'The current user', schema: MeResponseSchema } },
    },
    async ({ principal, req }) => {
      if (principal.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'Log in first.');
      return presentMe(principal, req);
    },
  );

  // The web client's start-up probe. It reveals nothing an anonymous caller does not already know
  // (whether its own cookie is a live session); every data route still answers 401 without one.
  api.define(
    {
      method: 'get',
      path: '/api/v1/session',
      summary: 'Whether this client is signed in, and if so the same answer as GET /api/v1/me',
      tags: ['Session'],
      access: { public: true },
      responses: { 200: { description: 'Signed in (with the user) or not signed in', schema: SessionStateSchema } },
    },
    async ({ principal, req }) => (principal.kind === 'user' ? { signedIn: true as const, me: await presentMe(principal, req) } : { signedIn: false as const }),
  );
  api.define(
    {
      method: 'patch',
      path: '/api/v1/me',
      summary: 'Change my display name or language',
      tags: ['Session'],
      access: { authenticated: true },
      body: UpdateMeBodySchema,
      responses: { 200: { description: 'The updated user', schema: UserSchema } },
    },
    async ({ body, principal }) => {
      const user = requireUser(principal);
      const [row] = await db.update(users).set({ ...body, updatedAt: new Date() }).where(eq(users.id, user.userId)).returning();
      if (!row) throw new AppError('UNAUTHENTICATED', 'Log in first.');
      return { id: row.id, email: row.email, name: row.name, locale: row.locale };
    },
  );
}
