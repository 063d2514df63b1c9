/**
 * Outbox events of the feeds slice. Feed items are raw intake for the CERT: every event goes to the
 * CERT only (server/access/ decides at delivery; nothing here widens it). The subject is the source.
 */
import { defineEvent, emitEvent } from '../access/event-declaration.js';
import type { Executor } from '../platform/db/client.js';
import { FEED_EVENT_TYPES, FeedEventPayloadSchema, type FeedEventType } from '../realtime/events.js';

export const FEED_EVENTS = FEED_EVENT_TYPES;
export type { FeedEventType };

/** Every feed event declaration (collected by server/events.ts). */
export const FEED_EVENT_DECLARATIONS = FEED_EVENT_TYPES.map((type) => defineEvent({ type, subject: 'feed_source', payload: FeedEventPayloadSchema, live: true, audience: () => ({ kind: 'cert' }) }));

/** Writes a feed event in the caller's transaction. @returns the outbox sequence number. */
export function enqueueFeedEvent(tx: Executor, type: FeedEventType, payload: { sourceId: string } & Record<string, unknown>): Promise<number> {
  return emitEvent(tx, FEED_EVENT_DECLARATIONS.find((entry) => entry.type === type)!, payload.sourceId, payload);
}
