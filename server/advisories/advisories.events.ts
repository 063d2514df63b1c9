/**
 * Outbox events of the advisories slice. The payload is the presenter's DTO (one serialization
 * path for REST and sockets); the audience is the advisory's own, evaluated again by access/ when
 * the dispatcher fans the event out.
 */
import type { Executor } from '../platform/db/client.js';
import { enqueueEvent } from '../platform/outbox/enqueue.js';
import type { EventAudience } from '../platform/outbox/events.table.js';
import type { AdvisoryRow } from './advisories.table.js';
import { visibilityScope } from '../access/policy.js';
import { accessObjectOf } from './advisories.policy.js';

export const ADVISORY_EVENTS = ['advisory.published', 'advisory.revised', 'advisory.withdrawn'] as const;
export type AdvisoryEventType = (typeof ADVISORY_EVENTS)[number];

/** Who may receive an event about this advisory (its published TLP and audience). */
export function advisoryEventAudience(row: AdvisoryRow): EventAudience {
  return {
    tlp: row.tlp,
    organizations: row.audienceOrganizationIds,
    sharingGroups: row.audienceSharingGroupIds,
    users: row.audienceUserIds,
    authorOrganizationId: row.authorOrganizationId,
    authorUserId: row.authorUserId,
  };
}

function includesAll(set: readonly string[], values: readonly string[]): boolean {
  return values.every((value) => set.includes(value));
}

/**
 * When a revision changes who may see the advisory, writes `advisory.revoked` (payload: only the id)
 * addressed to the OLD audience except whoever may see the NEW one: exactly the users who lost access.
 * Written before the revision's own event, so a client drops the advisory before anything else.
 * @returns the outbox sequence number, or null when the visibility did not change.
 */
export async function enqueueAdvisoryRevokedIfNarrowed(tx: Executor, before: AdvisoryRow, after: AdvisoryRow): Promise<number | null> {
  // Same or wider: the label stays (or AMBER+STRICT becomes AMBER) and every audience entry remains.
  const widenedOrSame =
    (before.tlp === after.tlp || (before.tlp === 'amber+strict' && after.tlp === 'amber')) &&
    includesAll(after.audienceOrganizationIds, before.audienceOrganizationIds) &&
    includesAll(after.audienceSharingGroupIds, before.audienceSharingGroupIds) &&
    includesAll(after.audienceUserIds, before.audienceUserIds) &&
    before.authorOrganizationId === after.authorOrganizationId &&
    before.authorUserId === after.authorUserId;
  if (widenedOrSame) return null;
  // Nobody can lose access when the new version reaches everyone, or every member while the old one
  // did not reach anonymous sockets (the policy answers, see visibilityScope).
  const widest = visibilityScope(accessObjectOf(after));
  if (widest === 'everyone' || (widest === 'members' && visibilityScope(accessObjectOf(before)) !== 'everyone')) return null;
  return enqueueEvent(tx, 'advisory.revoked', { ...advisoryEventAudience(before), except: advisoryEventAudience(after) }, { id: after.id });
}

/** Writes the event in the caller's transaction. @returns the outbox sequence number. */
export async function enqueueAdvisoryEvent(tx: Executor, type: AdvisoryEventType, row: AdvisoryRow, payload: Record<string, unknown>): Promise<number> {
  return enqueueEvent(tx, type, advisoryEventAudience(row), payload);
}
