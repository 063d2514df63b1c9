import type { Database } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { recordAuditNow } from '../audit/record-audit.js';
import { recordSuccessfulLogin, unsafeFindUserByEmail } from '../users/users.repo.js';
import { verifyPassword } from './password.js';
import { hasTotp, verifySecondFactor } from './totp.service.js';
import type { LoginBody } from './auth.schemas.js';
import type { LoginThrottle } from './login-throttle.js';

/** Where an attempt comes from: the client address and, when the browser carries one for this address, its trusted device. */
export type LoginOrigin = { ip: string | null; deviceId: string | null };

/** A successful password login. */
export type PasswordLogin = { userId: string; email: string; passwordChangeRequired: boolean };

const WRONG = 'E-mail address or password is wrong.';

/**
 * Checks e-mail and password under the login throttle (./login-throttle.ts). Every outcome is audited.
 * An existing and an unknown address take the same path with the same work — throttle, one argon2
 * verification, one throttle update, one audit row — and get the same answers, so neither the
 * response nor its timing tells whether an account exists. A held attempt is refused before any
 * lookup, whatever the password.
 * @throws LOGIN_THROTTLED (429, with Retry-After), INVALID_CREDENTIALS, TOTP_REQUIRED, TOTP_INVALID
 */
export async function loginWithPassword(db: Database, throttle: LoginThrottle, input: LoginBody, origin: LoginOrigin, now = new Date()): Promise<PasswordLogin> {
  const email = input.email.trim().toLowerCase();
  const subjects = { email, ip: origin.ip, deviceId: origin.deviceId };
  const verdict = await throttle.check(subjects);
  if (verdict.held) {
    await recordAuditNow(db, { userId: null, label: email, ip: origin.ip }, { action: 'session.login.throttled', details: { subject: verdict.subject, retryAfterSeconds: verdict.retryAfterSeconds } });
    throw new AppError('LOGIN_THROTTLED', 'Too many failed logins. Wait before trying again, or reset the password.', undefined, { 'Retry-After': String(verdict.retryAfterSeconds) });
  }
  const user = await unsafeFindUserByEmail(db, email);
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  const actor = { userId: user?.id ?? null, label: email, ip: origin.ip };

  if (!user?.active || !passwordOk) {
    await throttle.recordFailure(subjects);
    const reason = !user ? 'unknown_account' : !user.active ? 'inactive' : 'wrong_password';
    await recordAuditNow(db, actor, { action: 'session.login.failed', ...(user ? { objectType: 'user', objectId: user.id } : {}), details: { reason, trustedDevice: origin.deviceId !== null } });
    throw new AppError('INVALID_CREDENTIALS', WRONG);
  }
  let method = 'password';
  if (await hasTotp(db, user.id)) {
    if (!input.totp && !input.recoveryCode) {
      // Not a failure: the client asks for the code and sends everything again.
      throw new AppError('TOTP_REQUIRED', 'Enter the code from your authenticator app (or a recovery code).');
    }
    const factor = await verifySecondFactor(db, user.id, input, now);
    if (!factor) {
      await throttle.recordFailure(subjects);
      await recordAuditNow(db, actor, { action: 'session.login.failed', objectType: 'user', objectId: user.id, details: { reason: 'wrong_second_factor' } });
      throw new AppError('TOTP_INVALID', 'The code is wrong, expired or already used.');
    }
    method = `password+${factor}`;
  }
  await throttle.recordSuccess(subjects);
  await recordSuccessfulLogin(db, user.id, now);
  await recordAuditNow(db, actor, { action: 'session.login.succeeded', objectType: 'user', objectId: user.id, details: { method, trustedDevice: origin.deviceId !== null } });
  return { userId: user.id, email: user.email, passwordChangeRequired: user.passwordChangeRequired };
}
