/**
 * Outbox events of the notifications slice: `notification.created` tells the one recipient's bell
 * that an in-app notification arrived (payload: its id and the new unread count). The subject is the
 * user; a deactivated user receives nothing (server/access/ decides at delivery).
 */
import { defineEvent } from '../access/event-declaration.js';
import { NotificationCreatedPayloadSchema } from '../realtime/events.js';

export const NOTIFICATION_CREATED = defineEvent({ type: 'notification.created', subject: 'user', payload: NotificationCreatedPayloadSchema, live: true, audience: (user) => ({ kind: 'user', userId: user.userId }) });
