/**
 * Outbox events of the advisories slice. The payload is the presenter's DTO (one serialization
 * path for REST and sockets); the audience is the advisory's own, evaluated again by access/ when
 * the dispatcher fans the event out.
 */
import type { Executor } from '../platform/db/client.js';
import { enqueueEvent } from '../platform/outbox/enqueue.js';
import type { EventAudience } from '../platform/outbox/events.table.js';
import type { AdvisoryRow } from './advisories.table.js';

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

/** Writes the event in the caller's transaction. @returns the outbox sequence number. */
export async function enqueueAdvisoryEvent(tx: Executor, type: AdvisoryEventType, row: AdvisoryRow, payload: Record<string, unknown>): Promise<number> {
  return enqueueEvent(tx, type, advisoryEventAudience(row), payload);
}
