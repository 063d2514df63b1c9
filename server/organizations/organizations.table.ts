import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Contact, Nis2EntityType, OrganizationKind, Sector } from './organizations.schemas.js';

/** Constituents of the CERT network: the CERT, state agencies, districts, cities, municipalities, KRITIS operators. */
export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    shortName: text('short_name'),
    kind: text('kind').$type<OrganizationKind>().notNull(),
    sector: text('sector').$type<Sector>(),
    /** A Gemeinde belongs to its Landkreis; AMBER reaches sub-organizations, AMBER+STRICT does not. */
    parentId: uuid('parent_id').references((): AnyPgColumn => organizations.id, { onDelete: 'restrict' }),
    ags: text('ags').unique(),
    /** Kreisschlüssel (5 digits) of the district an organization without its own AGS sits in (a utility): places it on the situation map. */
    districtKey: text('district_key'),
    contacts: jsonb('contacts').$type<Contact[]>().notNull().default([]),
    /** NIS2 entity type (BSIG § 28): besonders wichtig / wichtig; null while not assessed. */
    nis2EntityType: text('nis2_entity_type').$type<Nis2EntityType>(),
    /** Operates a critical installation (kritische Anlage, KRITIS-DachG / BSI-KritisV). */
    kritisOperator: boolean('kritis_operator').notNull().default(false),
    /** The organization's own domains, e-mail domains and address ranges: never shared as indicators (warninglists). */
    registeredDomains: text('registered_domains').array().notNull().default(sql`'{}'::text[]`),
    emailDomains: text('email_domains').array().notNull().default(sql`'{}'::text[]`),
    ipRanges: text('ip_ranges').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('organizations_parent_idx').on(t.parentId),
    check(
      'organizations_kind_check',
      sql`${t.kind} in ('cert','state_agency','district','city','municipality','it_provider','kritis_operator')`,
    ),
    check('organizations_ags_check', sql`${t.ags} is null or ${t.ags} ~ '^[0-9]{8}$'`),
    check('organizations_district_key_check', sql`${t.districtKey} is null or ${t.districtKey} ~ '^[0-9]{5}$'`),
    check('organizations_nis2_entity_type_check', sql`${t.nis2EntityType} is null or ${t.nis2EntityType} in ('essential','important','none')`),
    check('organizations_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

/** Named sets of organizations, e.g. "Energiesektor" or "Landkreis Gotha und Gemeinden". */
export const sharingGroups = pgTable('sharing_groups', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  description: text('description').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sharingGroupMembers = pgTable(
  'sharing_group_members',
  {
    sharingGroupId: uuid('sharing_group_id')
      .notNull()
      .references(() => sharingGroups.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.sharingGroupId, t.organizationId] }), index('sharing_group_members_org_idx').on(t.organizationId)],
);

export type OrganizationRow = typeof organizations.$inferSelect;
export type SharingGroupRow = typeof sharingGroups.$inferSelect;
