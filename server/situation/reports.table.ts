import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Audience } from '../access/audience.js';
import { users } from '../users/users.table.js';
import type { ReportContent, ReportSections } from './reports.schemas.js';

/**
 * The weekly Lagebericht: drafted from the data of a period (`content`, generated once and kept as
 * drafted so the published report does not change under its readers), with the CERT's own sections
 * (`sections`) edited until it is published. `audience` is fixed at publication by server/access/.
 */
export const situationReports = pgTable(
  'situation_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    periodFrom: timestamp('period_from', { withTimezone: true, precision: 3 }).notNull(),
    periodTo: timestamp('period_to', { withTimezone: true, precision: 3 }).notNull(),
    tlp: text('tlp').$type<'clear' | 'green' | 'amber'>().notNull(),
    status: text('status').$type<'draft' | 'published'>().notNull().default('draft'),
    content: jsonb('content').$type<ReportContent>().notNull(),
    sections: jsonb('sections').$type<ReportSections>().notNull(),
    audience: jsonb('audience').$type<Audience>().notNull().default({ organizations: [], sharingGroups: [], users: [] }),
    authorOrganizationId: uuid('author_organization_id'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Who drafted it: a name, or "Wochenbericht (automatisch)" for the Monday job. */
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }),
    publishedByName: text('published_by_name'),
  },
  (t) => [
    check('situation_reports_tlp_check', sql`${t.tlp} in ('clear','green','amber')`),
    check('situation_reports_status_check', sql`${t.status} in ('draft','published')`),
    check('situation_reports_period_check', sql`${t.periodFrom} < ${t.periodTo}`),
    index('situation_reports_created_idx').on(t.createdAt.desc()),
  ],
);

export type SituationReportRow = typeof situationReports.$inferSelect;
