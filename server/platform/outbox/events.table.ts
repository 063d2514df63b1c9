import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** An advisory's visibility at one moment: its label, audience and author. */
export type RecordedVisibility = {
  tlp: 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';
  organizations?: string[];
  sharingGroups?: string[];
  users?: string[];
  authorOrganizationId?: string | null;
  authorUserId?: string | null;
};

/**
 * What the outbox keeps beside the payload for the audience decision at delivery, never sent to a
 * client (docs/adr/0007). `before`: a revocation's visibility before the revision, so the event
 * reaches those who could see it then and cannot see it now. `emitted`: an advisory lifecycle
 * event's visibility when it was written — its payload carries that version, so only those who may
 * see it AND the advisory as it is now receive it (live or on replay).
 */
export type EventContext = {
  before?: RecordedVisibility;
  emitted?: RecordedVisibility;
};

/**
 * The outbox: written in the same transaction as the change it announces (DESIGN.md D4).
 * `seq` is the global order every client resumes from. Every event names its subject (kind and
 * id); who receives it is decided at delivery from the subject as it is then (DESIGN.md D9), by
 * server/access/ through the event's declaration (server/events.ts).
 */
export const events = pgTable(
  'events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    context: jsonb('context').$type<EventContext>().notNull().default({}),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('events_created_idx').on(t.createdAt)],
);

export type EventRow = typeof events.$inferSelect;
