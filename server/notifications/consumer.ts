/**
 * The notification consumer: reads outbox events after its persisted cursor, plans deliveries
 * (idempotent: unique per event, channel and recipient), then sends what is due — e-mail through
 * the Mailer, webhooks signed with HMAC-SHA256 and retried with exponential backoff. Every send asks
 * access/ again and renders from the advisory as it is then (send.ts). It needs no
 * realtime dispatcher; several instances may run it (the cursor row lock and SKIP LOCKED claims
 * keep each event planned once and each delivery sent once).
 */
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Settings } from '../../config/settings.schema.js';
import { emitEvent } from '../access/event-declaration.js';
import { loadUserPrincipal, type UserPrincipal } from '../auth/principal.js';
import { organizations } from '../organizations/organizations.table.js';
import type { Database, Executor } from '../platform/db/client.js';
import type { MailAttachment, Mailer } from '../platform/mail.js';
import type { ReportNotice } from '../situation/index.js';
import { unreadCountOf } from './in-app.js';
import { NOTIFICATION_CREATED } from './notifications.events.js';
import { events } from '../platform/outbox/events.table.js';
import { memberships, users } from '../users/users.table.js';
import { deliveries, outboxCursors, webhooks, type DeliveryRow } from './notifications.table.js';
import { planEvent } from './plan.js';
import { renderWebhookBody } from './render.js';
import { advisoriesOf, briefOf, entitledNow, renderMail, renderReportDelivery, reportEntitledNow, reportsOf, suppressedUpdate } from './send.js';
import type { AdvisoryRow } from '../advisories/advisories.table.js';
import { postWebhook } from './webhook-delivery.js';

export const CONSUMER_NAME = 'notifications';
export const NOTIFICATION_CREATED_EVENT = NOTIFICATION_CREATED.type;
const EVENTS_PER_BATCH = 200;
const DELIVERIES_PER_BATCH = 100;
/** A claimed delivery is retried by another instance if its sender died mid-way. */
const CLAIM_LEASE_MS = 5 * 60_000;

/** A file a planned mail refers to (`message.attachment`), rendered when the mail is sent. */
export type AttachmentRef = { kind: string; id: string; language: 'de' | 'en' };
export type AttachmentResolver = (ref: AttachmentRef) => Promise<MailAttachment>;

/**
 * `attachments` renders what a mail refers to (the Lagebericht's PDF); it is injected by the server
 * so this slice does not reach into the one that owns the file.
 */
export type NotificationDeps = { mailer: Mailer; baseUrl: string; settings: Settings; now?: () => Date; attachments?: AttachmentResolver };

/** What one batch did (for tests and logs). */
export type BatchResult = { events: number; planned: number; sent: number; failed: number; retried: number };

/** Plans deliveries for the events after the cursor; returns how many events and deliveries. */
async function planBatch(db: Database, deps: NotificationDeps, now: Date): Promise<{ events: number; planned: number }> {
  return db.transaction(async (tx) => {
    await tx.insert(outboxCursors).values({ name: CONSUMER_NAME, seq: 0 }).onConflictDoNothing();
    const [cursor] = await tx.select().from(outboxCursors).where(eq(outboxCursors.name, CONSUMER_NAME)).for('update');
    const batch = await tx.select().from(events).where(gt(events.seq, cursor!.seq)).orderBy(asc(events.seq)).limit(EVENTS_PER_BATCH);
    let planned = 0;
    const principals = new Map<string, UserPrincipal | null>();
    for (const event of batch) {
      const rows = await planEvent(tx, event, { baseUrl: deps.baseUrl, settings: deps.settings, now, principals });
      if (rows.length === 0) continue;
      const inserted = await tx.insert(deliveries).values(rows).onConflictDoNothing().returning({ id: deliveries.id, channel: deliveries.channel, recipient: deliveries.recipient });
      planned += inserted.length;
      // The bell follows live: each new in-app notification is announced to its one recipient.
      for (const row of inserted.filter((delivery) => delivery.channel === 'in_app')) {
        const userId = row.recipient.slice('user:'.length);
        if (!principals.has(userId)) principals.set(userId, await loadUserPrincipal(tx, userId));
        const principal = principals.get(userId);
        if (principal) await emitEvent(tx, NOTIFICATION_CREATED, userId, { id: row.id, unread: await unreadCountOf(tx, principal) });
      }
    }
    if (batch.length > 0) await tx.update(outboxCursors).set({ seq: batch.at(-1)!.seq, updatedAt: now }).where(eq(outboxCursors.name, CONSUMER_NAME));
    return { events: batch.length, planned };
  });
}

