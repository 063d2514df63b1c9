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
  /** An organization answers "does this advisory affect you?" (affected / not affected / in progress / mitigated). */
  'advisory:acknowledge': ['org_admin', 'member'],
  'audit:read': ['cert_admin'],
  /** The platform's operation: scheduled jobs and their runs. */
  'operations:read': ['cert_admin'],
  /**
   * Adding STIX objects: TAXII "Add Objects" to a collection and bundle import through the API.
   * CERT roles only: partners (other CERTs, SIEMs) post with a CERT-issued token scoped `taxii`.
   */
  'taxii:write': ['cert_admin', 'cert_analyst'],
  /** The CERT's threat level (Lagestufe) for the whole constituency. */
  'situation:level': ['cert_admin', 'cert_analyst'],
  /** Drafting, editing and publishing the weekly Lagebericht. */
  'situation:report': ['cert_admin', 'cert_analyst'],
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

/** Scopes an API token may carry. `read` grants no capability at all: only reads open to any logged-in user. */
export const TOKEN_SCOPES = ['read', 'advisories:write', 'incidents:write', 'inventory:write', 'feeds:write', 'taxii', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * The token scope each capability needs (in addition to the role). Every capability is listed, so a
 * new capability cannot be added without deciding which scope carries it (type error otherwise).
 * `admin` carries every capability; `read` none; `taxii` only adding STIX objects.
 */
export const CAPABILITY_SCOPE = {
  'advisory:write': 'advisories:write',
  'advisory:publish': 'advisories:write',
  'tlp:downgrade': 'admin',
  'organization:manage': 'admin',
  'sharing-group:manage': 'admin',
  'members:manage': 'admin',
  'feeds:manage': 'feeds:write',
  'feeds:triage': 'feeds:write',
  'incident:report': 'incidents:write',
  'incident:triage': 'incidents:write',
  'inventory:write': 'inventory:write',
  // Acknowledging is part of an organization's own security posture, like its inventory.
  'advisory:acknowledge': 'inventory:write',
  'audit:read': 'admin',
  'operations:read': 'admin',
  'taxii:write': 'taxii',
  // Setting the threat level is CERT publishing work, like an advisory.
  'situation:level': 'advisories:write',
  'situation:report': 'advisories:write',
} as const satisfies Record<Capability, TokenScope>;

/** Whether a token's scopes allow a capability (the role must grant it too). */
export function scopesAllow(scopes: readonly string[], capability: Capability): boolean {
  return scopes.includes('admin') || scopes.includes(CAPABILITY_SCOPE[capability]);
}
