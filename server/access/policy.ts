/**
 * The one TLP policy (DESIGN.md "TLP 2.0 in Lagebild"), as pure functions over (principal, object).
 * `visible-to.ts` states the same rules as SQL; one truth table tests both (test/access/).
 *
 * | label        | who may see a published (or withdrawn) object                                         |
 * |--------------|----------------------------------------------------------------------------------------|
 * | CLEAR        | anyone, also anonymous                                                                 |
 * | GREEN        | every authenticated member                                                             |
 * | AMBER        | members of audience organizations or of their sub-organizations, members of audience   |
 * |              | sharing groups, the author's organization, the CERT                                    |
 * | AMBER+STRICT | members of audience organizations (no sub-organizations), members of audience sharing  |
 * |              | groups' organizations (directly, no sub-organizations), the author's organization, CERT |
 * | RED          | the named recipient users and the author (user); not the CERT, not the author's org    |
 *
 * Sharing groups are sets of organizations; a principal belongs to a group when one of its own
 * organizations is a member (`principal.sharingGroupIds`), never through a parent organization, so
 * AMBER+STRICT's "no sub-organizations" holds for groups as well.
 *
 * Drafts are visible to the author and to CERT users who may write advisories; a RED draft only to
 * the author and to such CERT users who are also named recipients (RED means "no one else", also
 * before publication). The system principal (jobs) sees everything.
 */
import { ANONYMOUS, hasCapability, type Principal, type UserPrincipal } from '../auth/principal.js';
import type { Audience } from './audience.js';
import type { TlpLevel } from './tlp.js';

/** Lifecycle states that matter to visibility: only `draft` differs from the TLP rule. */
export type AccessStatus = 'draft' | 'published' | 'revised' | 'withdrawn';

/** What the policy needs to know about any protected object. */
export type AccessObject = {
  tlp: TlpLevel;
  audience: Audience;
  authorOrganizationId: string | null;
  authorUserId: string | null;
  status: AccessStatus;
};

function intersects(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const set = new Set(a);
  return b.some((value) => set.has(value));
}

/** A CERT member who may write advisories: the people who see every non-RED draft. */
export function isCertWriter(principal: Principal): principal is UserPrincipal {
  return principal.kind === 'user' && principal.isCert && hasCapability(principal, 'advisory:write');
}

function isAuthorOrganization(principal: UserPrincipal, object: AccessObject): boolean {
  return object.authorOrganizationId !== null && principal.organizationIds.includes(object.authorOrganizationId);
}

function isAuthor(principal: UserPrincipal, object: AccessObject): boolean {
  return object.authorUserId !== null && object.authorUserId === principal.userId;
}

function canViewByLabel(principal: UserPrincipal, object: AccessObject): boolean {
  const { audience } = object;
  switch (object.tlp) {
    case 'clear':
    case 'green':
      return true;
    case 'amber':
      return (
        principal.isCert ||
        isAuthorOrganization(principal, object) ||
        intersects(audience.organizations, [...principal.organizationIds, ...principal.ancestorOrganizationIds]) ||
        intersects(audience.sharingGroups, principal.sharingGroupIds)
      );
    case 'amber+strict':
      return (
        principal.isCert ||
        isAuthorOrganization(principal, object) ||
        intersects(audience.organizations, principal.organizationIds) ||
        intersects(audience.sharingGroups, principal.sharingGroupIds)
      );
    case 'red':
      return isAuthor(principal, object) || audience.users.includes(principal.userId);
  }
}

function canViewDraft(principal: UserPrincipal, object: AccessObject): boolean {
  if (isAuthor(principal, object)) return true;
  if (!isCertWriter(principal)) return false;
  return object.tlp !== 'red' || object.audience.users.includes(principal.userId);
}

/** Whether the principal may see the object at all. Invisible objects are answered with 404, never 403. */
export function canView(principal: Principal, object: AccessObject): boolean {
  if (principal.kind === 'system') return true;
  if (principal.kind === 'anonymous') return object.status !== 'draft' && object.tlp === 'clear';
  if (object.status === 'draft') return canViewDraft(principal, object);
  return canViewByLabel(principal, object);
}

/** Whether the principal may edit (or prepare a revision of) a visible object: CERT writers only. */
export function canEdit(principal: Principal, object: AccessObject): boolean {
  return canView(principal, object) && (principal.kind === 'system' || isCertWriter(principal));
}

