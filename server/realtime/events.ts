/**
 * THE catalog of Socket.IO traffic (STYLE.md "Socket.IO channels"). Isomorphic: only zod, so the web
 * client imports these types (type-only) and both ends agree on every name and payload.
 *
 * Server → client: `event` carries one outbox event `{ seq, type, payload }`, always in `seq` order;
 * `ready` says replay is over (from here on everything is live) and names the newest seq the socket is
 * positioned at; `resync` says the gap since the client's `since` is too old to replay, so it must
 * reload through REST and continue from the given seq.
 */
import { z } from 'zod';

/** Advisory lifecycle events (the payload is the advisory as the REST presenter gives it). */
export const ADVISORY_EVENT_TYPES = ['advisory.published', 'advisory.revised', 'advisory.withdrawn'] as const;
export type AdvisoryEventType = (typeof ADVISORY_EVENT_TYPES)[number];

/**
 * Incident events (server/incidents/incidents.events.ts writes them). Their audience is always the
 * reporting organization plus the CERT, the same rule as `canViewIncident`.
 */
export const INCIDENT_EVENT_TYPES = [
  'incident.reported',
  'incident.updated',
  'incident.triaged',
  'incident.stage.submitted',
  'incident.stage.acknowledged',
  'incident.intermediate.requested',
  'incident.deadline.approaching',
  'incident.message.posted',
  'incident.message.read',
  'incident.indicators.added',
] as const;
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/**
 * `advisory.revoked` carries only the id: a revision narrowed the advisory's visibility (TLP raised,
 * audience reduced) and the receiving user no longer may see it, so the client removes it.
 * `advisory.acknowledged` is an organization's answer, for the CERT's coverage view.
 * `advisory.affects_you` tells an organization that its inventory matches the advisory.
 */
/** New or revised feed items and finished runs: CERT only (their outbox audience says so; access/ decides). */
export const FEED_EVENT_TYPES = ['feed.item.created', 'feed.item.updated', 'feed.run.completed'] as const;
export type FeedEventType = (typeof FEED_EVENT_TYPES)[number];

export const CLIENT_EVENT_TYPES = [...ADVISORY_EVENT_TYPES, 'advisory.revoked', 'advisory.acknowledged', 'advisory.affects_you', ...INCIDENT_EVENT_TYPES, ...FEED_EVENT_TYPES] as const;
export type ClientEventType = (typeof CLIENT_EVENT_TYPES)[number];

/**
 * Outbox events for the instances themselves, never sent to a client: `principal.changed` makes every
 * instance re-load the principals of the named users' sockets (rooms, deactivation, revoked tokens).
 */
export const INTERNAL_EVENT_TYPES = ['principal.changed'] as const;

/** Whether an outbox type is one clients receive (anything else is never emitted or replayed). */
export function isClientEventType(type: string): type is ClientEventType {
  return (CLIENT_EVENT_TYPES as readonly string[]).includes(type);
}

const LocalizedSchema = z.object({ de: z.string(), en: z.string().optional() });

/**
 * The advisory as an event carries it: the REST presenter's output (server/advisories/advisories.presenter.ts
 * `presentAdvisoryForEvent`); these are the fields the client relies on, the rest passes through.
 */
