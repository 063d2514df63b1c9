/**
 * Resume after a reconnect (DESIGN.md D4): a socket that handshakes with `since` first gets every
 * event after it that its principal may receive — `canReceive` on the audience of the event's subject
 * as it is NOW, as for live delivery — in seq order, then the live events that arrived meanwhile, then
 * `ready`. A gap beyond the configured
 * retention (or older than the oldest event the retention job kept) is answered with `resync`
 * instead: the client reloads through REST.
 *
 * When a revision narrowed an advisory's visibility, a user who lost access gets the
 * `advisory.revoked` event but never the old versions' content (its audience is the current advisory);
 * a user a revision let in gets only the payloads of versions they may see (the audience's `carried`).
 */
import { and, asc, count, gt, lte, min, sql } from 'drizzle-orm';
import { canReceive, type DeliveryAudience } from '../access/delivery.js';
import type { Principal } from '../auth/principal.js';
import { resolveEventAudiences } from '../events.js';
import type { Database } from '../platform/db/client.js';
import { events } from '../platform/outbox/events.table.js';
import { liveEventOf, type RealtimeSocket } from './broadcaster.js';
import { REPLAYING_ROOM } from './rooms.js';

export type ReplayLimits = { maxEvents: number; maxAgeHours: number };

type ResyncReason = 'gap_too_old' | 'too_many_events' | 'purged';

const PAGE = 500;

/** Why the gap after `since` cannot be replayed, or null when it can. */
export async function resyncReason(db: Database, since: number, limits: ReplayLimits, now = new Date()): Promise<ResyncReason | null> {
  const [stats] = await db
    .select({ oldest: min(events.seq), newest: sql<string | null>`max(${events.seq})`, missed: count(sql`case when ${events.seq} > ${since} then 1 end`) })
    .from(events);
  const oldest = stats?.oldest ?? null;
  const newest = Number(stats?.newest ?? 0);
  // A seq the database never issued (another installation, a restored backup): the client's state is foreign.
  if (since > newest) return 'purged';
  if (oldest !== null && since < oldest - 1) return 'purged';
  if ((stats?.missed ?? 0) > limits.maxEvents) return 'too_many_events';
  const [first] = await db.select({ createdAt: events.createdAt }).from(events).where(gt(events.seq, since)).orderBy(asc(events.seq)).limit(1);
  if (first && now.getTime() - first.createdAt.getTime() > limits.maxAgeHours * 3_600_000) return 'gap_too_old';
  return null;
}

/** Whether a replayed event goes to this principal: the audience of its subject as it is now. */
export function mayReplay(principal: Principal, audience: DeliveryAudience | null | undefined): boolean {
  return audience !== null && audience !== undefined && canReceive(principal, audience);
}

/**
 * Replays, then switches the socket to live. The socket is already in its rooms with `ready = false`,
 * so live events arriving during the replay wait in `pending` and are flushed after it in order,
 * skipping any seq the replay already covered.
 */
export async function replayThenGoLive(db: Database, socket: RealtimeSocket, since: number, limits: ReplayLimits, livePosition: () => number): Promise<void> {
  const reason = await resyncReason(db, since, limits);
  let replayed = 0;
  if (reason) {
    // Start live: from just before the first event that waited during the check, else from now.
    const [firstPending] = socket.data.pending;
    socket.data.lastSeq = firstPending ? firstPending.seq - 1 : livePosition();
    socket.emit('resync', { seq: socket.data.lastSeq, reason });
  } else {
    socket.data.lastSeq = since;
    // Up to what this instance had fanned out when the replay began: everything after that reaches the
    // socket through `pending` (it joined its rooms before), so the socket never runs ahead of the broadcaster.
    const upTo = livePosition();
    for (;;) {
      const rows = await db
        .select()
        .from(events)
        .where(and(gt(events.seq, socket.data.lastSeq), lte(events.seq, upTo)))
        .orderBy(asc(events.seq))
        .limit(PAGE);
      const audiences = await resolveEventAudiences(db, rows);
      if (!socket.connected) return;
      for (const row of rows) {
        socket.data.lastSeq = row.seq;
        const event = liveEventOf(row);
        if (!event || !mayReplay(socket.data.principal, audiences.get(row.seq))) continue;
        socket.emit('event', event);
        replayed += 1;
      }
      if (rows.length < PAGE) break;
    }
    socket.data.lastSeq = Math.max(socket.data.lastSeq, upTo);
  }
  // No await from here on: the switch to live must not let a dispatched event slip between.
  const pending = socket.data.pending;
  socket.data.pending = [];
  socket.data.ready = true;
  void socket.leave(REPLAYING_ROOM);
  for (const event of pending) {
    if (event.seq <= socket.data.lastSeq) continue;
    socket.data.lastSeq = event.seq;
    socket.emit('event', event);
    // Counted with the replay: `ready` tells how many events came before it, from either path.
    replayed += 1;
  }
  socket.data.lastSeq = Math.max(socket.data.lastSeq, livePosition());
  socket.emit('ready', { seq: socket.data.lastSeq, replayed });
}
