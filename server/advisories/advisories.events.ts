/**
 * Outbox events of the advisories slice. The payload is the presenter's DTO (one serialization
 * path for REST and sockets); the audience is the advisory as it is when the event is DELIVERED
 * (server/access/delivery.ts), so a narrowing revision or a withdrawal counts at once.
 */
import type { z } from 'zod';
import { defineEvent, emitEvent } from '../access/event-declaration.js';
import type { DeliveryAudience } from '../access/delivery.js';
import { visibilityScope, type AccessObject } from '../access/policy.js';
import type { Executor } from '../platform/db/client.js';
import type { EventContext, RecordedVisibility } from '../platform/outbox/events.table.js';
import { AdvisoryEventPayloadSchema, AdvisoryRevokedPayloadSchema } from '../realtime/events.js';
import { accessObjectOf } from './advisories.policy.js';
import type { AdvisoryRow } from './advisories.table.js';

/** A recorded visibility (before a revision, or when an event was written) as a published access object. */
function recordedObject(recorded: RecordedVisibility): AccessObject {
  return {
    tlp: recorded.tlp,
    audience: { organizations: recorded.organizations ?? [], sharingGroups: recorded.sharingGroups ?? [], users: recorded.users ?? [] },
    authorOrganizationId: recorded.authorOrganizationId ?? null,
    authorUserId: recorded.authorUserId ?? null,
    status: 'published',
  };
}

/** An advisory's visibility as the outbox records it. */
function visibilityOf(row: AdvisoryRow): RecordedVisibility {
  return {
    tlp: row.tlp,
    organizations: row.audienceOrganizationIds,
    sharingGroups: row.audienceSharingGroupIds,
    users: row.audienceUserIds,
    authorOrganizationId: row.authorOrganizationId,
    authorUserId: row.authorUserId,
  };
}

/**
 * A lifecycle event carries one version of the advisory: it reaches those who may see the advisory
 * as it is now AND as it was when the event was written (`context.emitted`), so a revision that lets
 * someone in never hands them an earlier, narrower version on replay.
 */
const asMarked = (advisory: AccessObject, { context }: { context: EventContext }): DeliveryAudience => ({
  kind: 'marked',
  object: advisory,
  ...(context.emitted ? { carried: recordedObject(context.emitted) } : {}),
});

export const ADVISORY_PUBLISHED = defineEvent({ type: 'advisory.published', subject: 'advisory', payload: AdvisoryEventPayloadSchema, live: true, audience: asMarked });
export const ADVISORY_REVISED = defineEvent({ type: 'advisory.revised', subject: 'advisory', payload: AdvisoryEventPayloadSchema, live: true, audience: asMarked });
export const ADVISORY_WITHDRAWN = defineEvent({ type: 'advisory.withdrawn', subject: 'advisory', payload: AdvisoryEventPayloadSchema, live: true, audience: asMarked });

/**
 * `advisory.revoked`: to those who could see the advisory before the revision and cannot see it NOW
 * (if it was widened again meanwhile, nobody is told to drop it). Without a recorded `before` it
 * reaches no one (the old object is the new one, and `except` removes every viewer).
 */
export const ADVISORY_REVOKED = defineEvent({
  type: 'advisory.revoked',
  subject: 'advisory',
  payload: AdvisoryRevokedPayloadSchema,
  live: true,
  audience: (advisory, { context }) => ({ kind: 'marked', object: context.before ? recordedObject(context.before) : advisory, except: advisory }),
});

export const ADVISORY_EVENTS = [ADVISORY_PUBLISHED, ADVISORY_REVISED, ADVISORY_WITHDRAWN, ADVISORY_REVOKED] as const;
export type AdvisoryEventType = 'advisory.published' | 'advisory.revised' | 'advisory.withdrawn';
const LIFECYCLE = { 'advisory.published': ADVISORY_PUBLISHED, 'advisory.revised': ADVISORY_REVISED, 'advisory.withdrawn': ADVISORY_WITHDRAWN } as const;

function includesAll(set: readonly string[], values: readonly string[]): boolean {
  return values.every((value) => set.includes(value));
}

/**
 * When a revision changes who may see the advisory, writes `advisory.revoked` (payload: only the id)
 * with the OLD visibility as context: at delivery it reaches exactly the users who lost access.
 * Written before the revision's own event, so a client drops the advisory before anything else.
 * @returns the outbox sequence number, or null when the visibility did not narrow.
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
  return emitEvent(tx, ADVISORY_REVOKED, after.id, { id: after.id }, { before: visibilityOf(before) });
}

/** Writes a lifecycle event in the caller's transaction, with the visibility of the version it carries. @returns the outbox sequence number. */
export async function enqueueAdvisoryEvent(tx: Executor, type: AdvisoryEventType, row: AdvisoryRow, payload: Record<string, unknown>): Promise<number> {
  return emitEvent(tx, LIFECYCLE[type], row.id, payload as z.input<typeof AdvisoryEventPayloadSchema>, { emitted: visibilityOf(row) });
}
