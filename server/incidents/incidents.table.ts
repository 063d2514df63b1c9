import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../organizations/organizations.table.js';
import { users } from '../users/users.table.js';
import type { TlpLevel } from '../access/tlp.js';
import type { ReportStage } from './deadlines.js';
import type { IncidentDraft, IncidentReport, StageSubmissionBody } from './incidents.schemas.js';
import type { IncidentSeverity, TriageState } from './triage.js';
import type { IncidentType } from './incident-types.js';
import type { ShareOverride } from './sharing/share-check.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * Incident reports of constituents. Visible to the reporting organization's members and the CERT
 * only (server/access `canViewIncident` / `incidentVisibleTo`). `draft` holds the report while it
 * is edited; once reported, the report's content changes only through immutable stage submissions.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportingOrganizationId: uuid('reporting_organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    reporterUserId: uuid('reporter_user_id').references(() => users.id, { onDelete: 'set null' }),
    status: text('status').$type<'draft' | 'reported'>().notNull().default('draft'),
    draft: jsonb('draft').$type<IncidentDraft>().notNull(),
    /** The report as last submitted (the latest stage snapshot); null while a draft. */
    report: jsonb('report').$type<IncidentReport>(),
    /** Kenntniserlangung, entered by the reporter; every change is audited. All clocks start here. */
    awarenessAt: ts('awareness_at'),
    handlingEndedAt: ts('handling_ended_at'),
    intermediateRequestedDueAt: ts('intermediate_requested_due_at'),
    triageState: text('triage_state').$type<TriageState>().notNull().default('new'),
    severity: text('severity').$type<IncidentSeverity>(),
    /** The CERT's classification (decides the checklist template); starts from the report. */
    incidentType: text('incident_type').$type<IncidentType>(),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    reportedAt: ts('reported_at'),
    acknowledgedAt: ts('acknowledged_at'),
    firstCertResponseAt: ts('first_cert_response_at'),
    closedAt: ts('closed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('incidents_status_check', sql`${t.status} in ('draft','reported')`),
    check('incidents_triage_state_check', sql`${t.triageState} in ('new','acknowledged','investigating','contained','closed')`),
    check('incidents_severity_check', sql`${t.severity} is null or ${t.severity} in ('niedrig','mittel','hoch','kritisch')`),
    index('incidents_org_idx').on(t.reportingOrganizationId, t.createdAt),
    index('incidents_queue_idx').on(t.status, t.triageState),
  ],
);

/** Submitted report stages: insert-only (a correction is a new row pointing at the one it corrects). */
export const incidentStageSubmissions = pgTable(
  'incident_stage_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    stage: text('stage').$type<ReportStage>().notNull(),
    /** 1 for the first submission of the stage, +1 per correction. */
    revision: integer('revision').notNull(),
    correctsId: uuid('corrects_id'),
    content: jsonb('content').$type<StageSubmissionBody>().notNull(),
    /** The report as it stood when this stage was submitted. */
    report: jsonb('report').$type<IncidentReport>().notNull(),
    awarenessAt: ts('awareness_at').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    unique('incident_stage_revision_unique').on(t.incidentId, t.stage, t.revision),
    check('incident_stage_check', sql`${t.stage} in ('early_warning','notification','intermediate','progress','final')`),
  ],
);

/**
 * The BSI's acknowledgement of receipt (Eingangsbestätigung) of one submitted stage: its reference
 * number and date, recorded afterwards by the reporter or the CERT. Kept beside the insert-only
 * submission so the submitted content stays untouched; every change is audited with the old values.
 */
export const incidentStageAcknowledgements = pgTable('incident_stage_acknowledgements', {
  submissionId: uuid('submission_id')
    .primaryKey()
    .references(() => incidentStageSubmissions.id, { onDelete: 'cascade' }),
  incidentId: uuid('incident_id')
    .notNull()
    .references(() => incidents.id, { onDelete: 'cascade' }),
  /** The BSI's reference number (Vorgangsnummer) from the acknowledgement. */
  bsiReference: text('bsi_reference').notNull(),
  /** When the BSI acknowledged receipt (date and time of the Eingangsbestätigung). */
  acknowledgedAt: ts('acknowledged_at').notNull(),
  note: text('note'),
  recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
  recordedAt: ts('recorded_at').notNull().defaultNow(),
});

