/**
 * The timeline of an incident, newest first: report and stages, BSI acknowledgements, triage
 * changes, thread messages, indicators, deadline reminders — and for the CERT also its internal
 * notes, checklist ticks and shares. The reporter's view leaves every CERT-internal entry out
 * (and the note of a state change, which is the CERT's closing note).
 */
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import { listIncidentIndicatorRows } from '../../indicators/index.js';
import { users } from '../../users/users.table.js';
import { isCertTriager, type IncidentUseCaseContext } from '../incidents.policy.js';
import { listMessages, listStageAcknowledgements, listStageSubmissions } from '../incidents.repo.js';
import { incidentNotes, incidentReminders, incidentShares, incidentTasks, incidentTriageChanges } from '../incidents.table.js';
import { templateLabel } from '../incident-types.js';
import { tlpLabel } from '../../access/tlp.js';
import { loadVisibleIncident } from './load.js';

/** One entry; `detail` carries the kind's own fields (no free text of internal notes for non-CERT, ever). */
export type TimelineEntry = { at: string; kind: string; actor: string | null; internal: boolean; detail: Record<string, unknown> };

/** Names of the users a timeline mentions, in one query. */
async function namesOf(db: Executor, ids: (string | null)[]): Promise<(id: string | null) => string | null> {
  const wanted = [...new Set(ids.filter((value): value is string => value !== null))];
  const rows = wanted.length === 0 ? [] : await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  const names = new Map(rows.map((user) => [user.id, user.name]));
  return (id) => (id ? (names.get(id) ?? null) : null);
}

/** @throws AppError NOT_FOUND */
export async function incidentTimeline(ctx: IncidentUseCaseContext, id: string): Promise<{ items: TimelineEntry[]; next: null }> {
  const row = await loadVisibleIncident(ctx.db, ctx.principal, id);
  const cert = isCertTriager(ctx.principal);
  const db = ctx.db;
  const entries: TimelineEntry[] = [];
  const stages = await listStageSubmissions(db, [id]);
  const acknowledgements = [...(await listStageAcknowledgements(db, [id])).values()];
  const changes = await db.select().from(incidentTriageChanges).where(eq(incidentTriageChanges.incidentId, id)).orderBy(asc(incidentTriageChanges.createdAt));
  const indicators = await listIncidentIndicatorRows(db, id);
  const notes = cert ? await db.select().from(incidentNotes).where(eq(incidentNotes.incidentId, id)) : [];
  const shares = cert ? await db.select().from(incidentShares).where(eq(incidentShares.incidentId, id)) : [];
  const done = cert ? await db.select().from(incidentTasks).where(and(eq(incidentTasks.incidentId, id), isNotNull(incidentTasks.doneAt))) : [];
  const name = await namesOf(db, [
    row.reporterUserId,
    ...stages.map((stage) => stage.submittedBy),
    ...acknowledgements.map((ack) => ack.recordedBy),
    ...changes.flatMap((change) => [change.actorUserId, ...(change.field === 'assignee' ? [change.fromValue, change.toValue] : [])]),
    ...indicators.map((indicator) => indicator.authorUserId),
    ...notes.map((note) => note.authorUserId),
    ...shares.map((share) => share.sharedBy),
    ...done.map((task) => task.doneBy),
  ]);
  for (const stage of stages) entries.push({ at: stage.submittedAt.toISOString(), kind: 'stage', actor: name(stage.submittedBy), internal: false, detail: { stage: stage.stage, revision: stage.revision, submissionId: stage.id } });
  for (const ack of acknowledgements) {
    entries.push({ at: ack.recordedAt.toISOString(), kind: 'bsi-acknowledgement', actor: name(ack.recordedBy), internal: false, detail: { submissionId: ack.submissionId, bsiReference: ack.bsiReference } });
  }
  for (const change of changes) {
    if (!cert && change.field === 'assignee') continue;
    entries.push({
      at: change.createdAt.toISOString(),
      kind: change.field === 'state' ? 'state-change' : 'triage-change',
      actor: name(change.actorUserId),
      internal: false,
      detail: { field: change.field, from: change.field === 'assignee' ? name(change.fromValue) : change.fromValue, to: change.field === 'assignee' ? name(change.toValue) : change.toValue, ...(cert && change.note ? { note: change.note } : {}) },
    });
  }
  for (const message of await listMessages(db, id)) {
    entries.push({ at: message.createdAt.toISOString(), kind: 'message', actor: message.authorName, internal: false, detail: { messageId: message.id, fromCert: message.fromCert === 'yes', tlp: tlpLabel(message.tlp) } });
  }
  const byBatch = new Map<string, { at: Date; author: string | null; count: number }>();
  for (const indicator of indicators) {
    const key = `${indicator.createdAt.toISOString()}|${indicator.authorUserId ?? ''}`;
    const batch = byBatch.get(key) ?? { at: indicator.createdAt, author: indicator.authorUserId, count: 0 };
    batch.count += 1;
    byBatch.set(key, batch);
  }
  for (const batch of byBatch.values()) entries.push({ at: batch.at.toISOString(), kind: 'indicators', actor: name(batch.author), internal: false, detail: { count: batch.count } });
  const reminders = await db.select().from(incidentReminders).where(eq(incidentReminders.incidentId, id));
  for (const reminder of reminders) entries.push({ at: reminder.sentAt.toISOString(), kind: 'deadline-reminder', actor: null, internal: false, detail: { stage: reminder.stage, dueAt: reminder.dueAt.toISOString(), hoursBefore: reminder.hoursBefore } });
  if (cert) {
    for (const note of notes) {
      entries.push({ at: note.createdAt.toISOString(), kind: 'note', actor: name(note.authorUserId), internal: true, detail: { noteId: note.id, excerpt: note.body.length > 160 ? `${note.body.slice(0, 157)}…` : note.body } });
    }
    for (const share of shares) {
      entries.push({ at: share.createdAt.toISOString(), kind: 'share', actor: name(share.sharedBy), internal: true, detail: { shareKind: share.kind, targetId: share.targetId, tlp: share.tlp ? tlpLabel(share.tlp) : null, itemCount: share.itemCount, overrides: share.overrides.length } });
    }
    for (const task of done) {
      entries.push({ at: task.doneAt!.toISOString(), kind: 'task-done', actor: name(task.doneBy), internal: true, detail: { taskId: task.id, label: task.templateKey ? templateLabel(task.templateKey) : { de: task.title, en: task.title } } });
    }
  }
  if (row.reportedAt && !stages.some((stage) => stage.stage === 'early_warning')) entries.push({ at: row.reportedAt.toISOString(), kind: 'reported', actor: name(row.reporterUserId), internal: false, detail: {} });
  entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { items: entries, next: null };
}