/**
 * Whether the principal may see a prepared (unpublished) revision of a published object. A revision
 * follows the policy of what it would become: the principal must be allowed to edit the published
 * object AND to see the revision as the draft it is — a TLP:RED revision only by the author and CERT
 * writers who are named recipients, even when the published version is GREEN and everyone edits it.
 */
export function canViewPendingRevision(principal: Principal, published: AccessObject, revision: AccessObject): boolean {
  return canEdit(principal, published) && canView(principal, { ...revision, status: 'draft' });
}

/** Whether the principal may publish, revise or withdraw the object. */
export function canPublish(principal: Principal, object: AccessObject): boolean {
  return canView(principal, object) && hasCapability(principal, 'advisory:publish') && (principal.kind === 'system' || (principal.kind === 'user' && principal.isCert));
}

/**
 * Whether the principal may export the object (STIX, CSAF): whoever sees it, since every export
 * carries the marking; a principal never exports what they cannot see (OpenCTI's max shareable marking).
 */
export function canExport(principal: Principal, object: AccessObject): boolean {
  return canView(principal, object) && object.status !== 'draft';
}

/** Whether the principal may make the object less restrictive (`tlp:downgrade`, audited by the caller). */
export function canRemark(principal: Principal, object: AccessObject): boolean {
  return canEdit(principal, object) && hasCapability(principal, 'tlp:downgrade');
}

/** The actions `assertCan` understands, each a policy function. */
export const POLICY_ACTIONS = { view: canView, edit: canEdit, publish: canPublish, export: canExport, remark: canRemark } as const;

export type PolicyAction = keyof typeof POLICY_ACTIONS;

/**
 * What the incident rule needs: the reporting organization. Incidents are not TLP-labelled objects
 * with an audience to choose: a report is always between the reporting organization and the CERT.
 */
export type IncidentAccessObject = { reportingOrganizationId: string };

/**
 * Incident channel: visible to direct members of the reporting organization (not its parent or
 * sub-organizations: a Gemeinde's incident is not the Landkreis's business unless shared) and to
 * the CERT, always (drafts included, so nothing a constituent writes is hidden from the CERT's
 * duty of care; the CERT queue lists reported incidents only). Everyone else gets 404.
 */
export function canViewIncident(principal: Principal, incident: IncidentAccessObject): boolean {
  if (principal.kind === 'system') return true;
  if (principal.kind !== 'user') return false;
  return principal.isCert || principal.organizationIds.includes(incident.reportingOrganizationId);
}

/**
 * A user with no membership, no role and no group: the least any authenticated member is. `canView`
 * only ever grants MORE with memberships, roles or groups, so what this principal sees, every user sees.
 */
const BARE_MEMBER: UserPrincipal = Object.freeze({
  kind: 'user',
  userId: '00000000-0000-0000-0000-000000000000',
  email: '',
  name: '',
  locale: 'de',
  memberships: [],
  organizationIds: [],
  ancestorOrganizationIds: [],
  sharingGroupIds: [],
  isCert: false,
  roles: [],
  authenticatedBy: 'session',
  scopes: null,
});

/**
 * Whom an object is visible to as a whole, asked of `canView` itself: `everyone` (also anonymous:
 * TLP:CLEAR), `members` (every authenticated user: TLP:GREEN) or `some` (AMBER, AMBER+STRICT, RED,
 * drafts: each recipient must be checked one by one). Lets the live channel emit once to a whole
 * room instead of asking per socket, without a second copy of the label rules.
 */
export function visibilityScope(object: AccessObject): 'everyone' | 'members' | 'some' {
  if (canView(ANONYMOUS, object)) return 'everyone';
  if (canView(BARE_MEMBER, object)) return 'members';
  return 'some';
}

/** Whether the principal may see feed intake (sources, runs, items): the CERT only (see `feedItemVisibleTo`). */
export function canViewFeedItem(principal: Principal): boolean {
  return principal.kind === 'system' || (principal.kind === 'user' && principal.isCert);
}

/**
 * The constituent directory (organizations by name, kind and sector): every authenticated member of
 * the network sees it (`GET /api/v1/organizations` is `authenticated`); anonymous callers do not.
 */
export function canViewDirectory(principal: Principal): boolean {
  return principal.kind === 'system' || principal.kind === 'user';
}
