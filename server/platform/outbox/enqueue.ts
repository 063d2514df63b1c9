import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { events, type EventContext } from './events.table.js';

/** The NOTIFY channel that wakes every instance's dispatcher after an outbox commit. */
export const OUTBOX_CHANNEL = 'lagebild_events';

// Transaction-scoped advisory lock taken by every outbox writer (arbitrary, unique in this codebase).
const OUTBOX_LOCK_KEY = 72_616_002;

/**
 * Writes an outbox event (declared through server/access/event-declaration.ts `emitEvent`) inside the caller's transaction: it becomes visible (and is announced through
 * NOTIFY, which PostgreSQL delivers only on commit) exactly when the change it describes commits.
 * @returns the event's global sequence number.
 */
export async function enqueueEvent(
  tx: Executor,
  event: { type: string; subjectKind: string; subjectId: string; payload: Record<string, unknown>; context: EventContext },
): Promise<number> {
  // Serialize outbox writers until commit, so sequence order is commit order: a dispatcher or a
  // replay that has read up to seq N can never later find a smaller seq committing behind it.
  await tx.execute(sql`select pg_advisory_xact_lock(${OUTBOX_LOCK_KEY})`);
  const [row] = await tx.insert(events).values(event).returning({ seq: events.seq });
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, ${String(row?.seq ?? '')})`);
  if (!row) throw new Error('outbox insert returned no row');
  return row.seq;
}
