/**
 * Users' OpenPGP public keys (issue 19, encrypted mail): checked when uploaded (a public key, not
 * revoked or expired, able to encrypt), stored only after the user confirmed its fingerprint, and
 * looked up by the mail transport for each recipient.
 */
import { eq } from 'drizzle-orm';
import * as openpgp from 'openpgp';
import { recordAudit, type AuditActor } from '../audit/record-audit.js';
import type { Database } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import type { MailProtection, MailSigner } from '../platform/openpgp-mail.js';
import { userOpenpgpKeys } from './openpgp-keys.table.js';
import { users } from './users.table.js';

/** A key as the profile page shows it. */
export type OpenpgpKeyInfo = { fingerprint: string; userIds: string[]; expiresAt: string | null; algorithm: string; matchesEmail: boolean };

const MAX_ARMORED_BYTES = 64 * 1024;

/**
 * Reads and checks an uploaded public key.
 * @throws VALIDATION_FAILED saying what is wrong with it
 */
export async function inspectPublicKey(armoredKey: string, email: string): Promise<OpenpgpKeyInfo & { key: openpgp.PublicKey }> {
  const invalid = (message: string) => new AppError('VALIDATION_FAILED', `The OpenPGP key ${message}.`, [{ path: 'armoredKey', message }]);
  if (Buffer.byteLength(armoredKey) > MAX_ARMORED_BYTES) throw invalid('is larger than 64 KiB');
  let key: openpgp.Key;
  try {
    key = await openpgp.readKey({ armoredKey });
  } catch {
    throw invalid('cannot be read (paste the ASCII-armored public key, "-----BEGIN PGP PUBLIC KEY BLOCK-----")');
  }
  if (key.isPrivate()) throw invalid('is a private key: upload only the public key');
  if (await key.isRevoked()) throw invalid('is revoked');
  const expiration = await key.getExpirationTime();
  if (expiration instanceof Date && expiration.getTime() < Date.now()) throw invalid('has expired');
  try {
    await key.getEncryptionKey();
  } catch {
    throw invalid('has no valid key for encryption');
  }
  const userIds = key.getUserIDs();
  return {
    key: key,
    fingerprint: key.getFingerprint().toUpperCase(),
    userIds,
    expiresAt: expiration instanceof Date ? expiration.toISOString() : null,
    algorithm: key.getAlgorithmInfo().algorithm,
    matchesEmail: userIds.some((id) => id.toLowerCase().includes(`<${email.toLowerCase()}>`) || id.toLowerCase() === email.toLowerCase()),
  };
}

/**
 * Stores the key after the user confirmed the fingerprint she was shown. Audited.
 * @throws VALIDATION_FAILED when the key is unusable or the fingerprint does not match
 */
export async function saveOwnKey(db: Database, actor: AuditActor & { userId: string; label: string }, armoredKey: string, confirmedFingerprint: string): Promise<OpenpgpKeyInfo> {
  const inspected = await inspectPublicKey(armoredKey, actor.label);
  if (confirmedFingerprint.replace(/\s+/g, '').toUpperCase() !== inspected.fingerprint) {
    throw new AppError('VALIDATION_FAILED', 'The confirmed fingerprint is not the fingerprint of this key.', [{ path: 'fingerprint', message: 'does not match the key' }]);
  }
  const { key, ...info } = inspected;
  const values = { fingerprint: info.fingerprint, armoredKey: key.armor(), userIds: info.userIds, expiresAt: info.expiresAt ? new Date(info.expiresAt) : null, createdAt: new Date() };
  await db.transaction(async (tx) => {
    await tx.insert(userOpenpgpKeys).values({ userId: actor.userId, ...values }).onConflictDoUpdate({ target: userOpenpgpKeys.userId, set: values });
    await recordAudit(tx, actor, { action: 'user.openpgp_key.saved', objectType: 'user', objectId: actor.userId, details: { fingerprint: info.fingerprint } });
  });
  return info;
}

/** The user's key, or null. */
export async function findOwnKey(db: Database, userId: string, email: string): Promise<OpenpgpKeyInfo | null> {
  const [row] = await db.select().from(userOpenpgpKeys).where(eq(userOpenpgpKeys.userId, userId));
  if (!row) return null;
  const { key: _key, ...info } = await inspectPublicKey(row.armoredKey, email).catch(() => ({ key: null, fingerprint: row.fingerprint, userIds: row.userIds, expiresAt: row.expiresAt?.toISOString() ?? null, algorithm: 'unknown', matchesEmail: false }));
  return info;
}

/** Removes the user's key (mail with AMBER content is then link-only). Audited. */
export async function deleteOwnKey(db: Database, actor: AuditActor & { userId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(userOpenpgpKeys).where(eq(userOpenpgpKeys.userId, actor.userId));
    await recordAudit(tx, actor, { action: 'user.openpgp_key.removed', objectType: 'user', objectId: actor.userId });
  });
}

/**
 * The armored key of the active user with this e-mail address, for the mail transport. Unsafe: no
 * principal; it answers only "which key encrypts mail to this address".
 */
export async function unsafeRecipientKey(db: Database, email: string): Promise<string | null> {
  const [row] = await db
    .select({ armoredKey: userOpenpgpKeys.armoredKey, expiresAt: userOpenpgpKeys.expiresAt })
    .from(userOpenpgpKeys)
    .innerJoin(users, eq(users.id, userOpenpgpKeys.userId))
    .where(eq(users.email, email.trim().toLowerCase()));
  if (!row || (row.expiresAt && row.expiresAt.getTime() < Date.now())) return null;
  return row.armoredKey;
}

/** The mail transport's protection: the platform signer and the recipients' keys from this database. */
export function mailProtectionFor(db: Database, signer: () => Promise<MailSigner>): MailProtection {
  return { signer, recipientKey: (email) => unsafeRecipientKey(db, email) };
}
