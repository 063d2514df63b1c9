import { and, asc, eq, gt, ilike, inArray, or } from 'drizzle-orm';
import { organizations } from '../organizations/organizations.table.js';
import type { Executor } from '../platform/db/client.js';
import { memberships, users, type UserRow } from './users.table.js';

/** Looks up a user by e-mail, case-insensitively. Unsafe: no principal; used by login only. */
export async function unsafeFindUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return row;
}

/** Records the time of a successful login. */
export async function recordSuccessfulLogin(db: Executor, userId: string, now: Date): Promise<void> {
  await db.update(users).set({ lastLoginAt: now, updatedAt: now }).where(eq(users.id, userId));
}

/** A user as the recipient directory shows it: no e-mail, no credentials, one organization. */
export interface DirectoryUser {
  id: string;
  name: string;
  organization: { id: string; name: string } | null;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Active users whose name or e-mail contains `q` (case-insensitive) and, when `ids` is given, whose
 * id is one of them; in name order after a cursor, one row more than `limit` so the caller can tell
 * whether there is a next page. Each carries the alphabetically first organization they belong to
 * (for telling namesakes apart).
 */
export async function searchDirectoryUsers(
  db: Executor,
  filter: { q?: string | undefined; ids?: string[] | undefined },
  limit: number,
  after?: { name: string; id: string },
): Promise<DirectoryUser[]> {
  const pattern = filter.q ? likePattern(filter.q) : null;
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        filter.ids ? inArray(users.id, filter.ids) : undefined,
        pattern ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined,
        after ? or(gt(users.name, after.name), and(eq(users.name, after.name), gt(users.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .limit(limit + 1);
  if (rows.length === 0) return [];
  const links = await db
    .select({ userId: memberships.userId, id: organizations.id, name: organizations.name })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(
      inArray(
        memberships.userId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(organizations.name));
  return rows.map((row) => {
    const link = links.find((candidate) => candidate.userId === row.id);
    return { ...row, organization: link ? { id: link.id, name: link.name } : null };
  });
}

/** "Name <e-mail>" (or the e-mail) of users by id, for lists that name them (ids without a row are left out). */
export async function userLabels(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.name && row.name !== row.email ? `${row.name} <${row.email}>` : row.email]));
}
