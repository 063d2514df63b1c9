/**
 * How a slice declares an outbox event (each slice in its own `*.events.ts`; server/events.ts
 * collects them): its type, the kind of subject it is about, its zod payload, whether clients get
 * it live, and which audience the subject's CURRENT state gives it. The audience is one of the closed
 * union in delivery.ts, so a slice cannot invent a rule: `canReceive` decides.
 */
import type { z } from 'zod';
import type { Executor } from '../platform/db/client.js';
import { enqueueEvent } from '../platform/outbox/enqueue.js';
import type { EventContext } from '../platform/outbox/events.table.js';
import type { DeliveryAudience } from './delivery.js';
import type { SubjectKind, SubjectState } from './subjects.js';

/** One event type. `audience` null = internal: never delivered to a client or a person. */
export type EventDeclaration<K extends SubjectKind = SubjectKind, P extends z.ZodType = z.ZodType> = {
  type: string;
  subject: K;
  payload: P;
  /** Sent over Socket.IO (live and replay); the name is then in server/realtime/events.ts. */
  live: boolean;
  audience: ((subject: SubjectState<K>, event: { payload: z.output<P>; context: EventContext }) => DeliveryAudience) | null;
};

/** Declares an event (identity function that keeps the types). */
export function defineEvent<K extends SubjectKind, P extends z.ZodType>(declaration: EventDeclaration<K, P>): EventDeclaration<K, P> {
  return declaration;
}

/**
 * Writes a declared event in the caller's transaction. The payload is validated against the
 * declaration (a slice cannot write what its consumers do not expect).
 * @returns the outbox sequence number.
 * @throws ZodError when the payload does not match the declaration.
 */
export async function emitEvent<K extends SubjectKind, P extends z.ZodType>(
  tx: Executor,
  declaration: EventDeclaration<K, P>,
  subjectId: string,
  payload: z.input<P>,
  context: EventContext = {},
): Promise<number> {
  const parsed = declaration.payload.parse(payload) as Record<string, unknown>;
  return enqueueEvent(tx, { type: declaration.type, subjectKind: declaration.subject, subjectId, payload: parsed, context });
}
