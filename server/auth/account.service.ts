import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import type { Mailer } from '../platform/mail.js';
import { recordAudit, recordAuditNow, type AuditActor } from '../audit/record-audit.js';
import { unsafeFindUserByEmail } from '../users/users.repo.js';
import { users } from '../users/users.table.js';
import { passwordResetTokens } from './credentials.table.js';
import { hashPassword, verifyPassword } from './password.js';
import { assertAcceptablePassword } from './password-policy.js';
import { endSession, endUserSessions, sessionHandle } from './session-end.js';
import { sessions } from './sessions.table.js';

/** Reset links expire after 30 minutes (OWASP Forgot Password cheat sheet). */
export const RESET_TOKEN_TTL_MS = 30 * 60_000;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}


/**
 * Checks a user's current password (for password change and MFA removal).
 * @throws INVALID_CREDENTIALS when it is wrong.
 */
export async function assertCurrentPassword(db: Database, userId: string, password: string): Promise<void> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!(await verifyPassword(user?.passwordHash, password))) throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong.');
}

/**
 * Changes the password after checking the current one, and ends the user's other sessions
 * (a changed password must lock out whoever knew the old one). Audited.
 */
export async function changePassword(
  db: Database,
  actor: AuditActor & { userId: string; label: string },
  input: { currentPassword: string; newPassword: string },
  currentSid: string,
): Promise<void> {
  await assertCurrentPassword(db, actor.userId, input.currentPassword);
  assertAcceptablePassword(input.newPassword, 'newPassword', { email: actor.label });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangeRequired: false, updatedAt: new Date() }).where(eq(users.id, actor.userId));
    await endUserSessions(tx, actor.userId, currentSid);
    await recordAudit(tx, actor, { action: 'user.password.changed', objectType: 'user', objectId: actor.userId });
  });
}

/**
 * Mails a single-use reset link when the address belongs to an active account. Answers the same
 * either way (no account enumeration); the request is audited with the outcome.
 */
export async function requestPasswordReset(db: Database, mailer: Mailer, baseUrl: string, email: string, ip: string | null, now = new Date()) {
  const user = await unsafeFindUserByEmail(db, email);
  const actor = { userId: user?.id ?? null, label: email.trim().toLowerCase(), ip };
  if (!user?.active) {
    await recordAuditNow(db, actor, { action: 'user.password_reset.requested', details: { outcome: 'no_active_account' } });
    return;
  }
  const token = randomBytes(32).toString('base64url');
  await db.transaction(async (tx) => {
    await tx.insert(passwordResetTokens).values({ userId: user.id, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS) });
    await recordAudit(tx, actor, { action: 'user.password_reset.requested', objectType: 'user', objectId: user.id, details: { outcome: 'mailed' } });
  });
  const link = `${baseUrl}/password-reset#token=${token}`;
  await mailer.send({
    to: user.email,
    subject: 'Lagebild: Passwort zurücksetzen / reset your password',
    text: [
      'Jemand hat das Zurücksetzen Ihres Lagebild-Passworts angefordert. Der Link gilt 30 Minuten und nur einmal:',
      'Someone asked to reset your Lagebild password. The link is valid for 30 minutes, once:',
      '',
      link,
      '',
      `Token: ${token}`,
      '',
      'Waren Sie das nicht, ignorieren Sie diese Nachricht. / If this was not you, ignore this message.',
    ].join('\n'),
  });
}

/**
 * Sets a new password with a reset token: unknown, expired or used tokens fail alike. Ends every
 * session of the user; the route clears the login throttle of the address. Audited.
 * @throws RESET_TOKEN_INVALID, VALIDATION_FAILED for a password that breaks the rules.
 */
export async function confirmPasswordReset(db: Database, token: string, newPassword: string, ip: string | null, now = new Date()): Promise<{ email: string }> {
  const passwordHash = await hashPassword(newPassword);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.tokenHash, sha256(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
      .returning({ userId: passwordResetTokens.userId });
    if (!row) throw new AppError('RESET_TOKEN_INVALID', 'The reset link is invalid, expired or already used. Request a new one.');
    const [user] = await tx.select().from(users).where(eq(users.id, row.userId)).limit(1);
    if (!user?.active) throw new AppError('RESET_TOKEN_INVALID', 'The reset link is invalid, expired or already used. Request a new one.');
    assertAcceptablePassword(newPassword, 'newPassword', { email: user.email });
    await tx.update(users).set({ passwordHash, passwordChangeRequired: false, updatedAt: now }).where(eq(users.id, user.id));
    await endUserSessions(tx, user.id);
    await recordAudit(tx, { userId: user.id, label: user.email, ip }, { action: 'user.password_reset.completed', objectType: 'user', objectId: user.id });
    return { email: user.email };
  });
}

/** The user's live sessions, newest activity first, with a flag for the one making the request. */
export async function listOwnSessions(db: Database, userId: string, currentSid: string, now = new Date()) {
  const rows = await db.select().from(sessions).where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)));
  return rows
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
    .map((row) => ({
      id: sessionHandle(row.sid),
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.updatedAt.toISOString(),
      userAgent: row.userAgent,
      current: row.sid === currentSid,
    }));
}

/** Ends one of the user's own sessions by its handle. Audited. @throws NOT_FOUND for someone else's. */
export async function revokeOwnSession(db: Database, actor: AuditActor & { userId: string }, handle: string): Promise<void> {
  const rows = await db.select({ sid: sessions.sid }).from(sessions).where(eq(sessions.userId, actor.userId));
  const target = rows.find((row) => sessionHandle(row.sid) === handle);
  if (!target) throw notFound('Session');
  await db.transaction(async (tx) => {
    await endSession(tx, target.sid);
    await recordAudit(tx, actor, { action: 'session.revoked', objectType: 'session', objectId: handle });
  });
}
