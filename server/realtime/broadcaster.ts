/**
 * Outbox consumer → sockets of this instance. The audience is resolved when the event is fanned out,
 * from its subject as it is now (server/access/delivery.ts), and access/ decides how:
 * - an audience the policy grants to everyone (TLP:CLEAR) or to every authenticated member (TLP:GREEN)
 *   is emitted ONCE to the public or the community room (which only authenticated sockets join) —
 *   no per-socket work, the payload and its websocket frame are encoded once (`wholeGroup`);
 * - anything narrower turns into candidates (access/candidates.ts, a pre-selection mapped to rooms)
 *   and EVERY socket found there is confirmed with `canReceive` against that socket's own principal
 *   (STYLE.md principle 1), again in one emit for all confirmed sockets.
 * Sockets still replaying sit in REPLAYING_ROOM: broadcasts skip them and their events queue in order.
 *
 * `principal.changed` re-loads the principals of the named users' sockets and re-computes their rooms;
 * a user who is gone (deactivated, session ended) is disconnected.
 */
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../auth/principal.js';
import { candidatesOf, loadOrganizationTree, wholeGroup, type OrganizationTree } from '../access/candidates.js';
import { canReceive, type DeliveryAudience } from '../access/delivery.js';
import { eventDeclaration, resolveEventAudiences } from '../events.js';
import type { Database } from '../platform/db/client.js';
import type { EventRow } from '../platform/outbox/events.table.js';
import type { Logger } from '../platform/logger.js';
import { COMMUNITY_ROOM, PUBLIC_ROOM, REPLAYING_ROOM, roomsOf, roomsOfCandidates, userRoom } from './rooms.js';
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
  /** The handle of the session the socket authenticated with (null: a token or anonymous). */
  sessionHandle: string | null;
  /** When the session or token ends unless renewed (ms since the epoch; Infinity: never). */
  deadline: number;
  /** Reads the session or token again: its new deadline, or null when it has ended (session-guard.ts). */
  renew: () => Promise<number | null>;
  renewing: boolean;
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

/** The room every socket allowed to receive this audience is in, when the policy grants it to all of a room. */
export function broadcastRoom(audience: DeliveryAudience): string | null {
  const group = wholeGroup(audience);
  return group === 'everyone' ? PUBLIC_ROOM : group === 'members' ? COMMUNITY_ROOM : null;
}

/** The client-facing form of an outbox row, or null for internal and undeclared types. */
export function liveEventOf(row: EventRow): LiveEvent | null {
  if (!isClientEventType(row.type) || !eventDeclaration(row.type)?.live) return null;
  return { seq: row.seq, type: row.type, payload: row.payload } as LiveEvent;
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
      // The audience of the subject as it is NOW, not as it was when the event was written (D9).
      const audience = event ? (await resolveEventAudiences(this.db, [row])).get(row.seq) : null;
      const room = audience ? broadcastRoom(audience) : null;
      if (event && audience && room) {
        this.#fanOutToRoom(event, audience, room);
      } else if (event && audience) {
        // Loaded before the synchronous fan-out below: between choosing recipients and emitting, nothing
        // may yield, or a socket joining meanwhile could be positioned past an event it never got.
        const tree = await loadOrganizationTree(this.db);
        this.#fanOutPerSocket(event, audience, tree);
      }
    }
    this.#position = Math.max(this.#position, row.seq);
  };

  /** One emit to the whole room; only sockets still replaying are looked at one by one. */
  #fanOutToRoom(event: LiveEvent, audience: DeliveryAudience, room: string): void {
    const rooms = this.io.sockets.adapter.rooms;
    const replaying = rooms.get(REPLAYING_ROOM);
    if (replaying) {
      for (const socketId of replaying) {
        const socket = this.io.sockets.sockets.get(socketId);
        if (socket && !socket.data.ready && rooms.get(room)?.has(socketId) && canReceive(socket.data.principal, audience)) socket.data.pending.push(event);
      }
    }
    this.io.local.to(room).except(REPLAYING_ROOM).emit('event', event);
  }

  #fanOutPerSocket(event: LiveEvent, audience: DeliveryAudience, tree: OrganizationTree): void {
    const rooms = this.io.sockets.adapter.rooms;
    const seen = new Set<string>();
    const recipients: string[] = [];
    for (const room of roomsOfCandidates(candidatesOf(audience, tree))) {
      for (const socketId of rooms.get(room) ?? []) {
        if (seen.has(socketId)) continue;
        seen.add(socketId);
        const socket = this.io.sockets.sockets.get(socketId);
        if (!socket || !canReceive(socket.data.principal, audience)) continue;
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
