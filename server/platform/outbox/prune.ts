/**
 * Retention of the outbox (`events.prune` in server/jobs.ts): deletes events older than the configured
 * age so the table does not grow forever. Kept regardless of age: the newest event (the dispatchers
 * start from `max(seq)`, and a reconnecting client's `since` is judged against it) and every event a
 * persisted consumer (`outbox_cursors`, the notification consumer) has not processed yet. A client
 * whose `since` lies before the oldest kept event is answered with `resync` (realtime/replay.ts).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.js';

/** @returns how many events were deleted. */
export async function pruneEvents(db: Executor, retentionDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const [row] = await queryRows<{ deleted: number }>(
    db,
    sql`with deleted as (
          delete from events
          where created_at < ${cutoff.toISOString()}::timestamptz
            and seq < (select max(seq) from events)
            and seq <= coalesce((select min(seq) from outbox_cursors), (select max(seq) from events))
          returning 1)
        select count(*)::int as deleted from deleted`,
  );
  return Number(row?.deleted ?? 0);
}
