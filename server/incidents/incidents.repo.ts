/**
 * Database access of the incidents slice. Every read of an incident takes a principal and applies
 * `incidentVisibleTo` (server/access); thread, stages and attachments are read only after their
 * incident was loaded that way.
 */
import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import { incidentVisibleTo } from '../access/visible-to.js';
import type { Executor } from '../platform/db/client.js';
import { organizations } from '../organizations/organizations.table.js';
import { users } from '../users/users.table.js';
import type { ReportStage } from './deadlines.js';
import {
  incidentAttachments,
  incidentMessageReads,
  incidentMessages,
  incidents,
  incidentStageAcknowledgements,
  incidentStageSubmissions,
  type IncidentAttachmentRow,
  type IncidentMessageRow,
  type IncidentRow,
  type StageAcknowledgementRow,
  type StageSubmissionRow,
} from './incidents.table.js';

/** One incident if the principal may see it; `forUpdate` locks the row inside a transaction. */
export async function findIncidentVisibleTo(db: Executor, principal: Principal, id: string, forUpdate = false): Promise<IncidentRow | undefined> {
  const query = db
    .select()
    .from(incidents)
    .where(and(eq(incidents.id, id), incidentVisibleTo(principal, incidents.reportingOrganizationId)))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Incidents the principal may see, newest first, one extra row for the next cursor. */
export async function listIncidentsVisibleTo(db: Executor, principal: Principal, limit: number, after?: { createdAt: string; id: string }, state?: string): Promise<IncidentRow[]> {
  const cursor = after ? sql`(${incidents.createdAt}, ${incidents.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : undefined;
  return db
    .select()
    .from(incidents)
    .where(and(incidentVisibleTo(principal, incidents.reportingOrganizationId), cursor, state ? eq(incidents.triageState, state as IncidentRow['triageState']) : undefined))
    .orderBy(desc(incidents.createdAt), desc(incidents.id))
    .limit(limit + 1);
}

/** Reported incidents for the CERT queue (open ones, or those in `state`); sorted by the caller. */
export async function listQueueIncidents(db: Executor, principal: Principal, state?: string): Promise<IncidentRow[]> {
  return db
    .select()
    .from(incidents)
    .where(
      and(
        incidentVisibleTo(principal, incidents.reportingOrganizationId),
        eq(incidents.status, 'reported'),
        state ? eq(incidents.triageState, state as IncidentRow['triageState']) : ne(incidents.triageState, 'closed'),
      ),
    )
    .limit(2_000);
}

/** Inserts an incident. */
export async function insertIncident(tx: Executor, values: typeof incidents.$inferInsert): Promise<IncidentRow> {
  const [row] = await tx.insert(incidents).values(values).returning();
  if (!row) throw new Error('incident insert returned no row');
  return row;
}

/** Updates an incident the caller has loaded through `findIncidentVisibleTo`. */
export async function updateIncident(tx: Executor, id: string, values: Partial<typeof incidents.$inferInsert>): Promise<IncidentRow> {
  const [row] = await tx.update(incidents).set(values).where(eq(incidents.id, id)).returning();
  if (!row) throw new Error('incident update matched no row');
  return row;
}

/** Stage submissions of an incident, oldest first. */
export async function listStageSubmissions(db: Executor, incidentIds: string[]): Promise<StageSubmissionRow[]> {
  if (incidentIds.length === 0) return [];
  return db.select().from(incidentStageSubmissions).where(inArray(incidentStageSubmissions.incidentId, incidentIds)).orderBy(asc(incidentStageSubmissions.submittedAt));
}

/** BSI acknowledgements of the submissions of these incidents, by submission id. */
export async function listStageAcknowledgements(db: Executor, incidentIds: string[]): Promise<Map<string, StageAcknowledgementRow>> {
  if (incidentIds.length === 0) return new Map();
  const rows = await db.select().from(incidentStageAcknowledgements).where(inArray(incidentStageAcknowledgements.incidentId, incidentIds));
  return new Map(rows.map((row) => [row.submissionId, row]));
}

/** Appends a stage submission (the table is insert-only: there is no update function). */
export async function insertStageSubmission(tx: Executor, values: typeof incidentStageSubmissions.$inferInsert): Promise<StageSubmissionRow> {
  const [row] = await tx.insert(incidentStageSubmissions).values(values).returning();
  if (!row) throw new Error('stage insert returned no row');
  return row;
}

/** The next revision number of a stage. */
export async function nextStageRevision(tx: Executor, incidentId: string, stage: ReportStage): Promise<number> {
  const [row] = await tx
    .select({ max: sql<number>`coalesce(max(${incidentStageSubmissions.revision}), 0)::int` })
    .from(incidentStageSubmissions)
    .where(and(eq(incidentStageSubmissions.incidentId, incidentId), eq(incidentStageSubmissions.stage, stage)));
  return Number(row?.max ?? 0) + 1;
}

/** A message row with its author's name and organization. */
export type MessageWithAuthor = IncidentMessageRow & { authorName: string | null; authorOrganizationName: string | null };

/** The thread of an incident, oldest first. */
export async function listMessages(db: Executor, incidentId: string): Promise<MessageWithAuthor[]> {
  const rows = await db
    .select({ message: incidentMessages, authorName: users.name, authorOrganizationName: organizations.name })
    .from(incidentMessages)
    .leftJoin(users, eq(users.id, incidentMessages.authorUserId))
    .leftJoin(organizations, eq(organizations.id, incidentMessages.authorOrganizationId))
    .where(eq(incidentMessages.incidentId, incidentId))
    .orderBy(asc(incidentMessages.createdAt), asc(incidentMessages.id));
  return rows.map((row) => ({ ...row.message, authorName: row.authorName, authorOrganizationName: row.authorOrganizationName }));
}

/** Read receipts of the given messages with the reader's name. */
export async function listReads(db: Executor, messageIds: string[]): Promise<{ messageId: string; userId: string; name: string; readAt: Date }[]> {
  if (messageIds.length === 0) return [];
  return db
    .select({ messageId: incidentMessageReads.messageId, userId: incidentMessageReads.userId, name: users.name, readAt: incidentMessageReads.readAt })
    .from(incidentMessageReads)
    .innerJoin(users, eq(users.id, incidentMessageReads.userId))
    .where(inArray(incidentMessageReads.messageId, messageIds))
    .orderBy(asc(incidentMessageReads.readAt));
}

/** Attachments bound to the given messages. */
export async function listMessageAttachments(db: Executor, messageIds: string[]): Promise<IncidentAttachmentRow[]> {
  if (messageIds.length === 0) return [];
  return db.select().from(incidentAttachments).where(inArray(incidentAttachments.messageId, messageIds)).orderBy(asc(incidentAttachments.createdAt));
}

/** Unbound uploads of this user for this incident, to attach to a new message. */
export async function findPendingAttachments(tx: Executor, incidentId: string, userId: string, ids: string[]): Promise<IncidentAttachmentRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(incidentAttachments)
    .where(and(eq(incidentAttachments.incidentId, incidentId), eq(incidentAttachments.uploadedBy, userId), isNull(incidentAttachments.messageId), inArray(incidentAttachments.id, ids)));
}
