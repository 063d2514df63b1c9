import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.table.js';

/** A user's named filter of a list page: the page's query string as the URL carries it. */
export const savedFilters = pgTable(
  'saved_filters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    page: text('page').notNull(),
    name: text('name').notNull(),
    /** Without the leading `?`; the page validates it like any URL it is opened with. */
    query: text('query').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique('saved_filters_user_page_name').on(table.userId, table.page, table.name), index('saved_filters_user_page').on(table.userId, table.page)],
);
export type SavedFilterRow = typeof savedFilters.$inferSelect;