async function claimDue(db: Database, now: Date): Promise<DeliveryRow[]> {
  return db
    .update(deliveries)
    .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) })
    .where(
      inArray(
        deliveries.id,
        db
          .select({ id: deliveries.id })
          .from(deliveries)
          .where(and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, now)))
          .orderBy(asc(deliveries.nextAttemptAt))
          .limit(DELIVERIES_PER_BATCH)
          .for('update', { skipLocked: true }),
      ),
    )
    .returning();
}

async function sendMail(delivery: DeliveryRow, advisory: AdvisoryRow, deps: NotificationDeps): Promise<void> {
  await deps.mailer.send(renderMail(delivery, advisory, deps.baseUrl));
}

/** A Lagebericht's mail, rendered now from the current report, with its PDF in the recipient's language. */
async function sendReportMail(delivery: DeliveryRow, report: ReportNotice, deps: NotificationDeps): Promise<void> {
  const { message, attachment } = renderReportDelivery(delivery, report, deps.baseUrl);
  if (!deps.attachments) throw new PermanentFailure(`no renderer for ${attachment.kind} attachments`, false);
  await deps.mailer.send({ ...message, attachments: [await deps.attachments(attachment)] });
}

async function sendWebhook(db: Executor, delivery: DeliveryRow, advisory: AdvisoryRow, deps: NotificationDeps, now: Date): Promise<void> {
  const [hook] = await db.select().from(webhooks).where(eq(webhooks.id, delivery.recipient.slice('webhook:'.length)));
  if (!hook?.enabled) throw new PermanentFailure('webhook removed or disabled', false);
  const message = delivery.message as { reasons?: { de: string; en: string }[]; changeNote?: { de: string; en?: string } };
  const body = renderWebhookBody({ seq: delivery.eventSeq, type: delivery.eventType, advisory: briefOf(advisory), baseUrl: deps.baseUrl, organizationId: hook.organizationId, reasons: message.reasons ?? [], changeNote: message.changeNote, at: now });
  const attempt = await postWebhook(hook, body, { eventType: delivery.eventType, deliveryId: delivery.id, at: now, settings: deps.settings });
  await db.update(webhooks).set({ lastDeliveryAt: now, lastDeliveryStatus: attempt.status, lastDeliveryError: attempt.ok ? null : attempt.error }).where(eq(webhooks.id, hook.id));
  // A refused address will not become public by retrying: fail at once, but count it towards disabling.
  // The message reaches the organization's delivery log; the cause (resolved addresses) only the server log.
  if (!attempt.ok) throw attempt.blocked ? new PermanentFailure(attempt.error, true, new Error(attempt.detail)) : new Error(attempt.error, { cause: new Error(attempt.detail) });
}

/** A failure retrying cannot fix; `counts` says whether it counts towards disabling the webhook. */
class PermanentFailure extends Error {
  constructor(
    message: string,
    readonly counts: boolean,
    cause?: Error,
  ) {
    super(message, cause ? { cause } : undefined);
  }
}

