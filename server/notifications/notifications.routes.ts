import type { Settings } from '../../config/settings.schema.js';
import { requireUser, type Principal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { InAppListSchema, listInApp, markRead } from './in-app.js';
import { loadPreferences, PreferencesSchema, savePreferences } from './preferences.js';
import { registerWebhookRoutes } from './webhooks.routes.js';
import type { Logger } from '../platform/logger.js';

const TAGS = ['Notifications'];

const MarkReadBodySchema = z
  .strictObject({ ids: z.array(z.uuid()).min(1).max(500).optional(), all: z.literal(true).optional() })
  .refine((body) => (body.ids === undefined) !== (body.all === undefined), 'Send either ids or all: true.');

/** Notification preferences, the in-app notification list, and (webhooks.routes.ts) organization webhooks. */
export function registerNotificationRoutes(api: Api, { db, settings, logger }: { db: Database; settings: Settings; logger: Logger }): void {
  const preferencesOf = async (principal: Principal) => (await loadPreferences(db, [requireUser(principal).userId])).get(requireUser(principal).userId);
  api.define(
    { method: 'get', path: '/api/v1/me/notification-preferences', summary: 'Your notification preferences', tags: TAGS, access: { authenticated: true }, etag: { current: ({ principal }) => preferencesOf(principal) }, responses: { 200: { description: 'Preferences', schema: PreferencesSchema } } },
    async ({ principal }) => (await loadPreferences(db, [requireUser(principal).userId])).get(requireUser(principal).userId),
  );
  api.define(
    { method: 'put', path: '/api/v1/me/notification-preferences', summary: 'Change your notification preferences', tags: TAGS, access: { authenticated: true }, body: PreferencesSchema, etag: { current: ({ principal }) => preferencesOf(principal) }, responses: { 200: { description: 'Preferences', schema: PreferencesSchema } } },
    ({ principal, body }) => savePreferences(db, requireUser(principal).userId, body),
  );
  api.define(
    { method: 'get', path: '/api/v1/me/notifications', summary: 'Your in-app notifications, newest first, with the unread count', tags: TAGS, access: { authenticated: true }, query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), unread: z.enum(['true', 'false']).optional() }), responses: { 200: { description: 'Notifications', schema: InAppListSchema } } },
    ({ principal, query }) => listInApp(db, principal, query.limit, query.unread === 'true'),
  );
  api.define(
    { method: 'post', path: '/api/v1/me/notifications/read', summary: 'Mark your in-app notifications as read (the listed ones, or all)', tags: TAGS, access: { authenticated: true }, body: MarkReadBodySchema, responses: { 200: { description: 'The unread count after marking', schema: z.object({ unread: z.number().int() }) } } },
    async ({ principal, body }) => ({ unread: await markRead(db, principal, body.all ? 'all' : (body.ids ?? [])) }),
  );
  registerWebhookRoutes(api, { db, settings, logger });
}
