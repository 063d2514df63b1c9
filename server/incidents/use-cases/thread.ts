/**
 * The secure thread of an incident between the reporting organization and the CERT: messages with
 * a TLP label (at most the incident's own AMBER+STRICT audience), attachments uploaded first and
 * bound to the message that posts them, and read receipts. Every read first loads the incident
 * through the visibility rule, so a stranger gets 404 for the thread as for the incident.
 */
import { and, eq } from 'drizzle-orm';
import type { Response } from 'express';
import { requireUser } from '../../auth/principal.js';
import { recordAudit } from '../../audit/record-audit.js';
import { tlpLabel, type TlpLevel } from '../../access/tlp.js';
import { AppError, notFound } from '../../platform/errors.js';
import { contentDisposition, discardAttachment, loadAttachment, sniffAttachment, storeAttachment } from '../attachments.js';
import { enqueueIncidentEvent } from '../incidents.events.js';
import { auditActorOf, type IncidentUseCaseContext } from '../incidents.policy.js';
import { listMessageAttachments, listMessages, listReads, findPendingAttachments, updateIncident, type MessageWithAuthor } from '../incidents.repo.js';
import { incidentAttachments, incidentMessageReads, incidentMessages, type IncidentAttachmentRow } from '../incidents.table.js';
import { loadVisibleIncident } from './load.js';

function presentAttachment(row: IncidentAttachmentRow) {
  return { id: row.id, fileName: row.fileName, kind: row.kind, mediaType: row.mediaType, size: row.size, sha256: row.sha256, createdAt: row.createdAt.toISOString() };
}

type Read = { messageId: string; userId: string; name: string; readAt: Date };

function presentMessage(message: MessageWithAuthor, attachments: IncidentAttachmentRow[], reads: Read[], userId: string | null) {
  return {
    id: message.id,
    incidentId: message.incidentId,
    tlp: tlpLabel(message.tlp),
    body: message.body,
    fromCert: message.fromCert === 'yes',
    author: { userId: message.authorUserId, name: message.authorName, organizationId: message.authorOrganizationId, organizationName: message.authorOrganizationName },
    createdAt: message.createdAt.toISOString(),
    attachments: attachments.filter((row) => row.messageId === message.id).map(presentAttachment),
    readBy: reads.filter((read) => read.messageId === message.id).map((read) => ({ userId: read.userId, name: read.name, readAt: read.readAt.toISOString() })),
    readByMe: reads.some((read) => read.messageId === message.id && read.userId === userId),
  };
}

export type MessageDto = ReturnType<typeof presentMessage>;

/** The thread, oldest first. @throws AppError NOT_FOUND */
export async function listThread(ctx: IncidentUseCaseContext, id: string): Promise<{ items: MessageDto[]; next: null }> {
  await loadVisibleIncident(ctx.db, ctx.principal, id);
  const messages = await listMessages(ctx.db, id);
  const ids = messages.map((message) => message.id);
  const [attachments, reads] = await Promise.all([listMessageAttachments(ctx.db, ids), listReads(ctx.db, ids)]);
  const userId = ctx.principal.kind === 'user' ? ctx.principal.userId : null;
  return { items: messages.map((message) => presentMessage(message, attachments, reads, userId)), next: null };
}

/**
 * Posts a message (with previously uploaded attachments of the same author). The first CERT
 * message stops the feedback SLA timer. `incident.message.posted` goes to reporter + CERT.
 * @throws AppError NOT_FOUND | UNPROCESSABLE_CONTENT (unknown or foreign attachment ids)
 */
export async function postMessage(ctx: IncidentUseCaseContext, id: string, input: { body: string; tlp: TlpLevel; attachmentIds: string[] }): Promise<MessageDto> {
  const user = requireUser(ctx.principal);
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisibleIncident(tx, ctx.principal, id, true);
    const pending = await findPendingAttachments(tx, id, user.userId, input.attachmentIds);
    if (pending.length !== new Set(input.attachmentIds).size) {
      throw new AppError('UNPROCESSABLE_CONTENT', 'Attach files you uploaded to this incident and have not posted yet.', [{ path: 'attachmentIds', message: 'unknown attachment' }]);
    }
    const now = ctx.clock.now();
    const organizationId = user.isCert ? (user.memberships.find((membership) => membership.organizationKind === 'cert')?.organizationId ?? null) : row.reportingOrganizationId;
    const [message] = await tx
      .insert(incidentMessages)
      .values({ incidentId: id, authorUserId: user.userId, authorOrganizationId: organizationId, fromCert: user.isCert ? 'yes' : 'no', tlp: input.tlp, body: input.body, createdAt: now })
      .returning();
    for (const attachment of pending) await tx.update(incidentAttachments).set({ messageId: message!.id }).where(eq(incidentAttachments.id, attachment.id));
    if (user.isCert && !row.firstCertResponseAt && row.status === 'reported') await updateIncident(tx, id, { firstCertResponseAt: now });
    await tx.insert(incidentMessageReads).values({ messageId: message!.id, userId: user.userId, readAt: now });
    const [withAuthor] = (await listMessages(tx, id)).filter((candidate) => candidate.id === message!.id);
    const dto = presentMessage(withAuthor!, pending.map((attachment) => ({ ...attachment, messageId: message!.id })), [{ messageId: message!.id, userId: user.userId, name: user.name, readAt: now }], user.userId);
    await enqueueIncidentEvent(tx, 'incident.message.posted', row.id, dto);
    return dto;
  });
}

