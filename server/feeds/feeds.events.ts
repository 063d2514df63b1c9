/**
 * Outbox events of the feeds slice. Feed items are raw intake for the CERT: every event goes to the
 * CERT only, expressed as TLP:AMBER+STRICT addressed to no organization, which the policy resolves
 * to exactly the CERT (access/ decides; nothing here widens it).
 */
import type { Executor } from '../platform/db/client.js';
import { enqueueEvent } from '../platform/outbox/enqueue.js';
import type { EventAudience } from '../platform/outbox/events.table.js';

export const FEED_EVENTS = ['feed.item.created', 'feed.item.updated', 'feed.run.completed'] as const;
export type FeedEventType = (typeof FEED_EVENTS)[number];

/** CERT only. */
export const FEED_EVENT_AUDIENCE: EventAudience = { tlp: 'amber+strict', organizations: [] };

/** Writes a feed event in the caller's transaction. @returns the outbox sequence number. */
export function enqueueFeedEvent(tx: Executor, type: FeedEventType, payload: Record<string, unknown>): Promise<number> {
  return enqueueEvent(tx, type, FEED_EVENT_AUDIENCE, payload);
}
