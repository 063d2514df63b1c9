import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../organizations/organizations.table.js';
import { users } from '../users/users.table.js';

export const CHANNELS = ['in_app', 'email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Outbox event types an organization's webhook can subscribe to. */
export const WEBHOOK_EVENT_TYPES = ['advisory.published', 'advisory.revised', 'advisory.matched'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const DIGESTS = ['immediate', 'daily', 'weekly'] as const;
export type Digest = (typeof DIGESTS)[number];

/** Per-user notification preferences; a user without a row gets `DEFAULT_PREFERENCES`. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    channels: text('channels').array().$type<Channel[]>().notNull(),
    minSeverity: text('min_severity').notNull(),
    onlyAffectsUs: boolean('only_affects_us').notNull(),
    digest: text('digest').$type<Digest>().notNull(),
    language: text('language').$type<'de' | 'en'>().notNull(),
    /** Local wall-clock times (Europe/Berlin) "HH:MM"; both null = no quiet hours. */
    quietStart: text('quiet_start'),
    quietEnd: text('quiet_end'),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    check('notification_preferences_digest_check', sql`${t.digest} in ('immediate','daily','weekly')`),
    check('notification_preferences_severity_check', sql`${t.minSeverity} in ('niedrig','mittel','hoch','kritisch')`),
  ],
);

/** An organization's webhook endpoint; disabled after repeated failures (the org admin is told). */
export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** HMAC-SHA256 key; shown once on creation. */
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Which events it receives (a subset of WEBHOOK_EVENT_TYPES). */
    eventTypes: text('event_types')
      .array()
      .$type<WebhookEventType[]>()
      .notNull()
      .default(sql`'{advisory.published,advisory.revised,advisory.matched}'::text[]`),
    /** Outcome of the latest attempt (real or test delivery): HTTP status, or null with the error. */
    lastDeliveryAt: timestamp('last_delivery_at', { withTimezone: true, precision: 3 }),
    lastDeliveryStatus: integer('last_delivery_status'),
    lastDeliveryError: text('last_delivery_error'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    disabledAt: timestamp('disabled_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('webhooks_org_idx').on(t.organizationId)],
);

/**
 * Every planned delivery of an outbox event to one recipient over one channel. The unique key
 * (event, channel, recipient) makes planning idempotent: a consumer that crashes and re-reads events
 * cannot send twice. `status`: pending → sent | failed (retries exhausted) | digest (waits for the
 * digest) | digested | suppressed (policy said no, kept for the log).
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    channel: text('channel').$type<Channel>().notNull(),
    /** `user:<id>`, `webhook:<id>` or `contact:<email>`. */
    recipient: text('recipient').notNull(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** What to send, prepared when planned (rendered from the event and the recipient's preferences). */
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, precision: 3 }),
    /** In-app notifications: when the recipient marked it as read (the bell counts those without). */
    readAt: timestamp('read_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    unique('deliveries_event_recipient_unique').on(t.eventSeq, t.channel, t.recipient),
    index('deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('deliveries_recipient_idx').on(t.recipient, t.createdAt),
  ],
);

/** Where the notification consumer stands in the outbox (one row per consumer name). */
export const outboxCursors = pgTable('outbox_cursors', {
  name: text('name').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export type PreferencesRow = typeof notificationPreferences.$inferSelect;
export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;
