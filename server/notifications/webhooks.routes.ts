import { randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Settings } from '../../config/settings.schema.js';
import { managesOrganization } from '../access/org-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import { requireUser, type Principal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { refuseUrl, type UrlRefusal } from '../platform/net/address-guard.js';
import { deliveries, WEBHOOK_EVENT_TYPES, webhooks, type WebhookRow } from './notifications.table.js';
import { postWebhook, webhookGuard } from './webhook-delivery.js';
import type { Logger } from '../platform/logger.js';

const TAGS = ['Notifications'];
const OrgParams = z.object({ id: z.uuid() });
const WebhookParams = z.object({ id: z.uuid(), webhookId: z.uuid() });
const Url = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => URL.canParse(value) && ['https:', 'http:'].includes(new URL(value).protocol), 'Expected an http(s) URL');
const EventTypes = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length);
const CreateBody = z.strictObject({ url: Url, eventTypes: EventTypes.optional() });
const UpdateBody = z.strictObject({ url: Url.optional(), eventTypes: EventTypes.optional(), enabled: z.boolean().optional() });
const WebhookDto = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    enabled: z.boolean(),
    consecutiveFailures: z.number().int(),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
    lastDelivery: z.object({ at: z.string(), status: z.number().int().nullable(), error: z.string().nullable() }).nullable(),
    secret: z.string().optional(),
  })
  .openapi('Webhook');
const DeliveryDto = z.object({ id: z.uuid(), eventSeq: z.number().int(), eventType: z.string(), channel: z.string(), status: z.string(), attempts: z.number().int(), lastError: z.string().nullable(), createdAt: z.string(), deliveredAt: z.string().nullable() }).openapi('Delivery');
const TestResultDto = z.object({ ok: z.boolean(), status: z.number().int().nullable(), error: z.string().nullable(), at: z.string() }).openapi('WebhookTestResult');

const REFUSAL_TEXT: Record<UrlRefusal, string> = {
  not_http: 'Only http(s) URLs can receive webhooks.',
  credentials: 'The URL must not contain a user name or password; authenticate the request with the signature header.',
  private_address: 'The URL points to a loopback, private, link-local or otherwise non-public address.',
  local_name: 'The URL names a local host (localhost, .local, .internal) that is not reachable from Lagebild.',
};

function assertManages(principal: Principal, organizationId: string): void {
  if (!managesOrganization(principal, organizationId)) throw new AppError('FORBIDDEN', 'Webhooks are managed by the administrators of the organization.');
}

/** Save-time SSRF check; delivery re-checks after DNS resolution (webhook-delivery.ts). */
function assertAllowedUrl(url: string, settings: Settings): void {
  const refusal = refuseUrl(url, webhookGuard(settings).allow);
  if (refusal) throw new AppError('ADDRESS_NOT_ALLOWED', REFUSAL_TEXT[refusal], [{ path: 'url', message: refusal }]);
}

function presentWebhook(row: WebhookRow, withSecret = false) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    url: row.url,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    consecutiveFailures: row.consecutiveFailures,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    lastDelivery: row.lastDeliveryAt ? { at: row.lastDeliveryAt.toISOString(), status: row.lastDeliveryStatus, error: row.lastDeliveryError } : null,
    ...(withSecret ? { secret: row.secret } : {}),
  };
}

function presentDelivery(row: typeof deliveries.$inferSelect) {
  return { id: row.id, eventSeq: row.eventSeq, eventType: row.eventType, channel: row.channel, status: row.status, attempts: row.attempts, lastError: row.lastError, createdAt: row.createdAt.toISOString(), deliveredAt: row.deliveredAt?.toISOString() ?? null };
}

function actorOf(principal: Principal, ip: string | undefined) {
  const user = requireUser(principal);
  return { userId: user.userId, label: user.email, ip: ip ?? null };
}

