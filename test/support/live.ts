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
  /** How many of `received` had arrived when the last `ready` came (the replayed side of it). */
  receivedBeforeReady: number;
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
    receivedBeforeReady: 0,
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
    client.receivedBeforeReady = client.received.length;
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

/**
 * Waits until every client has received `marker` — an event committed after everything the test did.
 * Events are fanned out in seq order, so once it has arrived every earlier event has been delivered or
 * skipped for that client: the way to assert what did NOT arrive, without sleeping.
 */
export async function throughMarker(clients: LiveClient[], marker: string): Promise<void> {
  for (const client of clients) await client.waitFor((event) => event.payload.id === marker);
}

/**
 * Holds this instance's outbox dispatcher back (the broadcaster sees nothing new) until released:
 * events committed meanwhile are neither fanned out nor counted in the broadcaster's position. Forces
 * the "committed but not yet dispatched" ordering that a slow LISTEN/NOTIFY or poll produces by chance.
 */
export type DispatcherGate = { hold(): void; release(): void };

export function gateDispatcher(dispatcher: { subscribe(subscriber: () => Promise<void>, options: { first: boolean }): void }): DispatcherGate {
  let held: { promise: Promise<void>; open: () => void } | null = null;
  dispatcher.subscribe(
    async () => {
      while (held) await held.promise;
    },
    { first: true },
  );
  return {
    hold() {
      if (held) return;
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      held = { promise, open };
    },
    release() {
      const current = held;
      held = null;
      current?.open();
    },
  };
}
