import type { Database } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { recordAuditNow } from '../audit/record-audit.js';
import { recordFailedLogin, recordSuccessfulLogin, unsafeFindUserByEmail } from '../users/users.repo.js';
import { verifyPassword } from './password.js';
import { hasTotp, verifySecondFactor } from './totp.service.js';
import type { LoginBody } from './auth.schemas.js';

/** Failed logins in a row that lock an account, and for how long (BSI ORP.4 / NIST 800-63B throttling). */
export const LOCKOUT_THRESHOLD = 20;
export const LOCKOUT_MS = 15 * 60 * 1000;

/**
 * Checks e-mail and password, with per-account lockout. Every outcome is audited.
 * @returns the user id on success.
 * @throws INVALID_CREDENTIALS (never saying whether the account exists) or ACCOUNT_LOCKED.
 */
export async function loginWithPassword(db: Database, input: LoginBody, ip: string | null, now = new Date()): Promise<string> {
  const email = input.email.trim().toLowerCase();
  const user = await unsafeFindUserByEmail(db, email);
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  const actor = { userId: user?.id ?? null, label: email, ip };

  if (!user?.active) {
    await recordAuditNow(db, actor, { action: 'session.login.failed', details: { reason: user ? 'inactive' : 'unknown_account' } });
    throw new AppError('INVALID_CREDENTIALS', 'E-mail address or password is wrong.');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await recordAuditNow(db, actor, {
      action: 'session.login.refused_locked',
      objectType: 'user',
      objectId: user.id,
      details: { lockedUntil: user.lockedUntil.toISOString(), passwordCorrect: passwordOk },
    });
    throw new AppError('ACCOUNT_LOCKED', `Too many failed logins. Try again after ${user.lockedUntil.toISOString()}.`);
  }
  if (!passwordOk) {
    const { failedLogins, lockedUntil } = await recordFailedLogin(db, user.id, LOCKOUT_THRESHOLD, LOCKOUT_MS, now);
    const locked = lockedUntil !== null && lockedUntil > now;
    await recordAuditNow(db, actor, {
      action: locked && failedLogins === LOCKOUT_THRESHOLD ? 'session.account.locked' : 'session.login.failed',
      objectType: 'user',
      objectId: user.id,
      details: { reason: 'wrong_password', failedLogins },
    });
    throw new AppError('INVALID_CREDENTIALS', 'E-mail address or password is wrong.');
  }
  let method = 'password';
  if (await hasTotp(db, user.id)) {
    if (!input.totp && !input.recoveryCode) {
      // Not a failure: the client asks for the code and sends everything again.
      throw new AppError('TOTP_REQUIRED', 'Enter the code from your authenticator app (or a recovery code).');
    }
    const factor = await verifySecondFactor(db, user.id, input, now);
    if (!factor) {
      const { failedLogins } = await recordFailedLogin(db, user.id, LOCKOUT_THRESHOLD, LOCKOUT_MS, now);
      await recordAuditNow(db, actor, {
        action: failedLogins === LOCKOUT_THRESHOLD ? 'session.account.locked' : 'session.login.failed',
        objectType: 'user',
        objectId: user.id,
        details: { reason: 'wrong_second_factor', failedLogins },
      });
      throw new AppError('TOTP_INVALID', 'The code is wrong, expired or already used.');
    }
    method = `password+${factor}`;
  }
  await recordSuccessfulLogin(db, user.id, now);
  await recordAuditNow(db, actor, { action: 'session.login.succeeded', objectType: 'user', objectId: user.id, details: { method } });
  return user.id;
}
