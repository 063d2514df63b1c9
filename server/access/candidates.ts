/**
 * Pre-selection for live delivery: which groups of sockets (everyone, every member, organizations,
 * sharing groups, users) can hold a principal that `canReceive` lets through. It is never the final
 * answer — the broadcaster still confirms every socket with `canReceive` — except where `wholeGroup`
 * says the policy grants an audience to ALL of a group (TLP:CLEAR to everyone, TLP:GREEN to every
 * member), which lets the live channel emit once instead of per socket. Room NAMES are built in
 * server/realtime/rooms.ts; this module only says whom to look at.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../platform/db/client.js';
import type { DeliveryAudience } from './delivery.js';
import { visibilityScope, type AccessObject } from './policy.js';

/** Parent → children of every organization, and the CERT organizations. */
export type OrganizationTree = { children: Map<string, string[]>; certIds: string[] };

/** Whom to look at for an audience. `everyone` includes anonymous sockets; `members` every authenticated one. */
export type Candidates = { everyone: boolean; members: boolean; organizations: string[]; sharingGroups: string[]; users: string[] };

/** Loads the organization tree the pre-selection needs (one query). */
export async function loadOrganizationTree(db: Executor): Promise<OrganizationTree> {
  const rows = await queryRows<{ id: string; parent_id: string | null; kind: string }>(db, sql`select id, parent_id, kind from organizations`);
  const children = new Map<string, string[]>();
  for (const row of rows) {
    if (!row.parent_id) continue;
    children.set(row.parent_id, [...(children.get(row.parent_id) ?? []), row.id]);
  }
  return { children, certIds: rows.filter((row) => row.kind === 'cert').map((row) => row.id) };
}

function withDescendants(ids: readonly string[], tree: OrganizationTree): string[] {
  const all = new Set<string>();
  const stack = [...ids];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (all.has(id)) continue;
    all.add(id);
    stack.push(...(tree.children.get(id) ?? []));
  }
  return [...all];
}

const NONE: Candidates = { everyone: false, members: false, organizations: [], sharingGroups: [], users: [] };

function markedCandidates(object: AccessObject, tree: OrganizationTree): Candidates {
  const author = {
    users: object.authorUserId ? [object.authorUserId] : [],
    organizations: object.tlp !== 'red' && object.authorOrganizationId ? [object.authorOrganizationId] : [],
  };
  switch (object.tlp) {
    case 'clear':
      return { ...NONE, everyone: true, users: author.users };
    case 'green':
      return { ...NONE, members: true, users: author.users };
    case 'amber':
    case 'amber+strict': {
      // AMBER reaches sub-organizations of an addressed organization; AMBER+STRICT does not.
      const addressed = object.tlp === 'amber' ? withDescendants(object.audience.organizations, tree) : object.audience.organizations;
      return { ...NONE, organizations: [...addressed, ...tree.certIds, ...author.organizations], sharingGroups: object.audience.sharingGroups, users: author.users };
    }
    case 'red':
      return { ...NONE, users: [...object.audience.users, ...author.users] };
  }
}

/**
 * The groups whose members may be entitled to an audience: everyone `canReceive` lets through is in
 * at least one of them (test/unit/access/candidates.test.ts proves it for every persona).
 */
export function candidatesOf(audience: DeliveryAudience, tree: OrganizationTree): Candidates {
  switch (audience.kind) {
    case 'marked':
      // A revocation reaches only viewers of the OLD object, so those are the ones to look at; a
      // carried version only narrows who of them receives.
      return markedCandidates(audience.object, tree);
    case 'incident':
      return { ...NONE, organizations: [audience.reportingOrganizationId, ...tree.certIds] };
    case 'cert':
      return { ...NONE, organizations: tree.certIds };
    case 'organization':
      return { ...NONE, organizations: [audience.organizationId, ...tree.certIds] };
    case 'members': {
      if (!audience.within) return { ...NONE, members: true };
      // Anonymous sockets never receive it: whom `within` grants to everyone is looked at among members.
      const marked = markedCandidates(audience.within, tree);
      return marked.everyone ? { ...marked, everyone: false, members: true } : marked;
    }
    case 'user':
      return { ...NONE, users: [audience.userId] };
  }
}

/**
 * The group to which the policy grants the audience as a whole (`everyone` for TLP:CLEAR, `members`
 * for TLP:GREEN), or null when each recipient must be confirmed. Asked of `canView` itself.
 */
export function wholeGroup(audience: DeliveryAudience): 'everyone' | 'members' | null {
  if (audience.kind === 'members') return audience.within === undefined || visibilityScope(audience.within) !== 'some' ? 'members' : null;
  if (audience.kind !== 'marked' || audience.except !== undefined) return null;
  // Both the advisory now and the version the payload carries must be granted: the narrower counts.
  const scopes = [visibilityScope(audience.object), ...(audience.carried ? [visibilityScope(audience.carried)] : [])];
  if (scopes.includes('some')) return null;
  return scopes.includes('members') ? 'members' : 'everyone';
}
