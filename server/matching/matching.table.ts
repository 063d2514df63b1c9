import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { advisories } from '../advisories/advisories.table.js';
import { assets } from '../inventory/inventory.table.js';
import { organizations } from '../organizations/organizations.table.js';

/**
 * Which asset of which organization an advisory's current revision affects, and why. Replaced as a
 * whole per (advisory, organization) on every re-match, so it always describes the latest revision.
 */
export const advisoryMatches = pgTable(
  'advisory_matches',
  {
    advisoryId: uuid('advisory_id')
      .notNull()
      .references(() => advisories.id, { onDelete: 'cascade' }),
    /** The revision the match was computed for. */
    version: integer('version').notNull(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
    /** `confirmed` (version in a stated range) or `possible` (the source names no versions, or the inventory none). */
    certainty: text('certainty').$type<'confirmed' | 'possible'>().notNull().default('confirmed'),
    reasonDe: text('reason_de').notNull(),
    reasonEn: text('reason_en').notNull(),
    matchedAt: timestamp('matched_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.advisoryId, t.organizationId, t.assetId] }), index('advisory_matches_org_idx').on(t.organizationId)],
);

/** The first time an organization learned it is affected (kept across re-matches, for "overdue"). */
export const advisoryAffected = pgTable(
  'advisory_affected',
  {
    advisoryId: uuid('advisory_id')
      .notNull()
      .references(() => advisories.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    firstMatchedAt: timestamp('first_matched_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** Set when escalation to the second contact and the CERT was sent; reminders count separately. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true, precision: 3 }),
    remindedAt: timestamp('reminded_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [primaryKey({ columns: [t.advisoryId, t.organizationId] }), index('advisory_affected_org_idx').on(t.organizationId)],
);

export type AdvisoryMatchRow = typeof advisoryMatches.$inferSelect;
