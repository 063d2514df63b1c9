/**
 * The notification consumer: reads outbox events after its persisted cursor, plans deliveries
 * (idempotent: unique per event, channel and recipient), then sends what is due — e-mail through
 * the Mailer, webhooks signed with HMAC-SHA256 and retried with exponential backoff. It needs no
 * realtime dispatcher; several instances may run it (the cursor row lock and SKIP LOCKED claims
 * keep each event planned once and each delivery sent once).
 */
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Settings } from '../../config/settings.schema.js';
import { organizations } from '../organizations/organizations.table.js';
import type { Database, Executor } from '../platform/db/client.js';
import type { Mailer } from '../platform/mail.js';
import { events } from '../platform/outbox/events.table.js';
import { memberships, users } from '../users/users.table.js';
import { deliveries, outboxCursors, webhooks, type DeliveryRow } from './notifications.table.js';
import { planEvent } from './plan.js';
import { renderWebhookBody, type AdvisoryBrief } from './render.js';
import { postWebhook } from './webhook-delivery.js';

export const CONSUMER_NAME = 'notifications';
const EVENTS_PER_BATCH = 200;
const DELIVERIES_PER_BATCH = 100;
/** A claimed delivery is retried by another instance if its sender died mid-way. */
const CLAIM_LEASE_MS = 5 * 60_000;

export type NotificationDeps = { mailer: Mailer; baseUrl: string; settings: Settings; now?: () => Date };

/** What one batch did (for tests and logs). */
export type BatchResult = { events: number; planned: number; sent: number; failed: number; retried: number };

/** Plans deliveries for the events after the cursor; returns how many events and deliveries. */
async function planBatch(db: Database, deps: NotificationDeps, now: Date): Promise<{ events: number; planned: number }> {
  return db.transaction(async (tx) => {
    await tx.insert(outboxCursors).values({ name: CONSUMER_NAME, seq: 0 }).onConflictDoNothing();
    const [cursor] = await tx.select().from(outboxCursors).where(eq(outboxCursors.name, CONSUMER_NAME)).for('update');
    const batch = await tx.select().from(events).where(gt(events.seq, cursor!.seq)).orderBy(asc(events.seq)).limit(EVENTS_PER_BATCH);
    let planned = 0;
    for (const event of batch) {
      const rows = await planEvent(tx, event, { baseUrl: deps.baseUrl, settings: deps.settings, now });
      if (rows.length > 0) planned += (await tx.insert(deliveries).values(rows).onConflictDoNothing().returning({ id: deliveries.id })).length;
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

async function sendMail(delivery: DeliveryRow, deps: NotificationDeps): Promise<void> {
  const message = delivery.message as { to: string; subject: string; text: string; html: string };
  await deps.mailer.send({ to: message.to, subject: message.subject, text: message.text, html: message.html });
}

async function sendWebhook(db: Executor, delivery: DeliveryRow, deps: NotificationDeps, now: Date): Promise<void> {
  const [hook] = await db.select().from(webhooks).where(eq(webhooks.id, delivery.recipient.slice('webhook:'.length)));
  if (!hook?.enabled) throw new PermanentFailure('webhook removed or disabled', false);
  const message = delivery.message as { advisory: AdvisoryBrief; reasons: { de: string; en: string }[] };
  const body = renderWebhookBody({ seq: delivery.eventSeq, type: delivery.eventType, advisory: message.advisory, baseUrl: deps.baseUrl, organizationId: hook.organizationId, reasons: message.reasons, at: now });
  const attempt = await postWebhook(hook, body, { eventType: delivery.eventType, deliveryId: delivery.id, at: now, settings: deps.settings });
  await db.update(webhooks).set({ lastDeliveryAt: now, lastDeliveryStatus: attempt.status, lastDeliveryError: attempt.ok ? null : attempt.error }).where(eq(webhooks.id, hook.id));
  // A refused address will not become public by retrying: fail at once, but count it towards disabling.
  if (!attempt.ok) throw attempt.blocked ? new PermanentFailure(attempt.error, true) : new Error(attempt.error);
}

/** A failure retrying cannot fix; `counts` says whether it counts towards disabling the webhook. */
class PermanentFailure extends Error {
  constructor(
    message: string,
    readonly counts: boolean,
  ) {
    super(message);
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
      text: `Der Webhook ${hook.url} von ${org?.name ?? 'Ihrer Organisation'} wurde nach ${hook.consecutiveFailures} fehlgeschlagenen Zustellungen in Folge deaktiviert.\nBitte prüfen Sie den Empfänger und aktivieren Sie ihn in Lagebild wieder: ${deps.baseUrl}/benachrichtigungen`,
    });
  }
}

/** Sends the due deliveries once each; failures are rescheduled with backoff or given up. */
async function sendBatch(db: Database, deps: NotificationDeps, now: Date): Promise<Pick<BatchResult, 'sent' | 'failed' | 'retried'>> {
  const result = { sent: 0, failed: 0, retried: 0 };
  for (const delivery of await claimDue(db, now)) {
    const attempts = delivery.attempts + 1;
    try {
      if (delivery.channel === 'email') await sendMail(delivery, deps);
      else if (delivery.channel === 'webhook') await sendWebhook(db, delivery, deps, now);
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
