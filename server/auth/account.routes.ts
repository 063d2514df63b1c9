import type { Request } from 'express';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import type { Mailer } from '../platform/mail.js';
import { z } from '../platform/http/openapi-zod.js';
import { PASSWORD_MAX_LENGTH } from './password-policy.js';
import type { LoginThrottle } from './login-throttle.js';
import { saveSession } from './session-login.js';
import { requireUser, type UserPrincipal } from './principal.js';
import { assertCurrentPassword, changePassword, confirmPasswordReset, listOwnSessions, requestPasswordReset, revokeOwnSession } from './account.service.js';
import { confirmTotpEnrolment, disableTotp, hasTotp, startTotpEnrolment } from './totp.service.js';

const PasswordSchema = z.string().min(1).max(PASSWORD_MAX_LENGTH);
const SessionSchema = z
  .object({ id: z.string(), createdAt: z.string(), lastSeenAt: z.string(), userAgent: z.string().nullable(), current: z.boolean() })
  .openapi('UserSession');

function actorOf(principal: UserPrincipal, req: Request) {
  return { userId: principal.userId, label: principal.email, ip: req.ip ?? null };
}

/** Account self-service: password change and reset, TOTP, own sessions. */
export function registerAccountRoutes(api: Api, deps: { db: Database; mailer: Mailer; baseUrl: string; throttle: LoginThrottle }): void {
  const { db } = deps;
  api.define(
    {
      method: 'post',
      path: '/api/v1/me/password',
      summary: 'Change my password (ends my other sessions)',
      tags: ['Account'],
      access: { authenticated: true },
      body: z.object({ currentPassword: PasswordSchema, newPassword: PasswordSchema }).strict(),
      responses: { 204: { description: 'Changed' } },
    },
    async ({ body, principal, req }) => {
      await changePassword(db, actorOf(requireUser(principal), req), body, req.sessionID);
      if (req.session.passwordChangeRequired) {
        delete req.session.passwordChangeRequired;
        await saveSession(req);
      }
    },
  );

  api.define(
    {
      method: 'get',
      path: '/api/v1/me/mfa',
      summary: 'Whether TOTP is enabled for me',
      tags: ['Account'],
      access: { authenticated: true },
      responses: { 200: { description: 'MFA state', schema: z.object({ totp: z.boolean() }) } },
    },
    async ({ principal }) => ({ totp: await hasTotp(db, requireUser(principal).userId) }),
  );

  api.define(
    {
      method: 'post',
      path: '/api/v1/me/mfa/totp',
      summary: 'Start TOTP enrolment (secret and QR code)',
      tags: ['Account'],
      access: { authenticated: true },
      successStatus: 201,
      responses: {
        201: { description: 'Pending enrolment', schema: z.object({ secret: z.string(), otpauthUri: z.string(), qrCodeDataUrl: z.string() }) },
      },
    },
    ({ principal }) => startTotpEnrolment(db, requireUser(principal)),
  );

  api.define(
    {
      method: 'post',
      path: '/api/v1/me/mfa/totp/confirm',
      summary: 'Confirm TOTP enrolment with a first code; returns recovery codes once (ends my other sessions)',
      tags: ['Account'],
      access: { authenticated: true },
      body: z.object({ code: z.string().regex(/^\d{6}$/) }).strict(),
      responses: { 200: { description: 'Enabled', schema: z.object({ recoveryCodes: z.array(z.string()) }) } },
    },
    ({ body, principal, req }) => confirmTotpEnrolment(db, requireUser(principal), body.code, actorOf(requireUser(principal), req), req.sessionID),
  );

  api.define(
    {
      method: 'delete',
      path: '/api/v1/me/mfa/totp',
      summary: 'Remove TOTP (needs the current password; ends my other sessions)',
      tags: ['Account'],
      access: { authenticated: true },
      body: z.object({ password: PasswordSchema }).strict(),
      responses: { 204: { description: 'Removed' } },
    },
    async ({ body, principal, req }) => {
      const user = requireUser(principal);
      await assertCurrentPassword(db, user.userId, body.password);
      await disableTotp(db, user.userId, actorOf(user, req), req.sessionID);
    },
  );

  api.define(
    {
      method: 'post',
      path: '/api/v1/password-reset',
      summary: 'Mail a password reset link (same answer whether or not the account exists)',
      tags: ['Account'],
      access: { public: true },
      csrf: false,
      body: z.object({ email: z.string().trim().min(3).max(320) }).strict(),
      successStatus: 202,
      responses: { 202: { description: 'If the account exists, a link is on its way' } },
    },
    async ({ body, req, res }) => {
      await requestPasswordReset(db, deps.mailer, deps.baseUrl, body.email, req.ip ?? null);
      res.status(202).end();
    },
  );

  api.define(
    {
      method: 'post',
      path: '/api/v1/password-reset/confirm',
      summary: 'Set a new password with the mailed token',
      tags: ['Account'],
      access: { public: true },
      csrf: false,
      body: z.object({ token: z.string().min(20).max(200), newPassword: PasswordSchema }).strict(),
      responses: { 204: { description: 'Password set; log in with it' } },
    },
    async ({ body, req }) => {
      const { email } = await confirmPasswordReset(db, body.token, body.newPassword, req.ip ?? null);
      // Control of the mailbox is proven: strangers' failed attempts no longer hold the address.
      await deps.throttle.forgetAccount(email);
    },
  );

  api.define(
    {
      method: 'get',
      path: '/api/v1/sessions',
      summary: 'My active sessions',
      tags: ['Account'],
      access: { authenticated: true },
      responses: { 200: { description: 'Sessions', schema: z.object({ items: z.array(SessionSchema), next: z.null() }) } },
    },
    async ({ principal, req }) => ({ items: await listOwnSessions(db, requireUser(principal).userId, req.sessionID), next: null }),
  );

  api.define(
    {
      method: 'delete',
      path: '/api/v1/sessions/:id',
      summary: 'End one of my sessions',
      tags: ['Account'],
      access: { authenticated: true },
      params: z.object({ id: z.string().regex(/^[0-9a-f]{32}$/) }),
      responses: { 204: { description: 'Ended' } },
    },
    async ({ params, principal, req }) => revokeOwnSession(db, actorOf(requireUser(principal), req), params.id),
  );
}