async function webhookFailed(db: Database, delivery: DeliveryRow, deps: NotificationDeps, now: Date): Promise<void> {
  const id = delivery.recipient.slice('webhook:'.length);
  const [hook] = await db.update(webhooks).set({ consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1` }).where(eq(webhooks.id, id)).returning();
  if (!hook || !hook.enabled || hook.consecutiveFailures < deps.settings.notifications.webhookDisableAfterFailures) return;
  await db.update(webhooks).set({ enabled: false, disabledAt: now }).where(eq(webhooks.id, id));
  await db.update(deliveries).set({ status: 'failed', lastError: 'webhook disabled after repeated failures' }).where(and(eq(deliveries.recipient, delivery.recipient), eq(deliveries.status, 'pending')));
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, hook.organizationId));
  const admins = await db.select({ email: users.email }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(and(eq(memberships.organizationId, hook.organizationId), eq(memberships.role, 'org_admin'), eq(users.active, true)));
  for (const admin of admins) {
    await deps.mailer.send({
      to: admin.email,
      subject: '[TLP:AMBER] Lagebild: Webhook deaktiviert',
      tlp: 'amber',
      linkOnly: { subject: '[TLP:AMBER] Lagebild: Webhook deaktiviert', text: `Ein Webhook Ihrer Organisation wurde nach wiederholten Fehlern deaktiviert. Details: ${deps.baseUrl}/benachrichtigungen` },
      text: `Der Webhook ${hook.url} von ${org?.name ?? 'Ihrer Organisation'} wurde nach ${hook.consecutiveFailures} fehlgeschlagenen Zustellungen in Folge deaktiviert.\nBitte prüfen Sie den Empfänger und aktivieren Sie ihn in Lagebild wieder: ${deps.baseUrl}/benachrichtigungen`,
    });
  }
}

/** Sends the due deliveries once each; failures are rescheduled with backoff or given up. */
async function sendBatch(db: Database, deps: NotificationDeps, now: Date): Promise<Pick<BatchResult, 'sent' | 'failed' | 'retried'>> {
  const result = { sent: 0, failed: 0, retried: 0 };
  const claimed = await claimDue(db, now);
  const current = await advisoriesOf(db, claimed);
  const reports = await reportsOf(db, claimed);
  const principals = new Map<string, UserPrincipal | null>();
  for (const delivery of claimed) {
    const attempts = delivery.attempts + 1;
    // Asked again at send time, from the advisory or report as it is now (send.ts): planned is not promised.
    const advisory = current.get(delivery.id);
    const report = reports.get(delivery.id);
    const entitled = report ? await reportEntitledNow(db, delivery, report, principals) : advisory !== undefined && (await entitledNow(db, delivery, advisory, principals));
    if (!entitled) {
      await db.update(deliveries).set({ ...suppressedUpdate(now), attempts }).where(eq(deliveries.id, delivery.id));
      continue;
    }
    try {
      if (report) await sendReportMail(delivery, report, deps);
      else if (delivery.channel === 'email') await sendMail(delivery, advisory!, deps);
      else if (delivery.channel === 'webhook') await sendWebhook(db, delivery, advisory!, deps, now);
      await db.update(deliveries).set({ status: 'sent', attempts, deliveredAt: now, lastError: null }).where(eq(deliveries.id, delivery.id));
      if (delivery.channel === 'webhook') await db.update(webhooks).set({ consecutiveFailures: 0 }).where(eq(webhooks.id, delivery.recipient.slice('webhook:'.length)));
      result.sent += 1;
    } catch (error) {
      const max = delivery.channel === 'webhook' ? deps.settings.notifications.webhookMaxAttempts : 3;
      const giveUp = error instanceof PermanentFailure || attempts >= max;
      const backoff = deps.settings.notifications.webhookBackoffSeconds * 1000 * 2 ** (attempts - 1);
      await db
        .update(deliveries)
        .set({ status: giveUp ? 'failed' : 'pending', attempts, lastError: String((error as Error).message ?? error).slice(0, 500), nextAttemptAt: new Date(now.getTime() + backoff) })
        .where(eq(deliveries.id, delivery.id));
      if (delivery.channel === 'webhook' && (!(error instanceof PermanentFailure) || error.counts)) await webhookFailed(db, delivery, deps, now);
      if (giveUp) result.failed += 1;
      else result.retried += 1;
    }
  }
  return result;
}

/**
 * One pass of the consumer: plan every new event (in batches until caught up), then send what is due.
 * Tests call it directly with a fixed clock; the server runs it in a loop (`startNotificationLoop`).
 */
export async function processNotificationBatch(db: Database, deps: NotificationDeps): Promise<BatchResult> {
  const now = deps.now?.() ?? new Date();
  const total = { events: 0, planned: 0 };
  for (;;) {
    const planned = await planBatch(db, deps, now);
    total.events += planned.events;
    total.planned += planned.planned;
    if (planned.events < EVENTS_PER_BATCH) break;
  }
  return { ...total, ...(await sendBatch(db, deps, now)) };
}
