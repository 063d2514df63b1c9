/**
 * THE list of outbox event declarations (like routes.ts and jobs.ts): each slice declares its events
 * in its own `*.events.ts`; this file collects them and resolves, at delivery, the audience of
 * stored events from their subjects' current state (server/access/). An outbox row whose type is not
 * declared here is delivered to nobody.
 */
import type { DeliveryAudience } from './access/delivery.js';
import type { EventDeclaration } from './access/event-declaration.js';
import { loadSubjectStates, subjectState, SUBJECT_KINDS, type SubjectKind, type SubjectStates } from './access/subjects.js';
import { ADVISORY_ACKNOWLEDGED } from './acknowledgements/acknowledgements.events.js';
import { ADVISORY_EVENTS } from './advisories/advisories.events.js';
import { FEED_EVENT_DECLARATIONS } from './feeds/feeds.events.js';
import { INCIDENT_EVENT_DECLARATIONS } from './incidents/incidents.events.js';
import { MATCHING_EVENTS } from './matching/matching.events.js';
import type { Executor } from './platform/db/client.js';
import type { EventRow } from './platform/outbox/events.table.js';
import { PRINCIPAL_CHANGED } from './users/users.events.js';
import { SESSION_ENDED } from './auth/session-end.js';
import { NOTIFICATION_CREATED } from './notifications/notifications.events.js';
import { SITUATION_EVENTS } from './situation/situation.events.js';

/** Every declared event. */
export const EVENT_DECLARATIONS: readonly EventDeclaration[] = [
  ...ADVISORY_EVENTS,
  ADVISORY_ACKNOWLEDGED,
  ...MATCHING_EVENTS,
  ...INCIDENT_EVENT_DECLARATIONS,
  ...FEED_EVENT_DECLARATIONS,
  ...SITUATION_EVENTS,
  NOTIFICATION_CREATED,
  PRINCIPAL_CHANGED,
  SESSION_ENDED,
] as readonly EventDeclaration[];

const BY_TYPE = new Map(EVENT_DECLARATIONS.map((declaration) => [declaration.type, declaration]));

/** The declaration of an event type, if declared. */
export function eventDeclaration(type: string): EventDeclaration | undefined {
  return BY_TYPE.get(type);
}

function subjectOf(row: Pick<EventRow, 'subjectKind' | 'subjectId'>): { kind: SubjectKind; id: string } | null {
  const kind = SUBJECT_KINDS.find((candidate) => candidate === row.subjectKind);
  return kind ? { kind, id: row.subjectId } : null;
}

/**
 * The audience of a stored event given the current subject states: null when the event is internal or
 * undeclared, its subject is gone, or its payload no longer matches its declaration.
 */
export function audienceOfEvent(row: EventRow, states: SubjectStates): DeliveryAudience | null {
  const declaration = BY_TYPE.get(row.type);
  const subject = subjectOf(row);
  if (!declaration?.audience || !subject || subject.kind !== declaration.subject) return null;
  const state = subjectState(states, subject);
  if (state === undefined) return null;
  const payload = declaration.payload.safeParse(row.payload);
  if (!payload.success) return null;
  return declaration.audience(state, { payload: payload.data, context: row.context });
}

/** Loads the current subjects of these events and resolves every event's audience (by seq). */
export async function resolveEventAudiences(db: Executor, rows: readonly EventRow[]): Promise<Map<number, DeliveryAudience | null>> {
  const subjects = rows.map(subjectOf).filter((subject): subject is NonNullable<typeof subject> => subject !== null);
  const states = await loadSubjectStates(db, subjects);
  return new Map(rows.map((row) => [row.seq, audienceOfEvent(row, states)]));
}
