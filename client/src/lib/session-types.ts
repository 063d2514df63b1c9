/**
 * Shapes of the session endpoints (`GET`/`POST /api/v1/session`, `GET /api/v1/me`), taken from the
 * generated API types so they cannot drift from the server's contract.
 */
import type { Schema } from './api-schemas';

export type Me = Schema<'Me'>;
export type Membership = Me['memberships'][number];
export type OrganizationRef = Membership['organization'];
export type SessionUser = Me['user'];
export type Role = Membership['role'];
export type OrganizationKind = OrganizationRef['kind'];
export type LoginRequest = Schema<'LoginRequest'>;
export type LoginResponse = Schema<'Session'>;
/** `GET /api/v1/session`: signed in (with the same body as `/me`) or not. */
export type SessionState = Schema<'SessionState'>;

/** Every role in display order; `satisfies` plus the check below keep it equal to the server's enum. */
export const ROLES = ['cert_admin', 'cert_analyst', 'org_admin', 'member', 'read_only'] as const satisfies readonly Role[];

export const ORGANIZATION_KINDS = ['cert', 'state_agency', 'district', 'city', 'municipality', 'it_provider', 'kritis_operator'] as const satisfies readonly OrganizationKind[];

// A value the server adds to an enum without the list above growing fails to compile here.
type Missing<All, Listed> = Exclude<All, Listed>;
const _allRoles: Missing<Role, (typeof ROLES)[number]> extends never ? true : never = true;
const _allKinds: Missing<OrganizationKind, (typeof ORGANIZATION_KINDS)[number]> extends never ? true : never = true;
void _allRoles;
void _allKinds;
