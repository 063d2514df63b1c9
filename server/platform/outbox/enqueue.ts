import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { events, type EventAudience } from './events.table.js';

/** The NOTIFY channel that wakes every instance's dispatcher after an outbox commit. */
export const OUTBOX_CHANNEL = 'lagebild_events';

/**
 * Writes an outbox event inside the caller's transaction: it becomes visible (and is announced through
 * NOTIFY, which PostgreSQL delivers only on commit) exactly when the change it describes commits.
 * @returns the event's global sequence number.
 */
export async function enqueueEvent(
  tx: Executor,
  type: string,
  audience: EventAudience,
  payload: Record<string, unknown>,
): Promise<number> {
  const [row] = await tx.insert(events).values({ type, audience, payload }).returning({ seq: events.seq });
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, ${String(row?.seq ?? '')})`);
  if (!row) throw new Error('outbox insert returned no row');
  return row.seq;
}
