import type { UserPrincipal } from '../auth/principal.js';
import type { MembershipDto, UserDto } from './users.schemas.js';

/** The user as the API shows it to themself. */
export function presentUser(principal: UserPrincipal): UserDto {
  return { id: principal.userId, email: principal.email, name: principal.name, locale: principal.locale };
}

export function presentMemberships(principal: UserPrincipal): MembershipDto[] {
  return principal.memberships.map((membership) => ({
    role: membership.role,
    organization: { id: membership.organizationId, name: membership.organizationName, kind: membership.organizationKind },
  }));
}
