import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../organizations/organizations.table.js';
import { users } from '../users/users.table.js';
import type { TlpLevel } from '../access/tlp.js';
import type { ObservableType } from './extract.js';

/**
 * STIX objects of the indicators slice: indicators (attached to an incident, or shared in a
 * package), groupings (indicator packages) and sightings. One row per object version
 * (`stix_id` + `modified`), validated by the strict STIX schemas before insert, with the projection
 * columns the policy and the lists need — the same shape as advisories' visibility columns, so
 * `visibleTo` applies unchanged. Rows with `incident_id` belong to an incident and are read only
 * through it (incident visibility); shared rows have `incident_id` null and follow TLP + audience.
 *
 * The planned platform-wide `stix_objects` table (feeds) has the same projection idea; the lead can
 * fold this table into it.
 */
export const indicatorObjects = pgTable(
  'indicator_objects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stixId: text('stix_id').notNull(),
    type: text('type').$type<'indicator' | 'grouping' | 'sighting'>().notNull(),
    modified: timestamp('modified', { withTimezone: true, precision: 3 }).notNull(),
    tlp: text('tlp').$type<TlpLevel>().notNull(),
    /**
     * Whether someone chose `tlp` for this indicator. An incident indicator pasted without a label
     * is stored at the incident's AMBER+STRICT but takes the TLP of the package the CERT shares it
     * in; an explicit label is the reporter's promise and a share below it needs an override.
     */
    tlpExplicit: boolean('tlp_explicit').notNull().default(true),
    status: text('status').$type<'published'>().notNull().default('published'),
    audienceOrganizationIds: uuid('audience_organization_ids').array().notNull().default(sql`'{}'::uuid[]`),
    audienceSharingGroupIds: uuid('audience_sharing_group_ids').array().notNull().default(sql`'{}'::uuid[]`),
    audienceUserIds: uuid('audience_user_ids').array().notNull().default(sql`'{}'::uuid[]`),
    authorOrganizationId: uuid('author_organization_id').references(() => organizations.id, { onDelete: 'set null' }),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Set for indicators attached to an incident (never exposed outside the incident). */
    incidentId: uuid('incident_id'),
    /** For indicators: the observable; for sightings: the sighted indicator's stix id in `value`. */
    valueType: text('value_type').$type<ObservableType | 'sighting-of' | 'package'>(),
    value: text('value'),
    /** For sightings: how often it was seen. */
    count: integer('count'),
    /** Whether the indicator is meant for blocking (MISP `to_ids`): blocklist exports carry only these. */
    forBlocking: boolean('for_blocking').notNull().default(true),
    body: jsonb('body').$type<Record<string, unknown> & { id: string; type: string }>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    unique('indicator_objects_version_unique').on(t.stixId, t.modified),
    check('indicator_objects_type_check', sql`${t.type} in ('indicator','grouping','sighting')`),
    check('indicator_objects_tlp_check', sql`${t.tlp} in ('clear','green','amber','amber+strict','red')`),
    index('indicator_objects_incident_idx').on(t.incidentId),
    index('indicator_objects_value_idx').on(t.type, t.value),
    index('indicator_objects_created_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);

export type IndicatorObjectRow = typeof indicatorObjects.$inferSelect;
