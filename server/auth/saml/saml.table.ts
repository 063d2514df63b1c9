import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../users/users.table.js';

/**
 * Outstanding AuthnRequest ids (the InResponseTo cache). In the database, not in memory, so a
 * response may reach any app instance behind the load balancer.
 */
export const samlRequests = pgTable(
  'saml_requests',
  {
    id: text('id').primaryKey(),
    idp: text('idp').notNull(),
    issuedAt: text('issued_at').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('saml_requests_expires_idx').on(t.expiresAt)],
);

/** Assertion ids already consumed, kept until they expire: an assertion is accepted once (replay cache). */
export const samlAssertions = pgTable(
  'saml_assertions',
  {
    idp: text('idp').notNull(),
    assertionId: text('assertion_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.idp, t.assertionId] }), index('saml_assertions_expires_idx').on(t.expiresAt)],
);

/** Which IdP subject (NameID) is which local user; the stable link even if the e-mail changes. */
export const userIdentities = pgTable(
  'user_identities',
  {
    idp: text('idp').notNull(),
    subject: text('subject').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.idp, t.subject] }), index('user_identities_user_idx').on(t.userId)],
);
