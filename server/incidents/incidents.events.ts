/**
 * Outbox events of the incidents slice. Incident events reach the incident's participants (direct
 * members of the reporting organization, and the CERT); CERT-internal ones (a note, a share, the
 * checklist) the CERT alone. Both are decided at delivery by server/access/ from the incident as it
 * is then.
 */
import { defineEvent, emitEvent } from '../access/event-declaration.js';
import type { Executor } from '../platform/db/client.js';
import {
  INCIDENT_CERT_EVENT_TYPES,
  INCIDENT_EVENT_TYPES,
  IncidentEventPayloadSchema,
  type IncidentCertEventType,
  type IncidentEventType,
} from '../realtime/events.js';

/** The names live in the Socket.IO catalog (server/realtime/events.ts): clients receive them. */
export const INCIDENT_EVENTS = INCIDENT_EVENT_TYPES;
export type { IncidentEventType };

const participantEvents = INCIDENT_EVENT_TYPES.map((type) =>
  defineEvent({ type, subject: 'incident', payload: IncidentEventPayloadSchema, live: true, audience: (incident) => ({ kind: 'incident', reportingOrganizationId: incident.reportingOrganizationId }) }),
);
const certEvents = INCIDENT_CERT_EVENT_TYPES.map((type) => defineEvent({ type, subject: 'incident', payload: IncidentEventPayloadSchema, live: true, audience: () => ({ kind: 'cert' }) }));

/** Every incident event declaration (collected by server/events.ts). */
export const INCIDENT_EVENT_DECLARATIONS = [...participantEvents, ...certEvents];

function declaration(type: string) {
  const found = INCIDENT_EVENT_DECLARATIONS.find((entry) => entry.type === type);
  if (!found) throw new Error(`undeclared incident event ${type}`);
  return found;
}

/** Writes an incident event (participants) in the caller's transaction. @returns the outbox sequence number. */
export async function enqueueIncidentEvent(tx: Executor, type: IncidentEventType, incidentId: string, payload: Record<string, unknown>): Promise<number> {
  return emitEvent(tx, declaration(type), incidentId, payload);
}

/** Writes a CERT-internal incident event (payload: the incident id and ids only, never note text). */
export async function enqueueCertEvent(tx: Executor, type: IncidentCertEventType, payload: { incidentId: string } & Record<string, unknown>): Promise<number> {
  return emitEvent(tx, declaration(type), payload.incidentId, payload);
}
