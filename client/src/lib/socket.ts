/**
 * The live channel (DESIGN.md D4): one typed Socket.IO connection, authenticated by the session
 * cookie (same origin). The last processed `seq` is kept in sessionStorage, so a reconnect — after
 * sleep, a server restart or a switch to another instance — resumes with `since` and the server
 * replays what was missed. Events are de-duplicated by `seq`; `resync` means the gap was too old and
 * the caller must reload its data through REST.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents } from '../../../server/realtime/events';

export type { LiveEvent } from '../../../server/realtime/events';
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type LiveChannelState = 'connecting' | 'online' | 'idle';

const LAST_SEQ_KEY = 'lagebild.live.lastSeq';

function readLastSeq(): number | undefined {
  try {
    const value = Number(window.sessionStorage.getItem(LAST_SEQ_KEY));
    return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  } catch {
    return undefined; // storage disabled: start live, nothing to resume from
  }
}

function writeLastSeq(seq: number): void {
  try {
    window.sessionStorage.setItem(LAST_SEQ_KEY, String(seq));
  } catch {
    // storage disabled: the seq is still tracked in memory for this page
  }
}

export interface LiveChannelHandlers {
  onEvent: (event: LiveEvent) => void;
  /** The gap could not be replayed: reload from REST. */
  onResync: () => void;
  onState: (state: LiveChannelState) => void;
}

/** Opens the live channel; returns the function that closes it. */
export function openLiveChannel(handlers: LiveChannelHandlers): () => void {
  let lastSeq = readLastSeq();
  const advance = (seq: number) => {
    lastSeq = seq;
    writeLastSeq(seq);
  };
  const socket: LiveSocket = io({
    path: '/socket.io',
    withCredentials: true,
    auth: (callback) => callback(lastSeq !== undefined ? { since: lastSeq } : {}),
  });
  handlers.onState('connecting');
  socket.on('event', (event) => {
    if (lastSeq !== undefined && event.seq <= lastSeq) return; // already processed
    advance(event.seq);
    handlers.onEvent(event);
  });
  socket.on('ready', (info) => {
    if (lastSeq === undefined || info.seq > lastSeq) advance(info.seq);
    handlers.onState('online');
  });
  socket.on('resync', (info) => {
    advance(info.seq);
    handlers.onResync();
  });
  socket.on('disconnect', () => handlers.onState('connecting'));
  socket.io.on('reconnect_attempt', () => handlers.onState('connecting'));
  socket.on('connect_error', () => handlers.onState('connecting'));
  return () => {
    socket.close();
    handlers.onState('idle');
  };
}
