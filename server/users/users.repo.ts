import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { users, type UserRow } from './users.table.js';

/** Looks up a user by e-mail, case-insensitively. Unsafe: no principal; used by login only. */
export async function unsafeFindUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return row;
}

/** Records a failed login; locks the account once `threshold` failures in a row are reached. */
export async function recordFailedLogin(
  db: Executor,
  userId: string,
  threshold: number,
  lockMs: number,
  now: Date,
): Promise<{ failedLogins: number; lockedUntil: Date | null }> {
  const lockUntil = new Date(now.getTime() + lockMs);
  const [row] = await db
    .update(users)
    .set({
      failedLogins: sql`${users.failedLogins} + 1`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${threshold} then ${lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
      updatedAt: now,
    })
    .where(eq(users.id, userId))
    .returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
  return row ?? { failedLogins: 0, lockedUntil: null };
}

/** Clears the failure counter after a successful login. */
export async function recordSuccessfulLogin(db: Executor, userId: string, now: Date): Promise<void> {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now, updatedAt: now }).where(eq(users.id, userId));
}
