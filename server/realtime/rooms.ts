/**
 * The only place room names are built (STYLE.md). Rooms are a pre-selection for the broadcaster:
 * every socket found through them is still checked with `canReceive` against its own principal.
 */
import type { Candidates } from '../access/candidates.js';
import type { Principal } from '../auth/principal.js';

/** Named recipients (TLP:RED) and anything addressed to one user. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** Members of one organization (directly, never through a parent). */
export function orgRoom(organizationId: string): string {
  return `org:${organizationId}`;
}

/** Members of any organization in the sharing group. */
export function groupRoom(sharingGroupId: string): string {
  return `group:${sharingGroupId}`;
}

/** Every authenticated socket (TLP:GREEN). */
export const COMMUNITY_ROOM = 'community';

/** Every socket, also anonymous ones (TLP:CLEAR). */
export const PUBLIC_ROOM = 'public';

/**
 * Sockets whose replay is still running: room broadcasts skip them (their live events wait in the
 * socket's `pending` queue, in order after the replay).
 */
export const REPLAYING_ROOM = 'replaying';

/** The rooms a socket of this principal belongs to. */
export function roomsOf(principal: Principal): string[] {
  if (principal.kind !== 'user') return [PUBLIC_ROOM];
  return [
    PUBLIC_ROOM,
    COMMUNITY_ROOM,
    userRoom(principal.userId),
    ...principal.organizationIds.map(orgRoom),
    ...principal.sharingGroupIds.map(groupRoom),
  ];
}

/** The rooms of the candidates server/access/ pre-selected for an audience. */
export function roomsOfCandidates(candidates: Candidates): string[] {
  return [
    ...(candidates.everyone ? [PUBLIC_ROOM] : []),
    ...(candidates.members ? [COMMUNITY_ROOM] : []),
    ...candidates.organizations.map(orgRoom),
    ...candidates.sharingGroups.map(groupRoom),
    ...candidates.users.map(userRoom),
  ];
}
