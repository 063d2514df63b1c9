/**
 * Outbox events of the matching slice, both about an advisory and one organization: `advisory.matched`
 * ("Betrifft Sie", live and notified) and `advisory.escalated` (an unanswered critical match, notified
 * only). Their audience is that organization (and the CERT), never wider than the advisory as it is
 * at delivery (server/access/delivery.ts).
 */
import { z } from 'zod';
import { defineEvent } from '../access/event-declaration.js';
import { AdvisoryMatchedPayloadSchema } from '../realtime/events.js';

export const ADVISORY_MATCHED = defineEvent({
  type: 'advisory.matched',
  subject: 'advisory',
  payload: AdvisoryMatchedPayloadSchema,
  live: true,
  audience: (advisory, { payload }) => ({ kind: 'organization', organizationId: payload.organizationId, within: advisory }),
});

export const ADVISORY_ESCALATED = defineEvent({
  type: 'advisory.escalated',
  subject: 'advisory',
  payload: z.strictObject({ advisoryId: z.uuid(), organizationId: z.uuid(), kind: z.enum(['escalation', 'reminder']), contacts: z.array(z.string()) }),
  live: false,
  audience: (advisory, { payload }) => ({ kind: 'organization', organizationId: payload.organizationId, within: advisory }),
});

export const MATCHING_EVENTS = [ADVISORY_MATCHED, ADVISORY_ESCALATED] as const;
