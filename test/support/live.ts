import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents } from '../../server/realtime/events.js';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A test client of the live channel: records everything the server sends, raw (no de-duplication). */
export type LiveClient = {
  socket: LiveSocket;
  /** Every `event` received, in arrival order, duplicates included. */
  received: LiveEvent[];
  resyncs: number;
  /** How often the connection dropped (server gone, kicked out). */
  disconnects: number;
  /** The last seq processed (what a real client keeps in sessionStorage). */
  lastSeq: number | undefined;
  /** Resolves after the next `ready` (replay done). */
  nextReady(): Promise<{ seq: number; replayed: number }>;
  /** Resolves once an event satisfying the predicate has arrived (mocha's timeout bounds the wait). */
  waitFor(predicate: (event: LiveEvent) => boolean): Promise<LiveEvent>;
  close(): void;
};

/**
 * Connects like the web client does: session cookie or bearer token, and on every (re)connection
 * `since` = the last seq processed. Only websocket transport, so a cookie header can be sent from Node.
 */
export function connectLive(url: string, options: { cookie?: string; token?: string; since?: number; reconnection?: boolean } = {}): LiveClient {
  const readyWaiters: ((info: { seq: number; replayed: number }) => void)[] = [];
  const eventWaiters: { predicate: (event: LiveEvent) => boolean; resolve: (event: LiveEvent) => void }[] = [];
  const client: LiveClient = {
    socket: undefined as unknown as LiveSocket,
    received: [],
    resyncs: 0,
    disconnects: 0,
    lastSeq: options.since,
    nextReady: () => new Promise((resolve) => readyWaiters.push(resolve)),
    waitFor: (predicate) => {
      const found = client.received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => eventWaiters.push({ predicate, resolve }));
    },
    close: () => client.socket.close(),
  };
  client.socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection ?? true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    ...(options.cookie ? { extraHeaders: { cookie: options.cookie } } : {}),
    auth: (callback) => callback({ ...(options.token ? { token: options.token } : {}), ...(client.lastSeq !== undefined ? { since: client.lastSeq } : {}) }),
  });
  client.socket.on('event', (event) => {
    client.received.push(event);
    client.lastSeq = Math.max(client.lastSeq ?? 0, event.seq);
    for (const waiter of [...eventWaiters]) {
      if (!waiter.predicate(event)) continue;
      eventWaiters.splice(eventWaiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  client.socket.on('ready', (info) => {
    client.lastSeq = Math.max(client.lastSeq ?? 0, info.seq);
    for (const waiter of readyWaiters.splice(0)) waiter(info);
  });
  client.socket.on('disconnect', () => {
    client.disconnects += 1;
  });
  client.socket.on('resync', (info) => {
    client.resyncs += 1;
    client.lastSeq = info.seq;
  });
  return client;
}

/** Logs in over HTTP and returns the session cookie (`name=value`) for socket handshakes. */
export async function sessionCookie(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status}`);
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('lagebild.sid='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

/** The seqs of the received events, in arrival order. */
export function seqs(client: LiveClient): number[] {
  return client.received.map((event) => event.seq);
}
