/**
 * Who receives an event (DESIGN.md D9, docs/adr/0007-audiences-and-events.md). Every event names a
 * subject; the subject's CURRENT state yields one of a closed set of audiences, and `canReceive`
 * answers for one principal. Nothing here looks at what was true when the event was written: the
 * broadcaster, the replay, the notification planner and the sender each resolve the audience again
 * at the moment they deliver.
 */
import type { Principal } from '../auth/principal.js';
import { canView, canViewIncident, type AccessObject } from './policy.js';

/**
 * The audience of a subject, as a closed union:
 * - `marked`: a TLP-marked object with its audience (the policy's label rule); `carried` is the
 *   version the payload carries, as it was when the event was written — the recipient must be allowed
 *   to see it too, so someone a later revision let in never gets an earlier version's content;
 *   `except` names a second object whose viewers do NOT receive (a revocation goes to those who lost access);
 * - `incident`: an incident's participants (direct members of the reporting organization, the CERT);
 * - `cert`: CERT members only;
 * - `organization`: direct members of one organization and the CERT (an organization's own answer,
 *   "this affects you"), never wider than `within`, the object it is about;
 * - `members`: every logged-in user (the CERT's threat level), never an anonymous socket; with
 *   `within`, only those of them who may see that object (a published Lagebericht: its label and
 *   audience, but members only even when it is CLEAR — the platform serves it to members);
 * - `user`: one user.
 */
export type DeliveryAudience =
  | { kind: 'marked'; object: AccessObject; carried?: AccessObject; except?: AccessObject }
  | { kind: 'incident'; reportingOrganizationId: string }
  | { kind: 'cert' }
  | { kind: 'organization'; organizationId: string; within?: AccessObject }
  | { kind: 'members'; within?: AccessObject }
  | { kind: 'user'; userId: string };

/** Whether a published object is still something to notify about: drafts and withdrawn advisories are not. */
export function isDeliverableObject(object: AccessObject): boolean {
  return object.status === 'published' || object.status === 'revised';
}

/**
 * Whether the principal receives an event of this audience. Deny by default: anonymous principals
 * receive only what the policy lets anyone see (TLP:CLEAR objects).
 */
export function canReceive(principal: Principal, audience: DeliveryAudience): boolean {
  switch (audience.kind) {
    case 'marked':
      return (
        canView(principal, audience.object) &&
        (audience.carried === undefined || canView(principal, audience.carried)) &&
        !(audience.except !== undefined && canView(principal, audience.except))
      );
    case 'incident':
      return canViewIncident(principal, { reportingOrganizationId: audience.reportingOrganizationId });
    case 'cert':
      return principal.kind === 'user' && principal.isCert;
    case 'organization':
      if (principal.kind !== 'user') return false;
      if (!principal.isCert && !principal.organizationIds.includes(audience.organizationId)) return false;
      return audience.within === undefined || canView(principal, audience.within);
    case 'members':
      return principal.kind === 'user' && (audience.within === undefined || canView(principal, audience.within));
    case 'user':
      return principal.kind === 'user' && principal.userId === audience.userId;
  }
}
