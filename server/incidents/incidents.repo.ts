/**
 * Database access of the incidents slice. Every read of an incident takes a principal and applies
 * `incidentVisibleTo` (server/access); thread, stages and attachments are read only after their
 * incident was loaded that way.
 */
import { and, asc, desc, eq, ilike, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import { incidentAssigneeWhere } from '../access/incident-assignees.js';
import { incidentVisibleTo } from '../access/visible-to.js';
import type { Executor } from '../platform/db/client.js';
import { organizations } from '../organizations/organizations.table.js';
import { memberships, users } from '../users/users.table.js';
import type { IncidentSort } from './incidents.schemas.js';
import { INCIDENT_SEVERITIES, TRIAGE_STATES, type IncidentSeverity, type TriageState } from './triage.js';
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

/** Filters of the incident list (besides visibility, which is always applied). */
export type IncidentListFilter = {
  /** The CERT queue: reported incidents only, open ones unless `state` is given. */
  queue: boolean;
  state?: TriageState | undefined;
  severity?: IncidentSeverity | undefined;
  /** A user id, or null for unassigned. */
  assignee?: string | null | undefined;
  q?: string | undefined;
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function listWhere(principal: Principal, filter: IncidentListFilter): SQL | undefined {
  const title = sql`coalesce(${incidents.report}->>'title', ${incidents.draft}->>'title')`;
  return and(
    incidentVisibleTo(principal, incidents.reportingOrganizationId),
    filter.queue ? eq(incidents.status, 'reported') : undefined,
    filter.state ? eq(incidents.triageState, filter.state) : filter.queue ? ne(incidents.triageState, 'closed') : undefined,
    filter.severity ? eq(incidents.severity, filter.severity) : undefined,
    filter.assignee === null ? isNull(incidents.assigneeUserId) : filter.assignee ? eq(incidents.assigneeUserId, filter.assignee) : undefined,
    filter.q ? ilike(title, `%${escapeLike(filter.q)}%`) : undefined,
  );
}

/** The SQL sort expression of a column (severity and state by their rank, texts case-insensitively). */
function sortExpression(sort: Exclude<IncidentSort, 'urgency' | 'nextDue'>): SQL {
  switch (sort) {
    case 'created':
      return sql`${incidents.createdAt}`;
    case 'reported':
      return sql`${incidents.reportedAt}`;
    case 'title':
      return sql`lower(coalesce(${incidents.report}->>'title', ${incidents.draft}->>'title', ''))`;
    case 'organization':
      return sql`lower(${organizations.name})`;
    case 'assignee':
      return sql`lower(${users.name})`;
    case 'severity':
      return sql`array_position(array[${sql.join(INCIDENT_SEVERITIES.map((value) => sql`${value}`), sql`, `)}]::text[], ${incidents.severity})`;
    case 'state':
      return sql`array_position(array[${sql.join(TRIAGE_STATES.map((value) => sql`${value}`), sql`, `)}]::text[], ${incidents.triageState})`;
  }
}

/**
 * One page of the incidents the principal may see, sorted in SQL by a column and then by id (a
 * total order, so offset pages neither repeat nor skip while nothing changes). Empty values
 * (unrated, unassigned, not yet reported) sort last in either direction.
 */
export async function listIncidentsSorted(db: Executor, principal: Principal, filter: IncidentListFilter, sort: Exclude<IncidentSort, 'urgency' | 'nextDue'>, order: 'asc' | 'desc', limit: number, offset: number): Promise<IncidentRow[]> {
  const key = sortExpression(sort);
  const direction = order === 'asc' ? sql`asc` : sql`desc`;
  const rows = await db
    .select({ incident: incidents })
    .from(incidents)
    .innerJoin(organizations, eq(organizations.id, incidents.reportingOrganizationId))
    .leftJoin(users, eq(users.id, incidents.assigneeUserId))
    .where(listWhere(principal, filter))
    .orderBy(sql`${key} ${direction} nulls last`, order === 'asc' ? asc(incidents.id) : desc(incidents.id))
    .limit(limit + 1)
    .offset(offset);
  return rows.map((row) => row.incident);
}

/** Every incident matching the filter (bounded), for the sorts computed from deadlines in memory. */
export async function listIncidentsForComputedSort(db: Executor, principal: Principal, filter: IncidentListFilter, bound: number): Promise<IncidentRow[]> {
  return db.select().from(incidents).where(listWhere(principal, filter)).orderBy(desc(incidents.createdAt), desc(incidents.id)).limit(bound);
}

/** CERT staff an incident can be assigned to (server/access decides who), by name. */
export async function listAssignableUsers(db: Executor): Promise<{ id: string; name: string }[]> {
  return db
    .selectDistinct({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(incidentAssigneeWhere({ organizationKind: organizations.kind, role: memberships.role, active: users.active }))
    .orderBy(asc(users.name), asc(users.id));
}

/** Whether the user is one the directory lists. */
export async function isAssignableUser(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(users.id, userId), incidentAssigneeWhere({ organizationKind: organizations.kind, role: memberships.role, active: users.active })))
    .limit(1);
  return row !== undefined;
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
