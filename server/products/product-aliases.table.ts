import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.table.js';

export const ALIAS_KINDS = ['vendor', 'product'] as const;
export type AliasKind = (typeof ALIAS_KINDS)[number];

/**
 * Names of products as the sources and inventories write them, tied to one identity: the CPE
 * vendor (kind `vendor`: "Citrix Systems" → `citrix`) or CPE vendor:product (kind `product`:
 * "Citrix NetScaler ADC" → `citrix:netscaler_application_delivery_controller`). Seeded at start
 * from `server/products/aliases.seed.json`, learned from feeds that give a name together with a
 * CPE (BSI CSAF, CVE records), and edited by the CERT. `name_key` is the folded name the matching
 * engine looks up (server/products/alias-index.ts); one row per name.
 */
export const productAliases = pgTable(
  'product_aliases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<AliasKind>().notNull(),
    cpeVendor: text('cpe_vendor').notNull(),
    /** Null for vendor aliases. */
    cpeProduct: text('cpe_product'),
    /** The name as written (display). */
    vendor: text('vendor').notNull(),
    product: text('product'),
    /** `v:<folded vendor>` or `p:<cpe vendor>|<folded product>`: unique, what lookups use. */
    nameKey: text('name_key').notNull().unique(),
    /** Where the alias came from: `seed`, `cert` (edited through the API) or the feed type that brought it. */
    origin: text('origin').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('product_aliases_identity_idx').on(t.cpeVendor, t.cpeProduct),
    check('product_aliases_kind_check', sql`${t.kind} in ('vendor','product') and ((${t.kind} = 'vendor') = (${t.cpeProduct} is null))`),
  ],
);

export type ProductAliasRow = typeof productAliases.$inferSelect;
