/**
 * Resume after a reconnect (DESIGN.md D4): a socket that handshakes with `since` first gets every
 * event after it that its principal may see — the same `canView` as live delivery and REST — in seq
 * order, then the live events that arrived meanwhile, then `ready`. A gap beyond the configured
 * retention (or older than the oldest event the retention job kept) is answered with `resync`
 * instead: the client reloads through REST.
 *
 * An event about an advisory is replayed only if the user may see it under the event's audience AND
 * may still see the advisory now: when a revision narrowed its visibility, a user who lost access
 * gets the `advisory.revoked` event but never the old versions' content.
 */
import { and, asc, count, gt, inArray, lte, min, sql } from 'drizzle-orm';
import { canView, type AccessObject } from '../access/policy.js';
import { accessObjectOf } from '../advisories/advisories.policy.js';
import { advisories, advisoryColumns } from '../advisories/advisories.table.js';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import { events, type EventRow } from '../platform/outbox/events.table.js';
import { liveEventOf, mayReceive, type RealtimeSocket } from './broadcaster.js';
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

/** The advisory an event is about (its own payload for lifecycle events, `advisoryId` for the others), except revocations. */
function advisoryIdOf(row: EventRow): string | null {
  if (row.type === 'advisory.revoked' || !row.type.startsWith('advisory.')) return null;
  const id = row.type === 'advisory.published' || row.type === 'advisory.revised' || row.type === 'advisory.withdrawn' ? row.payload.id : row.payload.advisoryId;
  return typeof id === 'string' ? id : null;
}

/** The current access objects of the advisories these events are about (absent = deleted). */
async function currentAdvisories(db: Database, rows: EventRow[]): Promise<Map<string, AccessObject>> {
  const ids = [...new Set(rows.map(advisoryIdOf).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const found = await db.select(advisoryColumns).from(advisories).where(inArray(advisories.id, ids));
  return new Map(found.map((row) => [row.id, accessObjectOf(row)]));
}

/** Whether a replayed event goes to this principal: its audience allows it and, for advisory events, the advisory as it is now. */
export function mayReplay(principal: Principal, row: EventRow, current: Map<string, AccessObject>): boolean {
  if (!mayReceive(principal, row.audience)) return false;
  const advisoryId = advisoryIdOf(row);
  if (advisoryId === null) return true;
  const object = current.get(advisoryId);
  return object !== undefined && canView(principal, object);
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
      const current = await currentAdvisories(db, rows);
      if (!socket.connected) return;
      for (const row of rows) {
        socket.data.lastSeq = row.seq;
        const event = liveEventOf(row);
        if (!event || !mayReplay(socket.data.principal, row, current)) continue;
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
  }
  socket.data.lastSeq = Math.max(socket.data.lastSeq, livePosition());
  socket.emit('ready', { seq: socket.data.lastSeq, replayed });
}
