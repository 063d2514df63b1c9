import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../organizations/organizations.table.js';
import type { Locale, Role } from './users.schemas.js';

/** People (and their local credentials, when they have no IdP). E-mails are stored lower-case. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    locale: text('locale').$type<Locale>().notNull().default('de'),
    /** argon2id; null for users who only log in through SAML. */
    passwordHash: text('password_hash'),
    active: boolean('active').notNull().default(true),
    /** Set with a one-time password (`npm run admin -- create-admin`): the next login must choose a new one. */
    passwordChangeRequired: boolean('password_change_required').notNull().default(false),
    /**
     * Unused since login throttling moved to auth/login-throttle.ts: nothing reads or writes them. They
     * are dropped one release later (docs/operations.md, "Upgrades"), so instances of the previous
     * release, which still write them, keep working during a rolling upgrade.
     */
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('users_email_lower', sql`${t.email} = lower(${t.email})`), check('users_locale_check', sql`${t.locale} in ('de','en')`)],
);

/** A user's role in an organization; one row per (user, organization). */
export const memberships = pgTable(
  'memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.organizationId] }),
    index('memberships_org_idx').on(t.organizationId),
    check('memberships_role_check', sql`${t.role} in ('cert_admin','cert_analyst','org_admin','member','read_only')`),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
