import { and, eq, lt } from 'drizzle-orm';
import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { Database } from '../../platform/db/client.js';
import { samlAssertions, samlRequests } from './saml.table.js';

/** How long an AuthnRequest may stay unanswered (the user logs in at the IdP meanwhile). */
export const REQUEST_TTL_MS = 15 * 60_000;

/**
 * node-saml's InResponseTo cache, in the database so any instance can accept the response.
 * `get` only answers for unexpired entries; expired rows are pruned on every save.
 */
export function databaseRequestCache(db: Database, idp: string): CacheProvider {
  return {
    async saveAsync(key: string, value: string): Promise<CacheItem | null> {
      const now = new Date();
      await db.delete(samlRequests).where(lt(samlRequests.expiresAt, now));
      await db.insert(samlRequests).values({ id: key, idp, issuedAt: value, expiresAt: new Date(now.getTime() + REQUEST_TTL_MS) }).onConflictDoNothing();
      return { value, createdAt: now.getTime() };
    },
    async getAsync(key: string): Promise<string | null> {
      const [row] = await db.select().from(samlRequests).where(and(eq(samlRequests.id, key), eq(samlRequests.idp, idp))).limit(1);
      return row && row.expiresAt > new Date() ? row.issuedAt : null;
    },
    async removeAsync(key: string | null): Promise<string | null> {
      if (key === null) return null;
      const [row] = await db.delete(samlRequests).where(and(eq(samlRequests.id, key), eq(samlRequests.idp, idp))).returning();
      return row?.issuedAt ?? null;
    },
  };
}

/**
 * Records an assertion id as consumed. @returns false when it was consumed before (a replay).
 * Kept until the assertion's own expiry, after which the validity check rejects it anyway.
 */
export async function consumeAssertionId(db: Database, idp: string, assertionId: string, expiresAt: Date): Promise<boolean> {
  await db.delete(samlAssertions).where(lt(samlAssertions.expiresAt, new Date()));
  const inserted = await db.insert(samlAssertions).values({ idp, assertionId, expiresAt }).onConflictDoNothing().returning();
  return inserted.length > 0;
}