/** Organization webhooks: list, add (secret shown once), change, re-enable, remove, test delivery, delivery log. */
export function registerWebhookRoutes(api: Api, { db, settings, logger }: { db: Database; settings: Settings; logger: Logger }): void {
  /** One webhook as the list shows it (never its secret), for its organization's administrators. */
  const webhookOf = async (principal: Principal, organizationId: string, webhookId: string) => {
    assertManages(principal, organizationId);
    const [row] = await db.select().from(webhooks).where(and(eq(webhooks.id, webhookId), eq(webhooks.organizationId, organizationId)));
    if (!row) throw notFound('Webhook');
    return presentWebhook(row);
  };
  api.define(
    { method: 'get', path: '/api/v1/organizations/:id/webhooks', summary: "The organization's webhooks", tags: TAGS, access: { authenticated: true }, params: OrgParams, responses: { 200: { description: 'Webhooks', schema: z.object({ items: z.array(WebhookDto) }) } } },
    async ({ principal, params }) => {
      assertManages(principal, params.id);
      const rows = await db.select().from(webhooks).where(eq(webhooks.organizationId, params.id)).orderBy(desc(webhooks.createdAt));
      return { items: rows.map((row) => presentWebhook(row)) };
    },
  );
  api.define(
    { method: 'post', path: '/api/v1/organizations/:id/webhooks', summary: 'Add a webhook (the signing secret is shown once)', tags: TAGS, access: { authenticated: true }, params: OrgParams, body: CreateBody, successStatus: 201, responses: { 201: { description: 'The webhook with its secret', schema: WebhookDto } } },
    async ({ principal, params, body, req }) => {
      assertManages(principal, params.id);
      assertAllowedUrl(body.url, settings);
      return db.transaction(async (tx) => {
        const [row] = await tx.insert(webhooks).values({ organizationId: params.id, url: body.url, secret: randomBytes(32).toString('base64url'), ...(body.eventTypes ? { eventTypes: [...new Set(body.eventTypes)] } : {}) }).returning();
        await recordAudit(tx, actorOf(principal, req.ip), { action: 'webhook.created', objectType: 'webhook', objectId: row!.id, details: { organizationId: params.id, url: row!.url, eventTypes: row!.eventTypes } });
        return presentWebhook(row!, true);
      });
    },
  );
  api.define(
    { method: 'patch', path: '/api/v1/organizations/:id/webhooks/:webhookId', summary: "Change a webhook's URL, event types or enabled state", tags: TAGS, access: { authenticated: true }, params: WebhookParams, body: UpdateBody, etag: { current: ({ principal, params }) => webhookOf(principal, params.id, params.webhookId) }, responses: { 200: { description: 'The webhook', schema: WebhookDto } } },
    async ({ principal, params, body, req }) => {
      assertManages(principal, params.id);
      if (body.url !== undefined) assertAllowedUrl(body.url, settings);
      const changes: Partial<typeof webhooks.$inferInsert> = {};
      if (body.url !== undefined) changes.url = body.url;
      if (body.eventTypes !== undefined) changes.eventTypes = [...new Set(body.eventTypes)];
      if (body.enabled === true) Object.assign(changes, { enabled: true, disabledAt: null, consecutiveFailures: 0 });
      if (body.enabled === false) Object.assign(changes, { enabled: false, disabledAt: new Date() });
      return db.transaction(async (tx) => {
        const [row] = Object.keys(changes).length === 0
          ? await tx.select().from(webhooks).where(and(eq(webhooks.id, params.webhookId), eq(webhooks.organizationId, params.id)))
          : await tx.update(webhooks).set(changes).where(and(eq(webhooks.id, params.webhookId), eq(webhooks.organizationId, params.id))).returning();
        if (!row) throw notFound('Webhook');
        await recordAudit(tx, actorOf(principal, req.ip), { action: 'webhook.updated', objectType: 'webhook', objectId: row.id, details: { organizationId: params.id, fields: Object.keys(body) } });
        return presentWebhook(row);
      });
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
    { method: 'post', path: '/api/v1/organizations/:id/webhooks/:webhookId/test', summary: 'Send a signed test event to the webhook now and report the outcome', tags: TAGS, access: { authenticated: true }, params: WebhookParams, responses: { 200: { description: 'What the receiver answered', schema: TestResultDto } } },
    async ({ principal, params }) => {
      assertManages(principal, params.id);
      const [hook] = await db.select().from(webhooks).where(and(eq(webhooks.id, params.webhookId), eq(webhooks.organizationId, params.id)));
      if (!hook) throw notFound('Webhook');
      const at = new Date();
      // A fixed, content-free payload: a test may go to a receiver that is not yet trusted with advisories.
      const body = JSON.stringify({ event: 'webhook.test', organizationId: hook.organizationId, webhookId: hook.id, at: at.toISOString(), message: { de: 'Testzustellung von Lagebild', en: 'Test delivery from Lagebild' } });
      const attempt = await postWebhook(hook, body, { eventType: 'webhook.test', deliveryId: randomUUID(), at, settings });
      await db.update(webhooks).set({ lastDeliveryAt: at, lastDeliveryStatus: attempt.status, lastDeliveryError: attempt.ok ? null : attempt.error }).where(eq(webhooks.id, hook.id));
      if (!attempt.ok) logger.warn({ webhookId: hook.id, organizationId: hook.organizationId, status: attempt.status, detail: attempt.detail }, 'webhook test failed');
      return { ok: attempt.ok, status: attempt.status, error: attempt.ok ? null : attempt.error, at: at.toISOString() };
    },
  );
  api.define(
    { method: 'delete', path: '/api/v1/organizations/:id/webhooks/:webhookId', summary: 'Remove a webhook', tags: TAGS, access: { authenticated: true }, params: WebhookParams, responses: { 204: { description: 'Removed' } } },
    async ({ principal, params, req }) => {
      assertManages(principal, params.id);
      await db.transaction(async (tx) => {
        const removed = await tx.delete(webhooks).where(and(eq(webhooks.id, params.webhookId), eq(webhooks.organizationId, params.id))).returning({ id: webhooks.id, url: webhooks.url });
        if (removed.length === 0) throw notFound('Webhook');
        await recordAudit(tx, actorOf(principal, req.ip), { action: 'webhook.deleted', objectType: 'webhook', objectId: params.webhookId, details: { organizationId: params.id, url: removed[0]!.url } });
      });
    },
  );
  api.define(
    { method: 'get', path: '/api/v1/organizations/:id/webhooks/:webhookId/deliveries', summary: 'Delivery log of a webhook, newest first', tags: TAGS, access: { authenticated: true }, params: WebhookParams, responses: { 200: { description: 'Deliveries', schema: z.object({ items: z.array(DeliveryDto) }) } } },
    async ({ principal, params }) => {
      assertManages(principal, params.id);
      const rows = await db.select().from(deliveries).where(and(eq(deliveries.recipient, `webhook:${params.webhookId}`), eq(deliveries.organizationId, params.id))).orderBy(desc(deliveries.createdAt)).limit(200);
      return { items: rows.map(presentDelivery) };
    },
  );
}
