/**
 * Shapes of the session endpoints (`POST /api/v1/session`, `GET /api/v1/me`).
 * They mirror the server contract in DESIGN.md; when the server's auth slice publishes its
 * isomorphic `*.schemas.ts`, import the inferred types from there instead.
 */

export const ROLES = ['cert_admin', 'cert_analyst', 'org_admin', 'member', 'read_only'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANIZATION_KINDS = [
  'cert',
  'state_agency',
  'district',
  'city',
  'municipality',
  'it_provider',
  'kritis_operator',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale?: string;
}

export interface OrganizationRef {
  id: string;
  name: string;
  kind: string;
}

export interface Membership {
  role: string;
  organization: OrganizationRef;
}

export interface Me {
  user: SessionUser;
  memberships: Membership[];
  csrfToken: string;
}

export interface LoginRequest {
  email: string;
  password: string;
  totp?: string;
}

export interface LoginResponse {
  user: SessionUser;
  csrfToken: string;
}
