import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Who may receive an event; evaluated by access/ when dispatching and replaying. */
export type EventAudience = EventAudienceBase & {
  /**
   * Recipients who may see THIS audience do not receive the event (a revocation goes to those who
   * could see the old version and cannot see the new one).
   */
  except?: EventAudienceBase;
};

type EventAudienceBase = {
  tlp: 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';
  organizations?: string[];
  sharingGroups?: string[];
  users?: string[];
  /** The author's organization and user always see their own object. */
  authorOrganizationId?: string | null;
  authorUserId?: string | null;
};

/**
 * The outbox: written in the same transaction as the change it announces (DESIGN.md D4).
 * `seq` is the global order every client resumes from.
 */
export const events = pgTable(
  'events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    audience: jsonb('audience').$type<EventAudience>().notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('events_created_idx').on(t.createdAt)],
);

export type EventRow = typeof events.$inferSelect;
