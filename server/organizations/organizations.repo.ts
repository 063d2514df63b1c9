import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { organizations, sharingGroupMembers, sharingGroups, type OrganizationRow } from './organizations.table.js';

/**
 * Organizations in name order after a cursor. The directory of constituents is community
 * information (names, kinds, sectors); contacts are not part of this projection.
 */
export async function listOrganizations(db: Executor, limit: number, after?: { name: string; id: string }): Promise<OrganizationRow[]> {
  return db
    .select()
    .from(organizations)
    .where(
      and(
        eq(organizations.active, true),
        after ? or(gt(organizations.name, after.name), and(eq(organizations.name, after.name), gt(organizations.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(organizations.name), asc(organizations.id))
    .limit(limit + 1);
}

export async function findOrganization(db: Executor, id: string): Promise<OrganizationRow | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  return row;
}

/** Sharing groups with their member organization ids. */
export async function listSharingGroups(db: Executor): Promise<{ id: string; name: string; description: string; organizationIds: string[] }[]> {
  const groups = await db.select().from(sharingGroups).orderBy(asc(sharingGroups.name));
  const members = await db.select().from(sharingGroupMembers);
  return groups.map((group) => ({
    id: group.id,
    name: group.name,
    description: group.description,
    organizationIds: members.filter((member) => member.sharingGroupId === group.id).map((member) => member.organizationId),
  }));
}

/** Names of organizations by id (ids without a row are left out). */
export async function organizationNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Names of sharing groups by id (ids without a row are left out). */
export async function sharingGroupNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: sharingGroups.id, name: sharingGroups.name }).from(sharingGroups).where(inArray(sharingGroups.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.name]));
}
