import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../organizations/organizations.table.js';

/** How much an organization depends on an asset (drives the order of "affects you" lists). */
export const CRITICALITIES = ['niedrig', 'mittel', 'hoch', 'kritisch'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/**
 * An organization's product inventory: one row per product (and version) it runs. `matchKey` and
 * `cpeKey` are derived on write (server/matching/normalize.ts) and indexed, so matching an advisory
 * looks up candidate assets by key instead of scanning every inventory.
 */
export const assets = pgTable(
  'assets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    vendor: text('vendor').notNull(),
    product: text('product').notNull(),
    version: text('version'),
    cpe: text('cpe'),
    /** Package URL (pkg:rpm/redhat/openssl@1.1.1k-4.el8), canonical form. */
    purl: text('purl'),
    criticality: text('criticality').$type<Criticality>().notNull().default('mittel'),
    whereUsed: text('where_used'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** Normalized `vendor|product` (case, punctuation, aliases). */
    matchKey: text('match_key').notNull(),
    /** `vendor:product` of the CPE, when one is given. */
    cpeKey: text('cpe_key'),
    /** `pkg:type/namespace/name` of the purl, when one is given. */
    purlKey: text('purl_key'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('assets_org_idx').on(t.organizationId, t.vendor, t.product),
    index('assets_match_key_idx').on(t.matchKey),
    index('assets_cpe_key_idx').on(t.cpeKey),
    index('assets_purl_key_idx').on(t.purlKey),
    check('assets_criticality_check', sql`${t.criticality} in ('niedrig','mittel','hoch','kritisch')`),
  ],
);

export type AssetRow = typeof assets.$inferSelect;