/** Marks a message as read by the caller (idempotent); `incident.message.read` tells the other side. @throws AppError NOT_FOUND */
export async function markMessageRead(ctx: IncidentUseCaseContext, id: string, messageId: string): Promise<void> {
  const user = requireUser(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    const row = await loadVisibleIncident(tx, ctx.principal, id);
    const [message] = await tx.select({ id: incidentMessages.id }).from(incidentMessages).where(and(eq(incidentMessages.id, messageId), eq(incidentMessages.incidentId, id))).limit(1);
    if (!message) throw notFound('Message');
    const now = ctx.clock.now();
    const inserted = await tx.insert(incidentMessageReads).values({ messageId, userId: user.userId, readAt: now }).onConflictDoNothing().returning();
    if (inserted.length > 0) await enqueueIncidentEvent(tx, 'incident.message.read', row.id, { incidentId: id, messageId, userId: user.userId, name: user.name, readAt: now.toISOString() });
  });
}

/**
 * Stores an uploaded file after sniffing it (allow-list, size cap done by the reader).
 * @throws AppError NOT_FOUND | UNSUPPORTED_MEDIA_TYPE | INSUFFICIENT_STORAGE (disk full: nothing stored)
 */
export async function uploadAttachment(ctx: IncidentUseCaseContext, id: string, fileName: string, bytes: Buffer) {
  const user = requireUser(ctx.principal);
  await loadVisibleIncident(ctx.db, ctx.principal, id);
  const sniffed = sniffAttachment(bytes, fileName);
  const stored = await storeAttachment(ctx.dataDir, bytes);
  // The file is written first, the row second: a row never points at a missing file. If the row
  // does not commit, the file goes again.
  try {
    return await insertAttachmentRow(ctx, id, user.userId, sniffed, stored, bytes.length);
  } catch (error) {
    await discardAttachment(ctx.dataDir, stored.storedName).catch(() => undefined);
    throw error;
  }
}

function insertAttachmentRow(ctx: IncidentUseCaseContext, id: string, userId: string, sniffed: ReturnType<typeof sniffAttachment>, stored: { storedName: string; sha256: string }, size: number) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(incidentAttachments)
      .values({ incidentId: id, uploadedBy: userId, storedName: stored.storedName, fileName: sniffed.fileName, kind: sniffed.kind, mediaType: sniffed.mediaType, size, sha256: stored.sha256, createdAt: ctx.clock.now() })
      .returning();
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: 'incident.attachment_uploaded', objectType: 'incident', objectId: id, tlp: 'amber+strict', details: { attachmentId: row!.id, kind: sniffed.kind, size, sha256: stored.sha256 } });
    return presentAttachment(row!);
  });
}

/**
 * Sends an attachment as a download: never inline, never sniffed, sandboxed if opened anyway.
 * An upload not yet posted is visible to its uploader only.
 * @throws AppError NOT_FOUND
 */
export async function sendAttachment(ctx: IncidentUseCaseContext, id: string, attachmentId: string, res: Response): Promise<void> {
  await loadVisibleIncident(ctx.db, ctx.principal, id);
  const [row] = await ctx.db.select().from(incidentAttachments).where(and(eq(incidentAttachments.id, attachmentId), eq(incidentAttachments.incidentId, id))).limit(1);
  const userId = ctx.principal.kind === 'user' ? ctx.principal.userId : null;
  if (!row || (row.messageId === null && row.uploadedBy !== userId)) throw notFound('Attachment');
  const bytes = await loadAttachment(ctx.dataDir, row.storedName);
  res.status(200);
  res.set({
    'Content-Type': row.mediaType,
    'Content-Disposition': contentDisposition(row.fileName),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
    'Content-Length': String(bytes.length),
  });
  res.end(bytes);
}
