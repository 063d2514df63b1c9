import { eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../platform/errors.js';
import { queryRows, type Executor } from '../platform/db/client.js';
import { organizations, sharingGroupMembers } from '../organizations/organizations.table.js';
import { memberships, users } from '../users/users.table.js';
import type { Locale, Role } from '../users/users.schemas.js';
import type { OrganizationKind } from '../organizations/organizations.schemas.js';
import { isEffectiveRole, rolesGrant, scopesAllow, type Capability } from '../access/capabilities.js';

export type PrincipalMembership = {
  organizationId: string;
  organizationName: string;
  organizationKind: OrganizationKind;
  parentOrganizationId: string | null;
  role: Role;
};

/** A logged-in person (by session or API token). */
export type UserPrincipal = {
  kind: 'user';
  userId: string;
  email: string;
  name: string;
  locale: Locale;
  memberships: PrincipalMembership[];
  /** Organizations the user is a direct member of. */
  organizationIds: string[];
  /** Every ancestor of those (a Gemeinde member's Landkreis): AMBER reaches sub-organizations. */
  ancestorOrganizationIds: string[];
  sharingGroupIds: string[];
  /** Member of an organization of kind `cert`. */
  isCert: boolean;
  /** Roles that count (CERT roles only inside a CERT organization). */
  roles: Role[];
  authenticatedBy: 'session' | 'token';
  /** Token scopes; null for sessions (all the roles allow). */
  scopes: string[] | null;
};

export type Principal = { kind: 'anonymous' } | UserPrincipal | { kind: 'system'; name: string };

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

/** The one factory for principals of background jobs (never copy-paste system users). */
export function systemPrincipal(name: string): Principal {
  return { kind: 'system', name };
}

/** Whether the principal may do `capability` (roles, and token scopes where a token is used). */
export function hasCapability(principal: Principal, capability: Capability): boolean {
  if (principal.kind === 'system') return true;
  if (principal.kind !== 'user') return false;
  if (principal.scopes && !scopesAllow(principal.scopes, capability)) return false;
  return rolesGrant(principal.roles, capability);
}

/**
 * Loads a user's principal: memberships, ancestors of their organizations and sharing groups.
 * With `onlyOrganizationId` (organization service tokens) only that membership counts.
 * @returns null when the user does not exist or is deactivated.
 */
export async function loadUserPrincipal(
  db: Executor,
  userId: string,
  authenticatedBy: 'session' | 'token' = 'session',
  scopes: string[] | null = null,
  onlyOrganizationId: string | null = null,
): Promise<UserPrincipal | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user?.active) return null;
  const rows = await db
    .select({
      organizationId: organizations.id,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
      parentOrganizationId: organizations.parentId,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .then((all) => (onlyOrganizationId ? all.filter((row) => row.organizationId === onlyOrganizationId) : all));
  const organizationIds = rows.map((row) => row.organizationId);
  let ancestorOrganizationIds: string[] = [];
  let sharingGroupIds: string[] = [];
  if (organizationIds.length > 0) {
    const ancestors = await queryRows<{ id: string }>(db, sql`
      with recursive chain(id, parent_id, depth) as (
        select id, parent_id, 0 from organizations where id in ${organizationIds}
        union all
        select o.id, o.parent_id, c.depth + 1 from organizations o join chain c on o.id = c.parent_id where c.depth < 10
      )
      select distinct id from chain where depth > 0`);
    ancestorOrganizationIds = ancestors.map((row) => row.id).filter((id) => !organizationIds.includes(id));
    const groups = await db
      .selectDistinct({ id: sharingGroupMembers.sharingGroupId })
      .from(sharingGroupMembers)
      .where(inArray(sharingGroupMembers.organizationId, organizationIds));
    sharingGroupIds = groups.map((group) => group.id);
  }
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    memberships: rows,
    organizationIds,
    ancestorOrganizationIds,
    sharingGroupIds,
    isCert: rows.some((row) => row.organizationKind === 'cert'),
    roles: [...new Set(rows.filter((row) => isEffectiveRole(row.role, row.organizationKind)).map((row) => row.role))],
    authenticatedBy,
    scopes,
  };
}

/**
 * Narrows to a user principal for routes declared `authenticated` or with a capability.
 * @throws UNAUTHENTICATED for anonymous and system principals.
 */
export function requireUser(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'Log in or send a bearer token.');
  return principal;
}
