/**
 * The TLP policy asked on behalf of an ORGANIZATION rather than a person: may this organization (as
 * a whole) see an object? Used where something is addressed to an organization — "affects you"
 * events, webhooks, matching — and answered by `canView` itself through a principal that holds
 * exactly the organization's own standing (membership, ancestors, sharing groups), so the rules
 * are never restated here. RED names people, not organizations: an organization sees a RED object
 * only through those of its members who are named recipients (`redRecipients`).
 */
import { sql } from 'drizzle-orm';
import type { UserPrincipal } from '../auth/principal.js';
import { queryRows, type Executor } from '../platform/db/client.js';
import { canView, type AccessObject } from './policy.js';
import type { OrganizationKind } from '../organizations/organizations.schemas.js';

/** An organization's standing, as the policy needs it. */
export type OrganizationStanding = {
  id: string;
  name: string;
  kind: OrganizationKind;
  parentId: string | null;
  ancestorIds: string[];
  sharingGroupIds: string[];
  memberUserIds: string[];
};

// No real user has this id, so a RED rule naming users never matches the organization principal.
const NO_USER = '00000000-0000-0000-0000-000000000000';

/** A principal that is "any member of this organization" and nobody in particular. */
export function organizationPrincipal(org: OrganizationStanding): UserPrincipal {
  return {
    kind: 'user',
    userId: NO_USER,
    email: '',
    name: org.name,
    locale: 'de',
    memberships: [{ organizationId: org.id, organizationName: org.name, organizationKind: org.kind, parentOrganizationId: org.parentId, role: 'read_only' }],
    organizationIds: [org.id],
    ancestorOrganizationIds: org.ancestorIds,
    sharingGroupIds: org.sharingGroupIds,
    isCert: org.kind === 'cert',
    roles: [],
    authenticatedBy: 'session',
    scopes: null,
  };
}

/** Members of the organization who are named RED recipients of the object. */
export function redRecipients(org: OrganizationStanding, object: AccessObject): string[] {
  return object.tlp === 'red' ? org.memberUserIds.filter((id) => object.audience.users.includes(id) || id === object.authorUserId) : [];
}

/** Whether the organization may see the object (for RED: whether some member is a named recipient). */
export function organizationCanView(org: OrganizationStanding, object: AccessObject): boolean {
  if (object.tlp === 'red') return object.status !== 'draft' && redRecipients(org, object).length > 0;
  return canView(organizationPrincipal(org), object);
}

/** Loads the standing of the given organizations (all when `ids` is undefined) in three queries. */
export async function loadOrganizationStandings(db: Executor, ids?: readonly string[]): Promise<Map<string, OrganizationStanding>> {
  const filter = ids === undefined ? sql`true` : ids.length === 0 ? sql`false` : sql`o.id in ${[...ids]}`;
  const rows = await queryRows<{ id: string; name: string; kind: OrganizationKind; parentId: string | null; groups: string[] | null; members: string[] | null }>(
    db,
    sql`select o.id, o.name, o.kind, o.parent_id as "parentId",
          (select array_agg(g.sharing_group_id) from sharing_group_members g where g.organization_id = o.id) as groups,
          (select array_agg(m.user_id) from memberships m join users u on u.id = m.user_id where m.organization_id = o.id and u.active) as members
        from organizations o where ${filter}`,
  );
  const parents = await queryRows<{ id: string; parentId: string | null }>(db, sql`select id, parent_id as "parentId" from organizations where parent_id is not null`);
  const parentOf = new Map(parents.map((row) => [row.id, row.parentId]));
  const standings = new Map<string, OrganizationStanding>();
  for (const row of rows) {
    const ancestorIds: string[] = [];
    for (let parent = row.parentId; parent && ancestorIds.length < 10; parent = parentOf.get(parent) ?? null) ancestorIds.push(parent);
    standings.set(row.id, { id: row.id, name: row.name, kind: row.kind, parentId: row.parentId, ancestorIds, sharingGroupIds: row.groups ?? [], memberUserIds: row.members ?? [] });
  }
  return standings;
}
