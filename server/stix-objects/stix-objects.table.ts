import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, customType, index, pgTable, text, timestamp, unique, uuid, jsonb } from 'drizzle-orm/pg-core';
import { organizations } from '../organizations/organizations.table.js';
import { users } from '../users/users.table.js';
import type { TlpLevel } from '../access/tlp.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Every foreign or shared STIX 2.1 object, all versions (DESIGN.md data model): what feeds ingest
 * (MISP, TAXII, CSAF-derived vulnerabilities), what partners POST to our TAXII collections and what
 * bundles imported through the API carry. One row per `stix_id` + `modified`; the JSONB body is the
 * lenient-validated object exactly as received (TLP 1.0 markings already mapped to 2.0).
 *
 * The projection columns are the same visibility columns as advisories', so `visibleTo` applies
 * unchanged. `added_seq` is the server-assigned, strictly increasing order in which versions arrived:
 * TAXII `added_after` and `next` cursors page on it (with `added_at` reported as date_added), so a
 * page never skips or repeats an object even when two arrive in the same millisecond.
 */
export const stixObjects = pgTable(
  'stix_objects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    addedSeq: bigserial('added_seq', { mode: 'number' }).notNull(),
    stixId: text('stix_id').notNull(),
    type: text('type').notNull(),
    specVersion: text('spec_version').notNull().default('2.1'),
    created: timestamp('created', { withTimezone: true, precision: 3 }),
    modified: timestamp('modified', { withTimezone: true, precision: 3 }).notNull(),
    revoked: boolean('revoked').notNull().default(false),
    /** Where it came from: `feed:<feed source id>`, `taxii-post:<org id>`, `import:<user id>`. */
    source: text('source').notNull(),
    feedSourceId: uuid('feed_source_id'),
    tlp: text('tlp').$type<TlpLevel>().notNull(),
    /** Always `published`: stored objects have no draft state; kept so `VisibilityColumns` applies. */
    status: text('status').$type<'published'>().notNull().default('published'),
    audienceOrganizationIds: uuid('audience_organization_ids').array().notNull().default(sql`'{}'::uuid[]`),
    audienceSharingGroupIds: uuid('audience_sharing_group_ids').array().notNull().default(sql`'{}'::uuid[]`),
    audienceUserIds: uuid('audience_user_ids').array().notNull().default(sql`'{}'::uuid[]`),
    authorOrganizationId: uuid('author_organization_id').references(() => organizations.id, { onDelete: 'set null' }),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    body: jsonb('body').$type<Record<string, unknown> & { id: string; type: string }>().notNull(),
    /** name, description, pattern and labels, for search across stored objects. */
    searchVector: tsvector('search_vector'),
    addedAt: timestamp('added_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Also serves lookups by STIX id, newest version first (scanned backwards): a second index on
    // (stix_id, modified desc) cost every insert (2–10 % of a STIX ingestion's time) and answered nothing more.
    unique('stix_objects_version_unique').on(t.stixId, t.modified),
    unique('stix_objects_added_seq_unique').on(t.addedSeq),
    check('stix_objects_tlp_check', sql`${t.tlp} in ('clear','green','amber','amber+strict','red')`),
    index('stix_objects_type_idx').on(t.type, t.addedSeq),
    index('stix_objects_feed_idx').on(t.feedSourceId),
    index('stix_objects_search_idx').using('gin', t.searchVector),
  ],
);

export type StixObjectRow = typeof stixObjects.$inferSelect;
export type NewStixObjectRow = typeof stixObjects.$inferInsert;
