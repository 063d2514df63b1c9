import { randomBytes } from 'node:crypto';
import { and, desc, eq, like } from 'drizzle-orm';
import { managesOrganization } from '../access/org-scope.js';
import { requireUser, type Principal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { deliveries, webhooks } from './notifications.table.js';
import { loadPreferences, PreferencesSchema, savePreferences } from './preferences.js';

const TAGS = ['Notifications'];
const OrgParams = z.object({ id: z.uuid() });
const WebhookParams = z.object({ id: z.uuid(), webhookId: z.uuid() });
const WebhookBody = z.strictObject({
  url: z
    .string()
    .trim()
    .max(2048)
    .refine((value) => URL.canParse(value) && ['https:', 'http:'].includes(new URL(value).protocol), 'Expected an http(s) URL'),
});
const WebhookDto = z.object({ id: z.uuid(), organizationId: z.uuid(), url: z.string(), enabled: z.boolean(), consecutiveFailures: z.number().int(), disabledAt: z.string().nullable(), createdAt: z.string(), secret: z.string().optional() }).openapi('Webhook');
const DeliveryDto = z.object({ id: z.uuid(), eventSeq: z.number().int(), eventType: z.string(), channel: z.string(), status: z.string(), attempts: z.number().int(), lastError: z.string().nullable(), createdAt: z.string(), deliveredAt: z.string().nullable() }).openapi('Delivery');

function assertManages(principal: Principal, organizationId: string): void {
  if (!managesOrganization(principal, organizationId)) throw new AppError('FORBIDDEN', 'Webhooks are managed by the administrators of the organization.');
}

function presentWebhook(row: typeof webhooks.$inferSelect, withSecret = false) {
  return { id: row.id, organizationId: row.organizationId, url: row.url, enabled: row.enabled, consecutiveFailures: row.consecutiveFailures, disabledAt: row.disabledAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString(), ...(withSecret ? { secret: row.secret } : {}) };
}

function presentDelivery(row: typeof deliveries.$inferSelect) {
  return { id: row.id, eventSeq: row.eventSeq, eventType: row.eventType, channel: row.channel, status: row.status, attempts: row.attempts, lastError: row.lastError, createdAt: row.createdAt.toISOString(), deliveredAt: row.deliveredAt?.toISOString() ?? null };
}

/** Notification preferences, the in-app notification list, and organization webhooks with their delivery log. */
export function registerNotificationRoutes(api: Api, db: Database): void {
  api.define(
    { method: 'get', path: '/api/v1/me/notification-preferences', summary: 'Your notification preferences', tags: TAGS, access: { authenticated: true }, responses: { 200: { description: 'Preferences', schema: PreferencesSchema } } },
    async ({ principal }) => (await loadPreferences(db, [requireUser(principal).userId])).get(requireUser(principal).userId),
  );
  api.define(
    { method: 'put', path: '/api/v1/me/notification-preferences', summary: 'Change your notification preferences', tags: TAGS, access: { authenticated: true }, body: PreferencesSchema, responses: { 200: { description: 'Preferences', schema: PreferencesSchema } } },
    ({ principal, body }) => savePreferences(db, requireUser(principal).userId, body),
  );
  api.define(
    { method: 'get', path: '/api/v1/me/notifications', summary: 'Your in-app notifications, newest first', tags: TAGS, access: { authenticated: true }, query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }), responses: { 200: { description: 'Notifications', schema: z.object({ items: z.array(z.object({ id: z.uuid(), eventType: z.string(), advisoryId: z.string().nullable(), kind: z.string().nullable(), at: z.string() })) }) } } },
    async ({ principal, query }) => {
      const rows = await db.select().from(deliveries).where(and(eq(deliveries.channel, 'in_app'), eq(deliveries.recipient, `user:${requireUser(principal).userId}`))).orderBy(desc(deliveries.createdAt)).limit(query.limit);
      return { items: rows.map((row) => ({ id: row.id, eventType: row.eventType, advisoryId: (row.message.advisoryId as string | undefined) ?? null, kind: (row.message.kind as string | undefined) ?? null, at: row.createdAt.toISOString() })) };
    },
  );
  api.define(
    { method: 'get', path: '/api/v1/organizations/:id/webhooks', summary: "The organization's webhooks", tags: TAGS, access: { authenticated: true }, params: OrgParams, responses: { 200: { description: 'Webhooks', schema: z.object({ items: z.array(WebhookDto) }) } } },
    async ({ principal, params }) => {
      assertManages(principal, params.id);
      const rows = await db.select().from(webhooks).where(eq(webhooks.organizationId, params.id)).orderBy(desc(webhooks.createdAt));
      return { items: rows.map((row) => presentWebhook(row)) };
    },
  );
  api.define(
    { method: 'post', path: '/api/v1/organizations/:id/webhooks', summary: 'Add a webhook (the signing secret is shown once)', tags: TAGS, access: { authenticated: true }, params: OrgParams, body: WebhookBody, successStatus: 201, responses: { 201: { description: 'The webhook with its secret', schema: WebhookDto } } },
    async ({ principal, params, body }) => {
      assertManages(principal, params.id);
      const [row] = await db.insert(webhooks).values({ organizationId: params.id, url: body.url, secret: randomBytes(32).toString('base64url') }).returning();
      return presentWebhook(row!, true);
    },
  );
  api.define(
    { method: 'post', path: '/api/v1/organizations/:id/webhooks/:webhookId/enable', summary: 'Re-enable a disabled webhook', tags: TAGS, access: { authenticated: true }, params: WebhookParams, responses: { 200: { description: 'The webhook', schema: WebhookDto } } },
    async ({ principal, params }) => {
      assertManages(principal, params.id);
      const [row] = await db.update(webhooks).set({ enabled: true, disabledAt: null, consecutiveFailures: 0 }).where(and(eq(webhooks.id, params.webhookId), eq(webhooks.organizationId, params.id))).returning();
      if (!row) throw notFound('Webhook');
      return presentWebhook(row);
    },
  );
  api.define(
    { method: 'delete', path: '/api/v1/organizations/:id/webhooks/:webhookId', summary: 'Remove a webhook', tags: TAGS, access: { authenticated: true }, params: WebhookParams, responses: { 204: { description: 'Removed' } } },
    async ({ principal, params }) => {
      assertManages(principal, params.id);
      const removed = await db.delete(webhooks).where(and(eq(webhooks.id, params.webhookId), eq(webhooks.organizationId, params.id))).returning({ id: webhooks.id });
      if (removed.length === 0) throw notFound('Webhook');
    },
  );
  api.define(
    { method: 'get', path: '/api/v1/organizations/:id/webhooks/:webhookId/deliveries', summary: 'Delivery log of a webhook, newest first', tags: TAGS, access: { authenticated: true }, params: WebhookParams, responses: { 200: { description: 'Deliveries', schema: z.object({ items: z.array(DeliveryDto) }) } } },
    async ({ principal, params }) => {
      assertManages(principal, params.id);
      const rows = await db.select().from(deliveries).where(and(like(deliveries.recipient, `webhook:${params.webhookId}`), eq(deliveries.organizationId, params.id))).orderBy(desc(deliveries.createdAt)).limit(200);
      return { items: rows.map(presentDelivery) };
    },
  );
}
