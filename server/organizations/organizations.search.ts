/** Organizations for the one search box: name, short name or AGS matched among active ones. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import { canViewDirectory } from '../access/policy.js';
import type { Executor } from '../platform/db/client.js';
import { organizations } from './organizations.table.js';

export type OrganizationSearchRow = { id: string; name: string; shortName: string | null; kind: string; sector: string | null };

function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/** Matching active organizations by name; none for callers who may not see the directory. One extra row tells there is more. */
export async function searchOrganizationsVisibleTo(db: Executor, principal: Principal, text: string, limit: number, offset: number): Promise<OrganizationSearchRow[]> {
  if (!canViewDirectory(principal)) return [];
  const pattern = likePattern(text);
  return db
    .select({ id: organizations.id, name: organizations.name, shortName: organizations.shortName, kind: organizations.kind, sector: organizations.sector })
    .from(organizations)
    .where(and(eq(organizations.active, true), sql`(${organizations.name} ilike ${pattern} or ${organizations.shortName} ilike ${pattern} or ${organizations.ags} = ${text})`))
    .orderBy(asc(organizations.name), asc(organizations.id))
    .limit(limit + 1)
    .offset(offset);
}
