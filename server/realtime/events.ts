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

/** Event types clients receive; the same names as the outbox `type` (one naming scheme). */
export const CLIENT_EVENT_TYPES = ['advisory.published', 'advisory.revised', 'advisory.withdrawn'] as const;
export type ClientEventType = (typeof CLIENT_EVENT_TYPES)[number];

/**
 * Outbox events for the instances themselves, never sent to a client: `principal.changed` makes every
 * instance re-load the principals of the named users' sockets (rooms, deactivation).
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

/** Payload of `principal.changed`: whose principals to reload. */
export const PrincipalChangedPayloadSchema = z.object({ userIds: z.array(z.uuid()) });
export type PrincipalChangedPayload = z.infer<typeof PrincipalChangedPayloadSchema>;

/** One delivered event. */
export type LiveEvent = { seq: number; type: ClientEventType; payload: AdvisoryEventPayload };

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
