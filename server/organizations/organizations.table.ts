import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Contact, OrganizationKind, Sector } from './organizations.schemas.js';

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
    contacts: jsonb('contacts').$type<Contact[]>().notNull().default([]),
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
