import { sql } from 'drizzle-orm';
import { bigserial, check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { advisories } from '../advisories/advisories.table.js';
import { organizations } from '../organizations/organizations.table.js';
import { users } from '../users/users.table.js';

export const ACK_STATUSES = ['affected', 'not_affected', 'in_progress', 'mitigated'] as const;
export type AckStatus = (typeof ACK_STATUSES)[number];

/**
 * Acknowledgements: append-only, so the history of an organization's answers is kept; the current
 * answer is the newest row per (advisory, organization).
 */
export const acknowledgements = pgTable(
  'acknowledgements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    advisoryId: uuid('advisory_id')
      .notNull()
      .references(() => advisories.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    status: text('status').$type<AckStatus>().notNull(),
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('acknowledgements_advisory_org_idx').on(t.advisoryId, t.organizationId, t.id),
    check('acknowledgements_status_check', sql`${t.status} in ('affected','not_affected','in_progress','mitigated')`),
  ],
);

/** Read receipts: who of an affected organization opened the advisory, and when first. */
export const advisoryReads = pgTable(
  'advisory_reads',
  {
    advisoryId: uuid('advisory_id')
      .notNull()
      .references(() => advisories.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    firstReadAt: timestamp('first_read_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.advisoryId, t.userId, t.organizationId] })],
);

export type AcknowledgementRow = typeof acknowledgements.$inferSelect;
