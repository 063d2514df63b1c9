/**
 * Outbox consumer → sockets of this instance. For each client event it turns the audience into rooms
 * (a pre-selection), then confirms EVERY socket found there with `canView` against that socket's own
 * principal; a socket is emitted to only when the policy says yes (STYLE.md principle 1). The one
 * emit encodes the payload once for all confirmed sockets.
 *
 * `principal.changed` re-loads the principals of the named users' sockets and re-computes their rooms;
 * a user who is gone (deactivated, session ended) is disconnected.
 */
import { sql } from 'drizzle-orm';
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../auth/principal.js';
import { canView, type AccessObject } from '../access/policy.js';
import { queryRows, type Database } from '../platform/db/client.js';
import type { EventAudience, EventRow } from '../platform/outbox/events.table.js';
import type { Logger } from '../platform/logger.js';
import { COMMUNITY_ROOM, groupRoom, orgRoom, PUBLIC_ROOM, roomsOf, userRoom } from './rooms.js';
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
  /** The last seq this socket is positioned at (delivered, or skipped as invisible). */
  lastSeq: number;
  /** False while the socket's replay runs; live events wait in `pending` meanwhile. */
  ready: boolean;
  pending: LiveEvent[];
};

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** An outbox event's audience as the policy's object (a published object: the label rule applies). */
export function accessObjectOfEvent(audience: EventAudience): AccessObject {
  return {
    tlp: audience.tlp,
    audience: { organizations: audience.organizations ?? [], sharingGroups: audience.sharingGroups ?? [], users: audience.users ?? [] },
    authorOrganizationId: audience.authorOrganizationId ?? null,
    authorUserId: audience.authorUserId ?? null,
    status: 'published',
  };
}

/** The client-facing form of an outbox row, or null for internal types. */
export function liveEventOf(row: EventRow): LiveEvent | null {
  if (!isClientEventType(row.type)) return null;
  return { seq: row.seq, type: row.type, payload: row.payload as LiveEvent['payload'] };
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

/** Moves a socket into exactly the rooms of its (new) principal. */
export function placeInRooms(socket: RealtimeSocket): void {
  const wanted = new Set([socket.id, ...roomsOf(socket.data.principal)]);
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

  /** The dispatcher subscriber. */
  readonly handle = async (row: EventRow): Promise<void> => {
    if (row.type === 'principal.changed') {
      await this.#refreshPrincipals(row);
    } else {
      const event = liveEventOf(row);
      // Loaded before the synchronous fan-out below: between choosing recipients and emitting, nothing
      // may yield, or a socket joining meanwhile could be positioned past an event it never got.
      const tree = event && row.audience.tlp !== 'clear' && row.audience.tlp !== 'green' ? await loadOrganizationTree(this.db) : { children: new Map(), certIds: [] };
      if (event) this.#fanOut(event, row.audience, tree);
    }
    this.#position = Math.max(this.#position, row.seq);
  };

  #fanOut(event: LiveEvent, audience: EventAudience, tree: OrganizationTree): void {
    const object = accessObjectOfEvent(audience);
    const rooms = this.io.sockets.adapter.rooms;
    const seen = new Set<string>();
    const recipients: string[] = [];
    for (const room of candidateRooms(audience, tree)) {
      for (const socketId of rooms.get(room) ?? []) {
        if (seen.has(socketId)) continue;
        seen.add(socketId);
        const socket = this.io.sockets.sockets.get(socketId);
        if (!socket || socket.data.lastSeq >= event.seq) continue;
        if (!canView(socket.data.principal, object)) continue;
        if (!socket.data.ready) {
          socket.data.pending.push(event);
          continue;
        }
        socket.data.lastSeq = event.seq;
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
