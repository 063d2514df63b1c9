import { ORGANIZATION_KINDS, ROLES, type Me, type OrganizationKind, type Role } from './session-types';

/**
 * Role helpers for showing and hiding UI. They are a convenience only: the server decides
 * access on every request (TLP and audience live in server/access/).
 */

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isOrganizationKind(value: string): value is OrganizationKind {
  return (ORGANIZATION_KINDS as readonly string[]).includes(value);
}

export function hasRole(me: Me, ...roles: Role[]): boolean {
  return me.memberships.some((m) => isRole(m.role) && roles.includes(m.role));
}

/** CERT staff: analysts and admins of the CERT (feed inbox, triage, publishing). */
export function isCertStaff(me: Me): boolean {
  return hasRole(me, 'cert_admin', 'cert_analyst');
}

/** Anyone who administers something: the CERT admins and the admins of an organization. */
export function isAdmin(me: Me): boolean {
  return hasRole(me, 'cert_admin', 'org_admin');
}
