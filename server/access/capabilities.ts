import type { Role } from '../users/users.schemas.js';

/**
 * What kind of actor may do what (MISP-style default-deny action table). Object visibility (TLP and
 * audience) is a separate question answered by the policy module; a route needs both.
 * CERT roles only count when held in an organization of kind `cert`.
 */
export const CAPABILITY_ROLES = {
  'advisory:write': ['cert_admin', 'cert_analyst'],
  'advisory:publish': ['cert_admin', 'cert_analyst'],
  'tlp:downgrade': ['cert_admin'],
  'organization:manage': ['cert_admin'],
  'sharing-group:manage': ['cert_admin'],
  'members:manage': ['cert_admin', 'org_admin'],
  'feeds:manage': ['cert_admin'],
  'feeds:triage': ['cert_admin', 'cert_analyst'],
  'incident:report': ['cert_admin', 'cert_analyst', 'org_admin', 'member'],
  'incident:triage': ['cert_admin', 'cert_analyst'],
  'inventory:write': ['cert_admin', 'org_admin', 'member'],
  'audit:read': ['cert_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITY_ROLES;

const CERT_ROLES: ReadonlySet<Role> = new Set(['cert_admin', 'cert_analyst']);

/** A role as it counts for capabilities: CERT roles outside a CERT organization count as nothing. */
export function isEffectiveRole(role: Role, organizationKind: string): boolean {
  return !CERT_ROLES.has(role) || organizationKind === 'cert';
}

/** Whether any of the given effective roles grants the capability. */
export function rolesGrant(roles: Iterable<Role>, capability: Capability): boolean {
  const allowed: readonly Role[] = CAPABILITY_ROLES[capability];
  for (const role of roles) if (allowed.includes(role)) return true;
  return false;
}
