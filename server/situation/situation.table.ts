import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.table.js';

/**
 * The CERT's threat level (Lagestufe) over time: every change is a new row, the newest one is the
 * current level, so the history is the table itself (GET /api/v1/situation/levels).
 */
export const situationLevels = pgTable(
  'situation_levels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    level: integer('level').notNull(),
    /** Why: German required, English optional. */
    reason: jsonb('reason').$type<{ de: string; en?: string | undefined }>().notNull(),
    setByUserId: uuid('set_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The name as it was when set (kept when the account goes). */
    setByName: text('set_by_name').notNull(),
    setAt: timestamp('set_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [check('situation_levels_level_check', sql`${t.level} between 1 and 4`), index('situation_levels_set_at_idx').on(t.setAt.desc())],
);

export type SituationLevelRow = typeof situationLevels.$inferSelect;
