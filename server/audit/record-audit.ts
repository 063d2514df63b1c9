import { desc, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../platform/db/client.js';
import { auditLog } from './audit.table.js';
import { GENESIS_HASH, hashAuditRow } from './audit.hash.js';

/** Who did it: a user, or the system acting for a named job. */
export type AuditActor = { userId: string | null; label: string; ip?: string | null };

/** What happened. Actions are dotted, subject first: `session.login.succeeded`, `advisory.published`. */
export type AuditEntry = {
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  tlp?: string | null;
  details?: Record<string, unknown>;
};

// One chain for the whole platform: appends are serialized by this transaction-scoped lock.
const AUDIT_CHAIN_LOCK_KEY = 72_616_002;

/**
 * Appends an audit row inside the caller's transaction (so the entry commits with the change it records).
 * Must be called with a transaction, or the lock is released before the insert.
 */
export async function recordAudit(tx: Executor, actor: AuditActor, entry: AuditEntry, now = new Date()): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
  const [last] = await tx.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const [{ nextId } = { nextId: 1 }] = await queryRows<{ nextId: number }>(
    tx,
    sql`select nextval(pg_get_serial_sequence('audit_log', 'id'))::int as "nextId"`,
  );
  const row = {
    id: Number(nextId),
    occurredAt: new Date(Math.floor(now.getTime())),
    actorUserId: actor.userId,
    actor: actor.label,
    action: entry.action,
    objectType: entry.objectType ?? null,
    objectId: entry.objectId ?? null,
    tlp: entry.tlp ?? null,
    ip: actor.ip ?? null,
    details: entry.details ?? {},
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.insert(auditLog).values({ ...row, hash: hashAuditRow(row) });
}

/** Runs `recordAudit` in its own transaction, for events with no other change to commit (e.g. a failed login). */
export async function recordAuditNow(db: Executor, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db.transaction(async (tx) => recordAudit(tx, actor, entry));
}
