import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp, uuid, index } from 'drizzle-orm/pg-core';
import { users } from '../users/users.table.js';

/** One entry of a TAXII status resource's `successes`, `failures` or `pendings` (TAXII 2.1 §4.3.1). */
export type TaxiiStatusDetail = { id: string; version: string; message?: string };

/**
 * Status resources of TAXII "Add Objects" requests (TAXII 2.1 §4.3): one row per POST to a
 * collection's objects endpoint, with the counts and per-object outcomes. Only the requesting user
 * may read it back (`GET /taxii2/<api-root>/status/<id>/`).
 */
export const taxiiStatuses = pgTable(
  'taxii_statuses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The collection id the envelope was posted to. */
    collectionId: text('collection_id').notNull(),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'cascade' }),
    status: text('status').$type<'pending' | 'complete'>().notNull().default('pending'),
    requestTimestamp: timestamp('request_timestamp', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    totalCount: integer('total_count').notNull(),
    successCount: integer('success_count').notNull().default(0),
    failureCount: integer('failure_count').notNull().default(0),
    pendingCount: integer('pending_count').notNull().default(0),
    successes: jsonb('successes').$type<TaxiiStatusDetail[]>().notNull().default(sql`'[]'::jsonb`),
    failures: jsonb('failures').$type<TaxiiStatusDetail[]>().notNull().default(sql`'[]'::jsonb`),
    pendings: jsonb('pendings').$type<TaxiiStatusDetail[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [check('taxii_statuses_status_check', sql`${t.status} in ('pending','complete')`), index('taxii_statuses_requested_by_idx').on(t.requestedBy)],
);

export type TaxiiStatusRow = typeof taxiiStatuses.$inferSelect;
