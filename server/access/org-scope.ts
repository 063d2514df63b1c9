import type { Principal } from '../auth/principal.js';
import type { Role } from '../users/users.schemas.js';
import { AppError } from '../platform/errors.js';

/** Roles an org_admin may hand out inside their own organization; CERT roles are for cert_admins only. */
const ORG_ADMIN_ASSIGNABLE: ReadonlySet<Role> = new Set(['org_admin', 'member', 'read_only']);

/** Whether the principal administers this organization: a cert_admin everywhere, an org_admin in their own. */
export function managesOrganization(principal: Principal, organizationId: string): boolean {
  if (principal.kind === 'system') return true;
  if (principal.kind !== 'user') return false;
  if (principal.roles.includes('cert_admin')) return true;
  return principal.memberships.some((membership) => membership.organizationId === organizationId && membership.role === 'org_admin');
}

/**
 * The org-scope check for member administration. The route's `members:manage` capability says what
 * kind of actor may administer members; this says of which organization, and which roles they may grant.
 * @throws FORBIDDEN when the organization is not theirs or the role is beyond what they may grant.
 */
export function assertManagesOrganization(principal: Principal, organizationId: string, organizationKind: string, role?: Role): void {
  if (!managesOrganization(principal, organizationId)) {
    throw new AppError('FORBIDDEN', 'You administer the members of your own organization only.');
  }
  const isCertAdmin = principal.kind === 'system' || (principal.kind === 'user' && principal.roles.includes('cert_admin'));
  // CERT staff are managed by CERT admins only, even if an org_admin role were ever held in the CERT.
  if (organizationKind === 'cert' && !isCertAdmin) throw new AppError('FORBIDDEN', 'CERT staff are managed by CERT administrators.');
  if (role === undefined) return;
  if ((role === 'cert_admin' || role === 'cert_analyst') && organizationKind !== 'cert') {
    throw new AppError('VALIDATION_FAILED', 'CERT roles exist only in the CERT organization.', [{ path: 'role', message: 'not allowed here' }]);
  }
  if (!isCertAdmin && !ORG_ADMIN_ASSIGNABLE.has(role)) throw new AppError('FORBIDDEN', `You may not grant the role ${role}.`);
}

/**
 * The org-scope check for a member's account itself (locking and unlocking it): the caller must
 * administer every organization the user belongs to, so one org_admin can neither lock out nor
 * let back in another organization's staff.
 * @param memberships every membership of the user, with its organization's kind
 * @throws FORBIDDEN when any of them is in an organization the caller does not administer.
 */
export function assertManagesAccount(principal: Principal, memberships: readonly { organizationId: string; organizationKind: string }[]): void {
  for (const membership of memberships) assertManagesOrganization(principal, membership.organizationId, membership.organizationKind);
}

/**
 * Whether the principal may change this organization's product inventory: its own org_admins and
 * members (the route's `inventory:write` capability says what kind of actor), and cert_admins.
 */
export function maintainsInventory(principal: Principal, organizationId: string): boolean {
  if (principal.kind === 'system') return true;
  if (principal.kind !== 'user') return false;
  if (principal.roles.includes('cert_admin')) return true;
  return principal.memberships.some((membership) => membership.organizationId === organizationId && (membership.role === 'org_admin' || membership.role === 'member'));
}

/** Whether the principal may read this organization's inventory and "affects you" state: its members and the CERT. */
export function readsOrganization(principal: Principal, organizationId: string): boolean {
  if (principal.kind === 'system') return true;
  if (principal.kind !== 'user') return false;
  return principal.isCert || principal.organizationIds.includes(organizationId);
}
