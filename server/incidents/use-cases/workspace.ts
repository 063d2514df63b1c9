/**
 * The CERT's workspace of an incident: internal notes, the response checklist, and the timeline.
 * Notes, checklist and shares are CERT-only: for anyone else the routes answer 404, as if they did
 * not exist, and their events go to the CERT alone (`enqueueCertEvent`).
 */
import { and, asc, eq, inArray, max } from 'drizzle-orm';
import { requireUser, type Principal } from '../../auth/principal.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { Executor } from '../../platform/db/client.js';
import { notFound } from '../../platform/errors.js';
import { users } from '../../users/users.table.js';
import { enqueueCertEvent } from '../incidents.events.js';
import { auditActorOf, isCertTriager, type IncidentUseCaseContext } from '../incidents.policy.js';
import { incidentNotes, incidentTasks, type IncidentTaskRow } from '../incidents.table.js';
import { checklistTemplate, templateLabel, type IncidentType } from '../incident-types.js';
import { loadVisibleIncident } from './load.js';

/**
 * Adds the template tasks of `type` that the checklist lacks (done ones stay as they are).
 * The caller holds the incident's row lock.
 */
export async function ensureChecklist(tx: Executor, incidentId: string, type: IncidentType | null, now: Date): Promise<void> {
  const existing = await tx.select({ key: incidentTasks.templateKey }).from(incidentTasks).where(eq(incidentTasks.incidentId, incidentId));
  const have = new Set(existing.map((row) => row.key));
  const [last] = await tx.select({ position: max(incidentTasks.position) }).from(incidentTasks).where(eq(incidentTasks.incidentId, incidentId));
  let position = (last?.position ?? 0) + 1;
  const missing = checklistTemplate(type).filter((task) => !have.has(task.key));
  if (missing.length === 0) return;
  await tx.insert(incidentTasks).values(missing.map((task) => ({ incidentId, templateKey: task.key, position: position++, createdAt: now })));
}

/** Loads the incident for a CERT-only read or write: 404 for everyone else (the reporter included). */
async function loadForCert(db: Executor, principal: Principal, id: string, forUpdate = false) {
  const row = await loadVisibleIncident(db, principal, id, forUpdate);
  if (!isCertTriager(principal)) throw notFound('Incident');
  return row;
}

async function userNames(db: Executor, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  return new Map((await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted))).map((row) => [row.id, row.name]));
}

function presentTask(task: IncidentTaskRow, names: Map<string, string>) {
  const label = task.templateKey ? templateLabel(task.templateKey) : undefined;
  return {
    id: task.id,
    templateKey: task.templateKey,
    label: label ?? { de: task.title ?? '', en: task.title ?? '' },
    custom: task.templateKey === null,
    done: task.doneAt !== null,
    doneAt: task.doneAt?.toISOString() ?? null,
    doneBy: task.doneBy ? { id: task.doneBy, name: names.get(task.doneBy) ?? null } : null,
  };
}

/** CERT-internal notes, oldest first. @throws AppError NOT_FOUND (also for the reporter) */
export async function listNotes(ctx: IncidentUseCaseContext, id: string) {
  await loadForCert(ctx.db, ctx.principal, id);
  const rows = await ctx.db.select().from(incidentNotes).where(eq(incidentNotes.incidentId, id)).orderBy(asc(incidentNotes.createdAt));
  const names = await userNames(ctx.db, rows.map((row) => row.authorUserId));
  return { items: rows.map((row) => ({ id: row.id, body: row.body, author: row.authorUserId ? { id: row.authorUserId, name: names.get(row.authorUserId) ?? null } : null, createdAt: row.createdAt.toISOString() })), next: null };
}

/** Adds a CERT-internal note; the event carries ids only. @throws AppError NOT_FOUND */
export async function addNote(ctx: IncidentUseCaseContext, id: string, body: string) {
  const user = requireUser(ctx.principal);
  return ctx.db.transaction(async (tx) => {
    await loadForCert(tx, ctx.principal, id, true);
    const now = ctx.clock.now();
    const [row] = await tx.insert(incidentNotes).values({ incidentId: id, authorUserId: user.userId, body, createdAt: now }).returning();
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: 'incident.note_added', objectType: 'incident', objectId: id, tlp: 'amber+strict', details: { noteId: row!.id } });
    await enqueueCertEvent(tx, 'incident.note.added', { incidentId: id, noteId: row!.id });
    return { id: row!.id, body: row!.body, author: { id: user.userId, name: user.name }, createdAt: row!.createdAt.toISOString() };
  });
}

/** The response checklist. @throws AppError NOT_FOUND (also for the reporter) */
export async function listTasks(ctx: IncidentUseCaseContext, id: string) {
  await loadForCert(ctx.db, ctx.principal, id);
  const rows = await ctx.db.select().from(incidentTasks).where(eq(incidentTasks.incidentId, id)).orderBy(asc(incidentTasks.position));
  const names = await userNames(ctx.db, rows.map((row) => row.doneBy));
  return { items: rows.map((row) => presentTask(row, names)), next: null };
}

/** Adds an analyst's own task at the end. @throws AppError NOT_FOUND */
export async function addTask(ctx: IncidentUseCaseContext, id: string, title: string) {
  return ctx.db.transaction(async (tx) => {
    await loadForCert(tx, ctx.principal, id, true);
    const [last] = await tx.select({ position: max(incidentTasks.position) }).from(incidentTasks).where(eq(incidentTasks.incidentId, id));
    const [row] = await tx.insert(incidentTasks).values({ incidentId: id, title, position: (last?.position ?? 0) + 1, createdAt: ctx.clock.now() }).returning();
    await enqueueCertEvent(tx, 'incident.checklist.updated', { incidentId: id, taskId: row!.id });
    return presentTask(row!, new Map());
  });
}

/** Ticks a task off or reopens it; audited. @throws AppError NOT_FOUND */
export async function setTaskDone(ctx: IncidentUseCaseContext, id: string, taskId: string, done: boolean) {
  const user = requireUser(ctx.principal);
  return ctx.db.transaction(async (tx) => {
    await loadForCert(tx, ctx.principal, id, true);
    const now = ctx.clock.now();
    const [row] = await tx
      .update(incidentTasks)
      .set(done ? { doneAt: now, doneBy: user.userId } : { doneAt: null, doneBy: null })
      .where(and(eq(incidentTasks.id, taskId), eq(incidentTasks.incidentId, id)))
      .returning();
    if (!row) throw notFound('Task');
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: done ? 'incident.task_done' : 'incident.task_reopened', objectType: 'incident', objectId: id, tlp: 'amber+strict', details: { taskId, templateKey: row.templateKey } });
    await enqueueCertEvent(tx, 'incident.checklist.updated', { incidentId: id, taskId });
    return presentTask(row, new Map([[user.userId, user.name]]));
  });
}
