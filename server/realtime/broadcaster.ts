/**
 * Outbox consumer → sockets of this instance. The policy decides how an event is fanned out:
 * - an audience `canView` grants to everyone (TLP:CLEAR) or to every authenticated member (TLP:GREEN)
 *   is emitted ONCE to the public or the community room (which only authenticated sockets join) —
 *   no per-socket work, the payload and its websocket frame are encoded once (`visibilityScope`);
 * - anything narrower (AMBER, AMBER+STRICT, RED, revocations) turns the audience into candidate rooms
 *   (a pre-selection) and confirms EVERY socket found there with `canView` against that socket's own
 *   principal; a socket is emitted to only when the policy says yes (STYLE.md principle 1), again in
 *   one emit for all confirmed sockets.
 * Sockets still replaying sit in REPLAYING_ROOM: broadcasts skip them and their events queue in order.
 *
 * `principal.changed` re-loads the principals of the named users' sockets and re-computes their rooms;
 * a user who is gone (deactivated, session ended) is disconnected.
 */
import { sql } from 'drizzle-orm';
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../auth/principal.js';
import { canView, visibilityScope, type AccessObject } from '../access/policy.js';
import { queryRows, type Database } from '../platform/db/client.js';
import type { EventAudience, EventRow } from '../platform/outbox/events.table.js';
import type { Logger } from '../platform/logger.js';
import { COMMUNITY_ROOM, groupRoom, orgRoom, PUBLIC_ROOM, REPLAYING_ROOM, roomsOf, userRoom } from './rooms.js';
import {
  isClientEventType,
  PrincipalChangedPayloadSchema,
  type ClientToServerEvents,
  type LiveEvent,
  type ServerToClientEvents,
} from './events.js';

/** What the server keeps per socket. */
export type SocketData = {
  principal: Principal;
  /** Loads the principal again the way the handshake did (session or token); null = no longer valid. */
  reload: () => Promise<Principal | null>;
  /**
   * The last seq this socket is positioned at (delivered, or skipped as invisible) while it replays;
   * once ready, the socket is positioned at the broadcaster's position (see `positionOf`).
   */
  lastSeq: number;
  /** False while the socket's replay runs; live events wait in `pending` meanwhile. */
  ready: boolean;
  pending: LiveEvent[];
};

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** An outbox event's audience as the policy's object (a published object: the label rule applies). */
export function accessObjectOfEvent(audience: Omit<EventAudience, 'except'>): AccessObject {
  return {
    tlp: audience.tlp,
    audience: { organizations: audience.organizations ?? [], sharingGroups: audience.sharingGroups ?? [], users: audience.users ?? [] },
    authorOrganizationId: audience.authorOrganizationId ?? null,
    authorUserId: audience.authorUserId ?? null,
    status: 'published',
  };
}

/**
 * Whether a principal receives an event of this audience: the policy allows the audience, and — for a
 * revocation — does NOT allow the `except` audience (the user lost access with the revision).
 */
export function mayReceive(principal: Principal, audience: EventAudience): boolean {
  if (!canView(principal, accessObjectOfEvent(audience))) return false;
  return !(audience.except && canView(principal, accessObjectOfEvent(audience.except)));
}

/** The room every socket allowed to see this audience is in, when the policy grants it to all of a room. */
export function broadcastRoom(audience: EventAudience): string | null {
  if (audience.except) return null;
  const scope = visibilityScope(accessObjectOfEvent(audience));
  return scope === 'everyone' ? PUBLIC_ROOM : scope === 'members' ? COMMUNITY_ROOM : null;
}

/** The client-facing form of an outbox row, or null for internal types. */
export function liveEventOf(row: EventRow): LiveEvent | null {
  if (!isClientEventType(row.type)) return null;
  return { seq: row.seq, type: row.type, payload: row.payload } as LiveEvent;
}

type OrganizationTree = { children: Map<string, string[]>; certIds: string[] };

async function loadOrganizationTree(db: Database): Promise<OrganizationTree> {
  const rows = await queryRows<{ id: string; parent_id: string | null; kind: string }>(db, sql`select id, parent_id, kind from organizations`);
  const children = new Map<string, string[]>();
  for (const row of rows) {
    if (!row.parent_id) continue;
    children.set(row.parent_id, [...(children.get(row.parent_id) ?? []), row.id]);
  }
  return { children, certIds: rows.filter((row) => row.kind === 'cert').map((row) => row.id) };
}

function withDescendants(ids: readonly string[], tree: OrganizationTree): string[] {
  const all = new Set<string>();
  const stack = [...ids];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (all.has(id)) continue;
    all.add(id);
    stack.push(...(tree.children.get(id) ?? []));
  }
  return [...all];
}

