/**
 * Outbox events of the situation slice (docs/adr/0007). Who receives them is decided at delivery by
 * server/access/situation.ts from the subject as it is then: the threat level (subject: the platform)
 * every logged-in user; a drafted Lagebericht the CERT; a published one those who may read the report
 * as it is now (its label and the audience fixed at publication).
 */
import { defineEvent } from '../access/event-declaration.js';
import { REPORT_DRAFTED_AUDIENCE, reportPublishedAudience, THREAT_LEVEL_AUDIENCE } from '../access/situation.js';
import { LevelChangedPayloadSchema, ReportEventPayloadSchema } from '../realtime/events.js';

/** The CERT set the threat level (payload: the level as the API gives it). */
export const LEVEL_CHANGED = defineEvent({ type: 'situation.level.changed', subject: 'platform', payload: LevelChangedPayloadSchema, live: true, audience: () => THREAT_LEVEL_AUDIENCE });

/** A Lagebericht was drafted (payload: id, title, label, status — never the content). */
export const REPORT_DRAFTED = defineEvent({ type: 'situation.report.drafted', subject: 'situation_report', payload: ReportEventPayloadSchema, live: true, audience: () => REPORT_DRAFTED_AUDIENCE });

/** A Lagebericht was published (payload as drafted). */
export const REPORT_PUBLISHED = defineEvent({ type: 'situation.report.published', subject: 'situation_report', payload: ReportEventPayloadSchema, live: true, audience: (report) => reportPublishedAudience(report) });

/** Every situation event declaration (collected by server/events.ts). */
export const SITUATION_EVENTS = [LEVEL_CHANGED, REPORT_DRAFTED, REPORT_PUBLISHED] as const;
