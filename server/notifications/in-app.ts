/**
 * The notification centre: a user's in-app notifications (deliveries on the `in_app` channel), the
 * unread count of the header's bell, and marking as read. The list is read long after it was
 * planned: each entry is checked again at read time, through access/, against the advisory or
 * Lagebericht as it is now. An entry the reader may no longer see (narrowed, withdrawn, deleted, or a
 * lost membership) is neither listed nor counted (DESIGN.md D9); titles come from the current object.
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { canView } from '../access/policy.js';
import { canReadReport } from '../access/situation.js';
import { accessObjectOf } from '../advisories/advisories.policy.js';
import type { AdvisoryRow } from '../advisories/advisories.table.js';
import { requireUser, type Principal, type UserPrincipal } from '../auth/principal.js';
import type { Executor } from '../platform/db/client.js';
import { z } from '../platform/http/openapi-zod.js';
import type { ReportNotice } from '../situation/index.js';
import { deliveries, type DeliveryRow } from './notifications.table.js';
import { advisoriesOf, isReportDelivery, reportsOf } from './send.js';

const Localized = z.object({ de: z.string(), en: z.string().optional() });

export const InAppNotificationSchema = z
  .object({ id: z.uuid(), eventType: z.string(), advisoryId: z.string().nullable(), reportId: z.string().nullable(), kind: z.string().nullable(), title: Localized.nullable(), severity: z.string().nullable(), changeNote: Localized.nullable().describe('What changed and why, for a revision'), at: z.string(), read: z.boolean() })
  .openapi('InAppNotification');
export type InAppNotification = z.infer<typeof InAppNotificationSchema>;

export const InAppListSchema = z.object({ items: z.array(InAppNotificationSchema), unread: z.number().int() }).openapi('InAppNotificationList');

type Current = { advisories: Map<string, AdvisoryRow>; reports: Map<string, ReportNotice> };

function recipientOf(principal: UserPrincipal): string {
  return `user:${principal.userId}`;
}

async function currentOf(db: Executor, rows: readonly DeliveryRow[]): Promise<Current> {
  const [advisories, reports] = await Promise.all([advisoriesOf(db, rows), reportsOf(db, rows)]);
  return { advisories, reports };
}

function visibleNow(principal: UserPrincipal, row: DeliveryRow, current: Current): boolean {
  if (isReportDelivery(row)) {
    const report = current.reports.get(row.id);
    return report !== undefined && canReadReport(principal, report);
  }
  const advisory = current.advisories.get(row.id);
  return advisory !== undefined && canView(principal, accessObjectOf(advisory));
}

/** The entries the principal may still see, in their order. */
export async function visibleNotifications(db: Executor, principal: UserPrincipal, rows: readonly DeliveryRow[]): Promise<DeliveryRow[]> {
  const current = await currentOf(db, rows);
  return rows.filter((row) => visibleNow(principal, row, current));
}

/** How many in-app notifications the user has not read, among those they may still see. */
export async function unreadCountOf(db: Executor, principal: UserPrincipal): Promise<number> {
  const unread = await db.select().from(deliveries).where(and(eq(deliveries.channel, 'in_app'), eq(deliveries.recipient, recipientOf(principal)), isNull(deliveries.readAt)));
  return (await visibleNotifications(db, principal, unread)).length;
}

/** The newest in-app notifications the user may still see, with titles from the current objects, and the unread count. */
export async function listInApp(db: Executor, principal: Principal, limit: number, onlyUnread = false): Promise<{ items: InAppNotification[]; unread: number }> {
  const user = requireUser(principal);
  const items: InAppNotification[] = [];
  // Entries no longer visible are skipped, so read in pages until `limit` visible ones are found.
  for (let offset = 0; items.length < limit; offset += limit) {
    const rows = await db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.channel, 'in_app'), eq(deliveries.recipient, recipientOf(user)), onlyUnread ? isNull(deliveries.readAt) : undefined))
      .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
      .limit(limit)
      .offset(offset);
    const current = await currentOf(db, rows);
    for (const row of rows.filter((entry) => visibleNow(user, entry, current))) {
      if (items.length >= limit) break;
      const advisory = current.advisories.get(row.id);
      const report = current.reports.get(row.id);
      items.push({
        id: row.id,
        eventType: row.eventType,
        advisoryId: advisory?.id ?? null,
        reportId: report?.id ?? null,
        kind: typeof row.message.kind === 'string' ? row.message.kind : null,
        changeNote: (row.message.changeNote as { de: string; en?: string } | undefined) ?? null,
        title: advisory ? advisory.content.title : (report?.title ?? null),
        severity: advisory?.severity ?? null,
        at: row.createdAt.toISOString(),
        read: row.readAt !== null,
      });
    }
    if (rows.length < limit) break;
  }
  return { items, unread: await unreadCountOf(db, user) };
}

/** Marks the user's own notifications as read (the given ones, or all); returns the new unread count. */
export async function markRead(db: Executor, principal: Principal, ids: readonly string[] | 'all', now = new Date()): Promise<number> {
  const user = requireUser(principal);
  const own = and(eq(deliveries.channel, 'in_app'), eq(deliveries.recipient, recipientOf(user)), isNull(deliveries.readAt));
  if (ids === 'all') await db.update(deliveries).set({ readAt: now }).where(own);
  else if (ids.length > 0) await db.update(deliveries).set({ readAt: now }).where(and(own, inArray(deliveries.id, [...ids])));
  return unreadCountOf(db, user);
}