/** The rooms whose sockets may be entitled to an event of this audience (never a final answer). */
export function candidateRooms(audience: EventAudience, tree: OrganizationTree): string[] {
  const object = accessObjectOfEvent(audience);
  const authorRooms = [
    ...(object.authorUserId ? [userRoom(object.authorUserId)] : []),
    ...(object.tlp !== 'red' && object.authorOrganizationId ? [orgRoom(object.authorOrganizationId)] : []),
  ];
  switch (object.tlp) {
    case 'clear':
      return [PUBLIC_ROOM];
    case 'green':
      return [COMMUNITY_ROOM];
    case 'amber':
    case 'amber+strict': {
      const organizations = object.tlp === 'amber' ? withDescendants(object.audience.organizations, tree) : object.audience.organizations;
      return [...organizations.map(orgRoom), ...object.audience.sharingGroups.map(groupRoom), ...tree.certIds.map(orgRoom), ...authorRooms];
    }
    case 'red':
      return [...object.audience.users.map(userRoom), ...authorRooms];
  }
}

/** Moves a socket into exactly the rooms of its (new) principal (and REPLAYING_ROOM until it is ready). */
export function placeInRooms(socket: RealtimeSocket): void {
  const wanted = new Set([socket.id, ...roomsOf(socket.data.principal), ...(socket.data.ready ? [] : [REPLAYING_ROOM])]);
  for (const room of socket.rooms) if (!wanted.has(room)) void socket.leave(room);
  void socket.join([...wanted]);
}

export class Broadcaster {
  #position: number;

  constructor(
    private readonly io: RealtimeServer,
    private readonly db: Database,
    private readonly logger: Logger,
    startPosition: number,
  ) {
    this.#position = startPosition;
  }

  /** The seq of the last event this instance has fanned out; a fresh socket starts live from here. */
  get position(): number {
    return this.#position;
  }

  /** Where a socket is positioned: its own replay position while replaying, else this instance's. */
  positionOf(socket: RealtimeSocket): number {
    return socket.data.ready ? Math.max(socket.data.lastSeq, this.#position) : socket.data.lastSeq;
  }

  /** The dispatcher subscriber. */
  readonly handle = async (row: EventRow): Promise<void> => {
    if (row.type === 'principal.changed') {
      await this.#refreshPrincipals(row);
    } else {
      const event = liveEventOf(row);
      const room = event ? broadcastRoom(row.audience) : null;
      if (event && room) {
        this.#fanOutToRoom(event, row.audience, room);
      } else if (event) {
        // Loaded before the synchronous fan-out below: between choosing recipients and emitting, nothing
        // may yield, or a socket joining meanwhile could be positioned past an event it never got.
        const tree = await loadOrganizationTree(this.db);
        this.#fanOutPerSocket(event, row.audience, tree);
      }
    }
    this.#position = Math.max(this.#position, row.seq);
  };

  /** One emit to the whole room; only sockets still replaying are looked at one by one. */
  #fanOutToRoom(event: LiveEvent, audience: EventAudience, room: string): void {
    const rooms = this.io.sockets.adapter.rooms;
    const replaying = rooms.get(REPLAYING_ROOM);
    if (replaying) {
      for (const socketId of replaying) {
        const socket = this.io.sockets.sockets.get(socketId);
        if (socket && !socket.data.ready && rooms.get(room)?.has(socketId) && mayReceive(socket.data.principal, audience)) socket.data.pending.push(event);
      }
    }
    this.io.local.to(room).except(REPLAYING_ROOM).emit('event', event);
  }

  #fanOutPerSocket(event: LiveEvent, audience: EventAudience, tree: OrganizationTree): void {
    const rooms = this.io.sockets.adapter.rooms;
    const seen = new Set<string>();
    const recipients: string[] = [];
    for (const room of candidateRooms(audience, tree)) {
      for (const socketId of rooms.get(room) ?? []) {
        if (seen.has(socketId)) continue;
        seen.add(socketId);
        const socket = this.io.sockets.sockets.get(socketId);
        if (!socket || !mayReceive(socket.data.principal, audience)) continue;
        if (!socket.data.ready) {
          socket.data.pending.push(event);
          continue;
        }
        recipients.push(socketId);
      }
    }
    if (recipients.length > 0) this.io.local.to(recipients).emit('event', event);
  }

  async #refreshPrincipals(row: EventRow): Promise<void> {
    const parsed = PrincipalChangedPayloadSchema.safeParse(row.payload);
    if (!parsed.success) return;
    const sockets = new Set<RealtimeSocket>();
    for (const userId of parsed.data.userIds) {
      for (const socketId of this.io.sockets.adapter.rooms.get(userRoom(userId)) ?? []) {
        const socket = this.io.sockets.sockets.get(socketId);
        if (socket) sockets.add(socket);
      }
    }
    await Promise.all(
      [...sockets].map(async (socket) => {
        const principal = await socket.data.reload().catch(() => null);
        if (!principal || principal.kind !== 'user') {
          this.logger.info({ socket: socket.id }, 'principal gone; disconnecting socket');
          socket.disconnect(true);
          return;
        }
        socket.data.principal = principal;
        placeInRooms(socket);
      }),
    );
  }
}
