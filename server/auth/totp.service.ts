import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Executor } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { recordAudit, type AuditActor } from '../audit/record-audit.js';
import type { UserPrincipal } from './principal.js';
import { recoveryCodes, userTotp } from './credentials.table.js';
import { endUserSessions } from './session-end.js';

const ISSUER = 'Lagebild CERT-Thüringen';
const RECOVERY_CODE_COUNT = 10;
// One 30 s step either side: phones drift, and the code on screen may roll over while typing.
const EPOCH_TOLERANCE_SECONDS = 30;

function hashCode(code: string): string {
  return createHash('sha256').update(code.replaceAll('-', '').toLowerCase()).digest('hex');
}

/** Whether the user has a confirmed TOTP factor (then every password login needs a code). */
export async function hasTotp(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db.select({ enabledAt: userTotp.enabledAt }).from(userTotp).where(eq(userTotp.userId, userId)).limit(1);
  return Boolean(row?.enabledAt);
}

/**
 * Starts (or restarts) enrolment: a new secret, pending until confirmed with a first code.
 * @returns the otpauth URI and a QR code (PNG data URL) of it, and the secret for manual entry.
 * @throws CONFLICT when TOTP is already enabled (disable it first).
 */
export async function startTotpEnrolment(db: Executor, principal: UserPrincipal) {
  if (await hasTotp(db, principal.userId)) throw new AppError('CONFLICT', 'TOTP is already enabled; disable it first to enrol a new device.');
  const secret = generateSecret();
  await db
    .insert(userTotp)
    .values({ userId: principal.userId, secret })
    .onConflictDoUpdate({ target: userTotp.userId, set: { secret, enabledAt: null, lastTimeStep: null, createdAt: new Date() } });
  const uri = generateURI({ issuer: ISSUER, label: principal.email, secret });
  return { secret, otpauthUri: uri, qrCodeDataUrl: await QRCode.toDataURL(uri) };
}

/** Checks a code against a secret, refusing a time step already used (replay). */
async function acceptCode(secret: string, code: string, lastTimeStep: number | null, now: Date): Promise<number | null> {
  const result = await verify({ secret, token: code, epochTolerance: EPOCH_TOLERANCE_SECONDS, epoch: Math.floor(now.getTime() / 1000) });
  if (!result.valid) return null;
  const timeStep = 'timeStep' in result && typeof result.timeStep === 'number' ? result.timeStep : Math.floor(now.getTime() / 30_000);
  if (lastTimeStep !== null && timeStep <= lastTimeStep) return null;
  return timeStep;
}

/**
 * Confirms enrolment with the first code; issues recovery codes (shown once, stored hashed). Audited.
 * @throws TOTP_INVALID for a wrong code, INVALID_STATE without a pending enrolment.
 */
export async function confirmTotpEnrolment(db: Executor, principal: UserPrincipal, code: string, actor: AuditActor, currentSid: string | undefined, now = new Date()) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(userTotp).where(eq(userTotp.userId, principal.userId)).limit(1);
    if (!row || row.enabledAt) throw new AppError('INVALID_STATE', 'Start TOTP enrolment first.');
    const timeStep = await acceptCode(row.secret, code, row.lastTimeStep, now);
    if (timeStep === null) throw new AppError('TOTP_INVALID', 'The code is wrong or expired; check the device clock.');
    await tx.update(userTotp).set({ enabledAt: now, lastTimeStep: timeStep }).where(eq(userTotp.userId, principal.userId));
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const raw = randomBytes(8).toString('hex');
      return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12)}`;
    });
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, principal.userId));
    await tx.insert(recoveryCodes).values(codes.map((value) => ({ userId: principal.userId, codeHash: hashCode(value) })));
    // A changed second factor locks out whoever held another session (like a password change).
    await endUserSessions(tx, principal.userId, currentSid);
    await recordAudit(tx, actor, { action: 'mfa.totp.enabled', objectType: 'user', objectId: principal.userId });
    return { recoveryCodes: codes };
  });
}

/**
 * Removes TOTP and recovery codes and ends the user's other sessions. Audited. The caller has
 * re-checked the password.
 */
export async function disableTotp(db: Executor, userId: string, actor: AuditActor, currentSid: string | undefined): Promise<void> {
  await db.transaction(async (tx) => {
    await endUserSessions(tx, userId, currentSid);
    await tx.delete(userTotp).where(eq(userTotp.userId, userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await recordAudit(tx, actor, { action: 'mfa.totp.disabled', objectType: 'user', objectId: userId });
  });
}

/**
 * Verifies a login's second factor: a TOTP code, or a recovery code (consumed). Marks the time step used.
 * @returns which kind matched, or null.
 */
export async function verifySecondFactor(
  db: Executor,
  userId: string,
  input: { totp?: string | undefined; recoveryCode?: string | undefined },
  now = new Date(),
): Promise<'totp' | 'recovery_code' | null> {
  const [row] = await db.select().from(userTotp).where(eq(userTotp.userId, userId)).limit(1);
  if (!row?.enabledAt) return null;
  if (input.totp) {
    const timeStep = await acceptCode(row.secret, input.totp, row.lastTimeStep, now);
    if (timeStep === null) return null;
    await db.update(userTotp).set({ lastTimeStep: timeStep }).where(eq(userTotp.userId, userId));
    return 'totp';
  }
  if (input.recoveryCode) {
    const used = await db
      .update(recoveryCodes)
      .set({ used: true })
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashCode(input.recoveryCode)), eq(recoveryCodes.used, false)))
      .returning({ id: recoveryCodes.id });
    return used.length > 0 ? 'recovery_code' : null;
  }
  return null;
}
