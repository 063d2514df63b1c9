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
  'incident.deadline.approached',
  'incident.message.posted',
  'incident.message.read',
  'incident.indicators.added',
] as const;
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/**
 * CERT-internal incident events (a note, a share, the checklist): their audience is the CERT alone,
 * never the reporting organization, so they are NOT incident-channel events. The payload names the
 * incident only; the content is read through REST, where the CERT-only rule applies again.
 */
export const INCIDENT_CERT_EVENT_TYPES = ['incident.note.added', 'incident.shared', 'incident.checklist.updated'] as const;
export type IncidentCertEventType = (typeof INCIDENT_CERT_EVENT_TYPES)[number];

/** New or revised feed items and finished runs: CERT only (their outbox audience says so; access/ decides). */
export const FEED_EVENT_TYPES = ['feed.item.created', 'feed.item.updated', 'feed.run.completed'] as const;
export type FeedEventType = (typeof FEED_EVENT_TYPES)[number];

/**
 * The situation picture (access/situation.ts decides every audience): the CERT's threat level changed
 * (every logged-in user); a Lagebericht was drafted (the CERT) or published (its TLP audience, payload:
 * id, title, label, status, never the content); an in-app notification was created for the one
 * receiving user (payload: its id and the user's new unread count, so the bell follows without reload).
 */
export const SITUATION_EVENT_TYPES = ['situation.level.changed', 'situation.report.drafted', 'situation.report.published'] as const;
export const NOTIFICATION_EVENT_TYPES = ['notification.created'] as const;

/**
 * `advisory.revoked` carries only the id: a revision narrowed the advisory's visibility (TLP raised,
 * audience reduced) and the receiving user no longer may see it, so the client removes it.
 * `advisory.acknowledged` is an organization's answer, for the CERT's coverage view.
 * `advisory.matched` tells an organization that its inventory matches the advisory ("Betrifft Sie").
 * Every name is `<noun>.<past verb>`; server/events.ts holds the declarations (subject, payload, audience).
 */
export const CLIENT_EVENT_TYPES = [...ADVISORY_EVENT_TYPES, 'advisory.revoked', 'advisory.acknowledged', 'advisory.matched', ...INCIDENT_EVENT_TYPES, ...INCIDENT_CERT_EVENT_TYPES, ...FEED_EVENT_TYPES, ...SITUATION_EVENT_TYPES, ...NOTIFICATION_EVENT_TYPES] as const;
export type ClientEventType = (typeof CLIENT_EVENT_TYPES)[number];


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

/** Payload of `session.ended`: the handles (hashes) of the ended sessions, never usable session ids. */
export const SessionEndedPayloadSchema = z.object({ sessions: z.array(z.string().regex(/^[0-9a-f]{32}$/)) });
export type SessionEndedPayload = z.infer<typeof SessionEndedPayloadSchema>;

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

/** Payload of `advisory.matched` (server/matching/matching.service.ts): the match for one organization. */
export const AdvisoryMatchedPayloadSchema = z.looseObject({
  advisoryId: z.uuid(),
  organizationId: z.uuid(),
  version: z.number().int(),
  severity: z.string(),
  tlp: z.string(),
  certainty: z.enum(['confirmed', 'possible']),
  reasons: z.array(z.looseObject({ de: z.string(), en: z.string() })),
});
export type AdvisoryMatchedPayload = z.infer<typeof AdvisoryMatchedPayloadSchema>;

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

/** Payload of `situation.level.changed`: the level as GET /api/v1/situation gives it. */
export const LevelChangedPayloadSchema = z.looseObject({
  level: z.number().int(),
  label: LocalizedSchema,
  reason: LocalizedSchema.nullable(),
  setAt: z.string().nullable(),
});
export type LevelChangedPayload = z.infer<typeof LevelChangedPayloadSchema>;

/** Payload of the Lagebericht events: which report, never its content (read through REST). */
export const ReportEventPayloadSchema = z.looseObject({ id: z.uuid(), title: LocalizedSchema, tlp: z.string(), status: z.string() });
export type ReportEventPayload = z.infer<typeof ReportEventPayloadSchema>;

/** Payload of `notification.created`: the notification's id and the recipient's unread count. */
export const NotificationCreatedPayloadSchema = z.strictObject({ id: z.uuid(), unread: z.number().int() });
export type NotificationCreatedPayload = z.infer<typeof NotificationCreatedPayloadSchema>;

/** One delivered event. */
export type LiveEvent =
  | { seq: number; type: AdvisoryEventType; payload: AdvisoryEventPayload }
  | { seq: number; type: 'advisory.revoked'; payload: AdvisoryRevokedPayload }
  | { seq: number; type: 'advisory.acknowledged'; payload: AcknowledgedEventPayload }
  | { seq: number; type: 'advisory.matched'; payload: AdvisoryMatchedPayload }
  | { seq: number; type: IncidentEventType; payload: IncidentEventPayload }
  | { seq: number; type: IncidentCertEventType; payload: IncidentEventPayload }
  | { seq: number; type: FeedEventType; payload: FeedEventPayload }
  | { seq: number; type: 'situation.level.changed'; payload: LevelChangedPayload }
  | { seq: number; type: 'situation.report.drafted' | 'situation.report.published'; payload: ReportEventPayload }
  | { seq: number; type: 'notification.created'; payload: NotificationCreatedPayload };

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
  /** Live from here on; `replayed` counts the events sent before it (replayed, and live ones that arrived during the replay). */
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
