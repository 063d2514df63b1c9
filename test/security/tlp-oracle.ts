/**
 * An independent oracle of the TLP 2.0 rules (FIRST TLP 2.0 as DESIGN.md adopts it), written from
 * the standard and the design document, NOT from server/access/: the time-dimension leak matrix
 * computes every expectation here, so a bug in the policy cannot also be the test's expectation.
 *
 * The world is plain data: organizations (parent, kind, sharing groups) and viewers (anonymous, or
 * someone with memberships and, for people, a user id). Objects carry their label, audience, author
 * and lifecycle state.
 */

export type Label = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';
export type Lifecycle = 'draft' | 'published' | 'revised' | 'withdrawn';

export type WorldOrganization = { id: string; parentId: string | null; cert: boolean; groups: readonly string[] };
export type World = ReadonlyMap<string, WorldOrganization>;

/** `userId` null: an API token, which speaks for its organization and is nobody in particular. */
export type Viewer = { kind: 'anonymous' } | { kind: 'member'; userId: string | null; memberships: readonly { organizationId: string; role: string }[] };

export type MarkedObject = {
  tlp: Label;
  organizations: readonly string[];
  sharingGroups: readonly string[];
  users: readonly string[];
  authorOrganizationId: string;
  authorUserId: string;
  status: Lifecycle;
};

/** Roles that write advisories at the CERT (DESIGN.md roles table). */
const WRITER_ROLES = new Set(['cert_admin', 'cert_analyst']);

function ancestorsOf(world: World, organizationId: string): string[] {
  const result: string[] = [];
  let current = world.get(organizationId)?.parentId ?? null;
  while (current !== null && !result.includes(current)) {
    result.push(current);
    current = world.get(current)?.parentId ?? null;
  }
  return result;
}

/** Whether one organization's own standing (not a person's) meets the label's audience. */
function organizationMeets(world: World, organizationId: string, object: MarkedObject): boolean {
  const organization = world.get(organizationId);
  if (!organization) return false;
  switch (object.tlp) {
    case 'clear':
    case 'green':
      return true;
    case 'amber':
      // AMBER: the addressed organizations and their clients (sub-organizations), the groups, the source, the CERT.
      return (
        organization.cert ||
        organizationId === object.authorOrganizationId ||
        [organizationId, ...ancestorsOf(world, organizationId)].some((id) => object.organizations.includes(id)) ||
        organization.groups.some((group) => object.sharingGroups.includes(group))
      );
    case 'amber+strict':
      // AMBER+STRICT: the addressed organizations only, never their clients.
      return organization.cert || organizationId === object.authorOrganizationId || object.organizations.includes(organizationId) || organization.groups.some((group) => object.sharingGroups.includes(group));
    case 'red':
      return false;
  }
}

/** Whether the viewer may see a published (or withdrawn) object. */
export function sees(world: World, viewer: Viewer, object: MarkedObject): boolean {
  if (object.status === 'draft') return seesDraft(world, viewer, object);
  if (object.tlp === 'clear') return true;
  if (viewer.kind === 'anonymous') return false;
  // GREEN: the community, i.e. every authenticated account, with or without a membership.
  if (object.tlp === 'green') return true;
  // RED: named people only (and whoever wrote it); no organization, not even the CERT.
  if (object.tlp === 'red') return viewer.userId !== null && (viewer.userId === object.authorUserId || object.users.includes(viewer.userId));
  return viewer.memberships.some((membership) => organizationMeets(world, membership.organizationId, object));
}

/**
 * Whether the viewer may see a draft (or a prepared revision) of what the object would become: its
 * author, and CERT writers — for RED only those writers who are named recipients.
 */
export function seesDraft(world: World, viewer: Viewer, object: MarkedObject): boolean {
  if (viewer.kind === 'anonymous' || viewer.userId === null) return false;
  if (viewer.userId === object.authorUserId) return true;
  const writer = viewer.memberships.some((membership) => world.get(membership.organizationId)?.cert === true && WRITER_ROLES.has(membership.role));
  return writer && (object.tlp !== 'red' || object.users.includes(viewer.userId));
}

/**
 * Whether an organization as a whole may receive the object (webhooks): by its own standing; a RED
 * object only when one of its members is a named recipient or the author.
 */
export function organizationSees(world: World, organizationId: string, memberUserIds: readonly string[], object: MarkedObject): boolean {
  if (object.status === 'draft') return false;
  if (object.tlp === 'red') return memberUserIds.some((id) => id === object.authorUserId || object.users.includes(id));
  return organizationMeets(world, organizationId, object);
}

/** Whether the object is something to notify about (published or revised, not withdrawn or a draft). */
export function notifiable(object: MarkedObject): boolean {
  return object.status === 'published' || object.status === 'revised';
}
