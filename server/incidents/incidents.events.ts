/**
 * Outbox events of the incidents slice. The audience of every incident event is the reporting
 * organization plus the CERT: expressed as TLP:AMBER+STRICT addressed to the reporting
 * organization, which the dispatcher's policy resolves to exactly the incident channel (direct
 * members of that organization, and the CERT).
 */
import type { Executor } from '../platform/db/client.js';
import { enqueueEvent } from '../platform/outbox/enqueue.js';
import type { EventAudience } from '../platform/outbox/events.table.js';
import { INCIDENT_EVENT_TYPES, type IncidentEventType } from '../realtime/events.js';

/** The names live in the Socket.IO catalog (server/realtime/events.ts): clients receive them. */
export const INCIDENT_EVENTS = INCIDENT_EVENT_TYPES;
export type { IncidentEventType };

/** Reporting organization + CERT. */
export function incidentEventAudience(reportingOrganizationId: string): EventAudience {
  return { tlp: 'amber+strict', organizations: [reportingOrganizationId], authorOrganizationId: reportingOrganizationId };
}

/** Writes an incident event in the caller's transaction. @returns the outbox sequence number. */
export async function enqueueIncidentEvent(tx: Executor, type: IncidentEventType, reportingOrganizationId: string, payload: Record<string, unknown>): Promise<number> {
  return enqueueEvent(tx, type, incidentEventAudience(reportingOrganizationId), payload);
}
