import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.table.js';

/** The OpenPGP public key a user uploaded: mail with TLP:AMBER content reaches her only encrypted to it. */
export const userOpenpgpKeys = pgTable('user_openpgp_keys', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Upper-case hex fingerprint of the primary key, as the user confirmed it. */
  fingerprint: text('fingerprint').notNull(),
  armoredKey: text('armored_key').notNull(),
  /** The key's user IDs, for display. */
  userIds: text('user_ids').array().notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
