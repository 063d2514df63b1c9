import { and, desc, eq } from 'drizzle-orm';
import type { Settings } from '../../config/settings.schema.js';
import { requireUser } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { deliveries } from './notifications.table.js';
import { loadPreferences, PreferencesSchema, savePreferences } from './preferences.js';
import { registerWebhookRoutes } from './webhooks.routes.js';

const TAGS = ['Notifications'];

/** Notification preferences, the in-app notification list, and (webhooks.routes.ts) organization webhooks. */
export function registerNotificationRoutes(api: Api, { db, settings }: { db: Database; settings: Settings }): void {
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
  registerWebhookRoutes(api, { db, settings });
}