export const AdvisoryEventPayloadSchema = z.looseObject({
  id: z.uuid(),
  status: z.string(),
  version: z.number().int(),
  title: LocalizedSchema,
  summary: LocalizedSchema,
  severity: z.string(),
  tlp: z.string(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  withdrawnAt: z.string().nullable(),
});
export type AdvisoryEventPayload = z.infer<typeof AdvisoryEventPayloadSchema>;

/** Payload of the feed events (server/feeds/feeds.events.ts): ids and counts, never item content. */
export const FeedEventPayloadSchema = z.looseObject({
  sourceId: z.uuid(),
  count: z.number().int().optional(),
  itemIds: z.array(z.uuid()).optional(),
  runId: z.uuid().optional(),
  status: z.string().optional(),
});
export type FeedEventPayload = z.infer<typeof FeedEventPayloadSchema>;

/** Whether a live event is a feed event (narrows the payload). */
export function isFeedEvent(event: LiveEvent): event is Extract<LiveEvent, { type: FeedEventType }> {
  return (FEED_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** Payload of `principal.changed`: whose principals to reload. */
export const PrincipalChangedPayloadSchema = z.object({ userIds: z.array(z.uuid()) });
export type PrincipalChangedPayload = z.infer<typeof PrincipalChangedPayloadSchema>;

/** Payload of `advisory.revoked`: only the id, nothing of the content the user lost access to. */
export const AdvisoryRevokedPayloadSchema = z.strictObject({ id: z.uuid() });
export type AdvisoryRevokedPayload = z.infer<typeof AdvisoryRevokedPayloadSchema>;

/** Payload of `advisory.acknowledged` (server/acknowledgements/acknowledgements.service.ts). */
export const AcknowledgedEventPayloadSchema = z.looseObject({
  advisoryId: z.uuid(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  status: z.string(),
  at: z.string(),
});
export type AcknowledgedEventPayload = z.infer<typeof AcknowledgedEventPayloadSchema>;

/**
 * Payload of the incident events: every one names its incident (`id` for the incident's own events,
 * `incidentId` for thread and indicator events); the rest passes through. Clients reload the incident
 * or thread through REST on these, so the REST presenter stays the one full shape.
 */
export const IncidentEventPayloadSchema = z.looseObject({ id: z.string().optional(), incidentId: z.string().optional() });
export type IncidentEventPayload = z.infer<typeof IncidentEventPayloadSchema>;

/** The incident an incident event is about. */
export function incidentIdOf(payload: IncidentEventPayload): string | undefined {
  return payload.incidentId ?? payload.id;
}

/** One delivered event. */
export type LiveEvent =
  | { seq: number; type: AdvisoryEventType; payload: AdvisoryEventPayload }
  | { seq: number; type: 'advisory.revoked'; payload: AdvisoryRevokedPayload }
  | { seq: number; type: 'advisory.acknowledged'; payload: AcknowledgedEventPayload }
  | { seq: number; type: 'advisory.affects_you'; payload: Record<string, unknown> & { advisoryId: string; organizationId: string } }
  | { seq: number; type: IncidentEventType; payload: IncidentEventPayload }
  | { seq: number; type: FeedEventType; payload: FeedEventPayload };

/** Whether the event is one of the advisory lifecycle events (payload: the advisory). */
export function isAdvisoryEvent(event: LiveEvent): event is Extract<LiveEvent, { type: AdvisoryEventType }> {
  return (ADVISORY_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** Whether the event is an incident event. */
export function isIncidentEvent(event: LiveEvent): event is Extract<LiveEvent, { type: IncidentEventType }> {
  return (INCIDENT_EVENT_TYPES as readonly string[]).includes(event.type);
}

export interface ServerToClientEvents {
  event: (event: LiveEvent) => void;
  ready: (info: { seq: number; replayed: number }) => void;
  resync: (info: { seq: number; reason: 'gap_too_old' | 'too_many_events' | 'purged' }) => void;
}

/** Acknowledgement shape of every client → server event (same codes as the HTTP error catalog). */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** `position.get`: asks for the newest seq the socket is positioned at (used by clients to verify they are current). */
export const PositionGetPayloadSchema = z.strictObject({}).optional();

export interface ClientToServerEvents {
  'position.get': (payload: z.input<typeof PositionGetPayloadSchema>, ack: (answer: Ack<{ seq: number }>) => void) => void;
}

/**
 * The handshake `auth` object (DESIGN.md: `auth: { token?, since? }`). `since` is the last seq the
 * client processed; absent for a fresh client, which starts live.
 */
export const HandshakeAuthSchema = z.object({
  token: z.string().min(1).max(512).optional(),
  since: z.coerce.number().int().nonnegative().optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;
