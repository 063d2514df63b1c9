import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only audit trail. Each row's `hash` covers its content and the previous row's hash,
 * so altering or deleting any row breaks the chain (`npm run audit:verify`).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    tlp: text('tlp'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull().unique(),
  },
  (t) => [index('audit_log_action_idx').on(t.action), index('audit_log_actor_idx').on(t.actorUserId), index('audit_log_object_idx').on(t.objectType, t.objectId)],
);

export type AuditRow = typeof auditLog.$inferSelect;
