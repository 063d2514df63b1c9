/**
 * `advisory.acknowledged`: an organization's answer, for the CERT's coverage view and the
 * organization's own members; never wider than the advisory as it is at delivery.
 */
import { defineEvent } from '../access/event-declaration.js';
import { AcknowledgedEventPayloadSchema } from '../realtime/events.js';

export const ADVISORY_ACKNOWLEDGED = defineEvent({
  type: 'advisory.acknowledged',
  subject: 'advisory',
  payload: AcknowledgedEventPayloadSchema,
  live: true,
  audience: (advisory, { payload }) => ({ kind: 'organization', organizationId: payload.organizationId, within: advisory }),
});