/** The secure thread between the reporting organization and the CERT. */
export const incidentMessages = pgTable(
  'incident_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    authorOrganizationId: uuid('author_organization_id').references(() => organizations.id, { onDelete: 'set null' }),
    fromCert: text('from_cert').$type<'yes' | 'no'>().notNull(),
    tlp: text('tlp').$type<TlpLevel>().notNull(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('incident_messages_thread_idx').on(t.incidentId, t.createdAt), check('incident_messages_tlp_check', sql`${t.tlp} in ('clear','green','amber','amber+strict')`)],
);

/** Read receipts: who read which message when. */
export const incidentMessageReads = pgTable(
  'incident_message_reads',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => incidentMessages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    readAt: ts('read_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] })],
);

/** Uploaded files, stored under DATA_DIR/attachments with a random name; bound to a message once posted. */
export const incidentAttachments = pgTable(
  'incident_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').references(() => incidentMessages.id, { onDelete: 'cascade' }),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    storedName: text('stored_name').notNull().unique(),
    fileName: text('file_name').notNull(),
    kind: text('kind').notNull(),
    mediaType: text('media_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [check('incident_attachments_stored_name_check', sql`${t.storedName} ~ '^[0-9a-f]{32}$'`), index('incident_attachments_message_idx').on(t.messageId)],
);

/** Reminders already sent, so each threshold of each deadline reminds once (several instances). */
export const incidentReminders = pgTable(
  'incident_reminders',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    stage: text('stage').$type<ReportStage>().notNull(),
    dueAt: ts('due_at').notNull(),
    hoursBefore: integer('hours_before').notNull(),
    sentAt: ts('sent_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.stage, t.dueAt, t.hoursBefore] })],
);

/** What the CERT published from an incident: the link to the original, visible to the CERT only. */
export const incidentShares = pgTable('incident_shares', {
  id: uuid('id').primaryKey().defaultRandom(),
  incidentId: uuid('incident_id')
    .notNull()
    .references(() => incidents.id, { onDelete: 'cascade' }),
  kind: text('kind').$type<'advisory' | 'indicator-package'>().notNull(),
  targetId: text('target_id').notNull(),
  reporterLabel: text('reporter_label').notNull(),
  sharedBy: uuid('shared_by').references(() => users.id, { onDelete: 'set null' }),
  /** The package's TLP, how many indicators it carried, and the per-item overrides of flags with their reasons. */
  tlp: text('tlp').$type<TlpLevel>(),
  itemCount: integer('item_count').notNull().default(0),
  overrides: jsonb('overrides').$type<ShareOverride[]>().notNull().default([]),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** CERT-internal notes on an incident: never shown to the reporting organization, never in its events. */
export const incidentNotes = pgTable(
  'incident_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('incident_notes_incident_idx').on(t.incidentId, t.createdAt)],
);

/** The CERT's response checklist of an incident: template tasks by incident type plus the analysts' own. */
export const incidentTasks = pgTable(
  'incident_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** The template task's key (`bsi_informed` …); null for a task an analyst added. */
    templateKey: text('template_key'),
    title: text('title'),
    position: integer('position').notNull(),
    doneAt: ts('done_at'),
    doneBy: uuid('done_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('incident_tasks_template_unique').on(t.incidentId, t.templateKey), index('incident_tasks_incident_idx').on(t.incidentId, t.position)],
);

/** Every triage change (state, severity, assignee, type) with its actor and note: the timeline's source. */
export const incidentTriageChanges = pgTable(
  'incident_triage_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    field: text('field').$type<'state' | 'severity' | 'assignee' | 'incident_type'>().notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    /** The closing note (CERT-internal) or the reason of a reopening. */
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('incident_triage_changes_incident_idx').on(t.incidentId, t.createdAt), check('incident_triage_changes_field_check', sql`${t.field} in ('state','severity','assignee','incident_type')`)],
);

export type IncidentRow = typeof incidents.$inferSelect;
export type StageSubmissionRow = typeof incidentStageSubmissions.$inferSelect;
export type StageAcknowledgementRow = typeof incidentStageAcknowledgements.$inferSelect;
export type IncidentMessageRow = typeof incidentMessages.$inferSelect;
export type IncidentAttachmentRow = typeof incidentAttachments.$inferSelect;
export type IncidentNoteRow = typeof incidentNotes.$inferSelect;
export type IncidentTaskRow = typeof incidentTasks.$inferSelect;
export type IncidentTriageChangeRow = typeof incidentTriageChanges.$inferSelect;
export type IncidentShareRow = typeof incidentShares.$inferSelect;
