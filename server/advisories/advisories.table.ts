import { getTableColumns, sql } from 'drizzle-orm';
import { check, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../organizations/organizations.table.js';
import { users } from '../users/users.table.js';
import type { TlpLevel } from '../access/tlp.js';
import type { AdvisoryContent, AdvisoryStatus, PapLevel } from './advisories.schemas.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

// Weighted so a hit in the title ranks above one in the body (ts_rank honours A > B > C).
// Both configurations are constants, so to_tsvector is immutable and allowed in a generated column.
function searchVector(config: 'german' | 'english', language: 'de' | 'en') {
  const part = (field: string, weight: string) =>
    `setweight(to_tsvector('${config}'::regconfig, coalesce(content #>> '{${field},${language}}', '')), '${weight}')`;
  return sql.raw([part('title', 'A'), part('summary', 'B'), part('body', 'C'), part('recommendations', 'C')].join(' || '));
}

/**
 * Advisories. `content` is the current published revision (or the draft before the first
 * publication); `pending` is a prepared, unpublished revision of a published advisory. The
 * visibility columns (tlp, audience, author, status) mirror the published content so that
 * `visibleTo` filters in SQL; the search vectors are generated from `content`.
 */
export const advisories = pgTable(
  'advisories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    status: text('status').$type<AdvisoryStatus>().notNull().default('draft'),
    /** Number of the current published revision; 0 before the first publication. */
    version: integer('version').notNull().default(0),
    tlp: text('tlp').$type<TlpLevel>().notNull(),
    pap: text('pap').$type<PapLevel>(),
    audienceOrganizationIds: uuid('audience_organization_ids').array().notNull().default(sql`'{}'::uuid[]`),
    audienceSharingGroupIds: uuid('audience_sharing_group_ids').array().notNull().default(sql`'{}'::uuid[]`),
    audienceUserIds: uuid('audience_user_ids').array().notNull().default(sql`'{}'::uuid[]`),
    authorOrganizationId: uuid('author_organization_id').references(() => organizations.id, { onDelete: 'set null' }),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    content: jsonb('content').$type<AdvisoryContent>().notNull(),
    pending: jsonb('pending').$type<AdvisoryContent>(),
    severity: text('severity').notNull(),
    cves: text('cves').array().notNull().default(sql`'{}'::text[]`),
    /** Lower-cased vendor and product names, for the list filters. */
    vendors: text('vendors').array().notNull().default(sql`'{}'::text[]`),
    productNames: text('product_names').array().notNull().default(sql`'{}'::text[]`),
    source: text('source').notNull().default('own'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, precision: 3 }),
    searchDe: tsvector('search_de').generatedAlwaysAs(searchVector('german', 'de')),
    searchEn: tsvector('search_en').generatedAlwaysAs(searchVector('english', 'en')),
  },
  (t) => [
    check('advisories_status_check', sql`${t.status} in ('draft','published','revised','withdrawn')`),
    check('advisories_tlp_check', sql`${t.tlp} in ('clear','green','amber','amber+strict','red')`),
    check('advisories_pap_check', sql`${t.pap} is null or ${t.pap} in ('clear','green','amber','red')`),
    check('advisories_severity_check', sql`${t.severity} in ('niedrig','mittel','hoch','kritisch')`),
    index('advisories_created_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('advisories_cves_idx').using('gin', t.cves),
    // With the creation date in the same GIN index (btree_gin), "recent hits first" finds the recent
    // matches in the index instead of fetching every match of the archive to filter by date.
    index('advisories_created_search_de_idx').using('gin', t.createdAt, t.searchDe),
    index('advisories_created_search_en_idx').using('gin', t.createdAt, t.searchEn),
  ],
);

/** Every published revision's full content, kept forever (versions, diff, audit). */
export const advisoryRevisions = pgTable(
  'advisory_revisions',
  {
    advisoryId: uuid('advisory_id')
      .notNull()
      .references(() => advisories.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: jsonb('content').$type<AdvisoryContent>().notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }).notNull(),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
    /** What changed and why, in the author's words; required from version 2 on (version 1 has none). */
    changeNote: jsonb('change_note').$type<{ de: string; en?: string }>(),
  },
  (t) => [primaryKey({ columns: [t.advisoryId, t.version] })],
);

// The search vectors are the database's own (matching and ranking); reading them back would move
// about 1 KB of tsvector text per row through the driver for nothing, so reads select these columns.
const { searchDe: _searchDe, searchEn: _searchEn, ...readableColumns } = getTableColumns(advisories);
/** Every column of an advisory except the generated search vectors: what reads select. */
export const advisoryColumns = readableColumns;

export type AdvisoryRow = Omit<typeof advisories.$inferSelect, 'searchDe' | 'searchEn'>;
export type AdvisoryRevisionRow = typeof advisoryRevisions.$inferSelect;
