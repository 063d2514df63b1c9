import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { Database, Executor } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { recordAudit, type AuditActor } from '../audit/record-audit.js';
import { loadUserPrincipal, type UserPrincipal } from '../auth/principal.js';
import { managesOrganization } from '../access/org-scope.js';
import { apiTokens, type ApiTokenRow } from './tokens.table.js';
import type { CreateTokenBody, TokenDto } from './tokens.schemas.js';
import { enqueuePrincipalChanged } from '../users/users.events.js';

/** Recognizable prefix, so secret scanners (and people) can tell a leaked Lagebild token. */
export const TOKEN_PREFIX = 'lbt_';

/** sha256 of a token: enough for 256-bit random secrets, and it keeps lookups a single index hit. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function actorOf(principal: UserPrincipal, ip: string | null): AuditActor {
  return { userId: principal.userId, label: principal.email, ip };
}

/** Row → API shape (never the hash). */
export function presentToken(row: ApiTokenRow): TokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.displayPrefix,
    kind: row.organizationId ? 'service' : 'personal',
    organizationId: row.organizationId,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Creates a personal token, or a service token for an organization the caller administers.
 * Audited as `token.created`. @returns the row and the secret (shown once, stored only hashed).
 * @throws FORBIDDEN for a service token of an organization the caller does not administer.
 */
export async function createToken(db: Database, principal: UserPrincipal, input: CreateTokenBody, ip: string | null, now = new Date()) {
  if (input.organizationId && !managesOrganization(principal, input.organizationId)) {
    throw new AppError('FORBIDDEN', 'Service tokens can be created by administrators of that organization only.');
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId: principal.userId,
        organizationId: input.organizationId ?? null,
        name: input.name,
        displayPrefix: token.slice(0, TOKEN_PREFIX.length + 6),
        tokenHash: hashToken(token),
        scopes: [...new Set(input.scopes)],
        expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    await recordAudit(tx, actorOf(principal, ip), {
      action: 'token.created',
      objectType: 'api_token',
      objectId: row.id,
      details: { scopes: row.scopes, organizationId: row.organizationId, expiresAt: row.expiresAt.toISOString() },
    });
    return { ...presentToken(row), token };
  });
}

/** The caller's own tokens, and the service tokens of organizations they administer. */
export async function listTokens(db: Database, principal: UserPrincipal): Promise<TokenDto[]> {
  const adminOf = principal.memberships.filter((m) => managesOrganization(principal, m.organizationId)).map((m) => m.organizationId);
  const rows = await db
    .select()
    .from(apiTokens)
    .where(or(eq(apiTokens.userId, principal.userId), ...adminOf.map((id) => eq(apiTokens.organizationId, id))))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(presentToken);
}

/**
 * Revokes a token of the caller (or a service token of an organization they administer). Audited.
 * @throws NOT_FOUND when it is neither.
 */
export async function revokeToken(db: Database, principal: UserPrincipal, id: string, ip: string | null, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
    const mayRevoke = row && (row.userId === principal.userId || (row.organizationId !== null && managesOrganization(principal, row.organizationId)));
    if (!row || !mayRevoke) throw notFound('Token');
    if (row.revokedAt) return;
    await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id));
    await recordAudit(tx, actorOf(principal, ip), { action: 'token.revoked', objectType: 'api_token', objectId: id });
    // Sockets authenticated with this token re-authenticate on every instance and are disconnected.
    await enqueuePrincipalChanged(tx, [row.userId]);
  });
}

/**
 * Resolves `Authorization: Bearer lbt_…` to a principal with the token's scopes.
 * @throws UNAUTHENTICATED for unknown, revoked or expired tokens and deactivated owners.
 */
export async function authenticateToken(db: Database, token: string, now = new Date()): Promise<UserPrincipal> {
  const invalid = new AppError('UNAUTHENTICATED', 'The API token is invalid, expired or revoked.');
  if (!token.startsWith(TOKEN_PREFIX)) throw invalid;
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token))).limit(1);
  if (!row || row.revokedAt || row.expiresAt <= now) throw invalid;
  const principal = await loadUserPrincipal(db, row.userId, 'token', row.scopes, row.organizationId);
  if (!principal) throw invalid;
  // Last use at minute resolution: enough to spot stale tokens without a write per request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(and(eq(apiTokens.id, row.id)));
  }
  return principal;
}

/**
 * HTTP Basic credentials of machine clients that cannot send bearer tokens (TAXII clients such as
 * MISP's): the password is the API token, the user name the token's id or its owner's e-mail.
 * @throws UNAUTHENTICATED when the token is invalid or the user name names someone else
 */
export async function authenticateBasicCredentials(db: Database, user: string, secret: string, now = new Date()): Promise<UserPrincipal> {
  const principal = await authenticateToken(db, secret, now);
  const [row] = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(secret))).limit(1);
  const name = user.trim().toLowerCase();
  if (row && (name === row.id || name === principal.email.toLowerCase())) return principal;
  throw new AppError('UNAUTHENTICATED', 'The user name does not belong to this API token.');
}

/** When a token stops working (its expiry), or null for an unknown or revoked token; for live sockets. */
export async function tokenExpiry(db: Database, token: string): Promise<Date | null> {
  const [row] = await db.select({ expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token))).limit(1);
  return row && !row.revokedAt ? row.expiresAt : null;
}

/** Names API tokens were given, by id (never their secret or hash; ids without a row are left out). */
export async function apiTokenNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(inArray(apiTokens.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.name]));
}
