import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../platform/errors.js';
import { queryRows, type Executor } from '../platform/db/client.js';
import { sharingGroupMembers } from '../organizations/organizations.table.js';
import { users } from '../users/users.table.js';
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

/** The columns a principal is built from (one row: the user, memberships, ancestors, sharing groups). */
export type PrincipalRow = {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  active: boolean;
  memberships: PrincipalMembership[];
  ancestors: string[];
  groups: string[];
};

/**
 * The common table expressions of a principal for the user id `userId` (an SQL expression, so a caller
 * may take it from an earlier expression of the same statement); goes after `with recursive`.
 */
export function principalCtes(userId: SQL, onlyOrganizationId: string | null): SQL {
  return sql`member_of as (
      select o.id as "organizationId", o.name as "organizationName", o.kind as "organizationKind", o.parent_id as "parentOrganizationId", m.role as role
      from memberships m join organizations o on o.id = m.organization_id
      where m.user_id = ${userId} and (${onlyOrganizationId}::uuid is null or o.id = ${onlyOrganizationId}::uuid)
    ), chain(id, parent_id, depth) as (
      select id, parent_id, 0 from organizations where id in (select "organizationId" from member_of)
      union all
      select o.id, o.parent_id, c.depth + 1 from organizations o join chain c on o.id = c.parent_id where c.depth < 10
    )`;
}

/** The select list of a {@link PrincipalRow} over `users u` and the expressions of {@link principalCtes}. */
export const PRINCIPAL_COLUMNS = sql`u.id, u.email, u.name, u.locale, u.active,
      (select coalesce(json_agg(member_of), '[]'::json) from member_of) as memberships,
      (select coalesce(json_agg(distinct id), '[]'::json) from chain where depth > 0 and id not in (select "organizationId" from member_of)) as ancestors,
      (select coalesce(json_agg(distinct g.sharing_group_id), '[]'::json) from ${sharingGroupMembers} g where g.organization_id in (select "organizationId" from member_of)) as groups`;

/** Builds the principal from its row. @returns null when the user does not exist or is deactivated. */
export function principalFromRow(
  row: PrincipalRow | undefined | null,
  authenticatedBy: 'session' | 'token' = 'session',
  scopes: string[] | null = null,
): UserPrincipal | null {
  if (!row?.active) return null;
  const rows = row.memberships;
  const organizationIds = rows.map((membership) => membership.organizationId);
  return {
    kind: 'user',
    userId: row.id,
    email: row.email,
    name: row.name,
    locale: row.locale,
    memberships: rows,
    organizationIds,
    ancestorOrganizationIds: row.ancestors,
    sharingGroupIds: row.groups,
    isCert: rows.some((membership) => membership.organizationKind === 'cert'),
    roles: [...new Set(rows.filter((membership) => isEffectiveRole(membership.role, membership.organizationKind)).map((membership) => membership.role))],
    authenticatedBy,
    scopes,
  };
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
  // One round trip: this runs on every token request and every socket handshake.
  const [row] = await queryRows<PrincipalRow>(db, sql`
    with recursive ${principalCtes(sql`${userId}::uuid`, onlyOrganizationId)}
    select ${PRINCIPAL_COLUMNS}
    from ${users} u where u.id = ${userId}`);
  return principalFromRow(row, authenticatedBy, scopes);
}

/**
 * Narrows to a user principal for routes declared `authenticated` or with a capability.
 * @throws UNAUTHENTICATED for anonymous and system principals.
 */
export function requireUser(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'Log in or send a bearer token.');
  return principal;
}
