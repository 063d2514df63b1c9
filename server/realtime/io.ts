/**
 * Socket.IO at `/socket.io` on the app's HTTP server (DESIGN.md API conventions, D4).
 *
 * Handshake: `auth.token` (an API token, like `Authorization: Bearer`), else the session cookie
 * (express-session shared through `io.engine.use`), else anonymous — which only ever receives
 * TLP:CLEAR, because the broadcaster asks `canView` for every socket. A browser's Origin must be
 * BASE_URL's or the server's own. `auth.since` resumes: see replay.ts.
 *
 * Instances do not talk to each other: each one's dispatcher tails the outbox (docs/adr/0005).
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { RequestHandler } from 'express';
import { Server } from 'socket.io';
import type { Config } from '../../config/index.js';
import { ANONYMOUS, type Principal } from '../auth/principal.js';
import { sessionPrincipal } from '../auth/authenticate.js';
import type { DatabaseSessionStore } from '../auth/session-store.js';
import { authenticateToken, tokenExpiry } from '../tokens/tokens.service.js';
import { sessionHandle } from '../auth/session-end.js';
import type { Clock } from '../platform/clock.js';
import type { DatabaseHandle } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { moduleLogger, type Logger } from '../platform/logger.js';
import { OutboxDispatcher } from '../platform/outbox/dispatcher.js';
import { Broadcaster, placeInRooms, type RealtimeServer, type RealtimeSocket, type SocketData } from './broadcaster.js';
import { HandshakeAuthSchema, PositionGetPayloadSchema } from './events.js';
import { limitSocketMessages } from './rate-limit.js';
import { replayThenGoLive } from './replay.js';
import { REPLAYING_ROOM } from './rooms.js';
import { SessionGuard } from './session-guard.js';

export type RealtimeDeps = {
  httpServer: HttpServer;
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  sessionMiddleware: RequestHandler;
  sessionStore: DatabaseSessionStore;
  /** The clock sessions and tokens expire on (tests move it). */
  clock: Clock;
};

export type Realtime = { io: RealtimeServer; dispatcher: OutboxDispatcher; broadcaster: Broadcaster; sessionGuard: SessionGuard; close(): Promise<void> };

type SessionRequest = IncomingMessage & { session?: { id: string; userId?: string; loginAt?: number } };

/** Whether a browser Origin may open a socket: BASE_URL's origin or the server's own (same-origin). */
export function originAllowed(origin: string | undefined, host: string | undefined, baseUrl: string): boolean {
  if (origin === undefined) return true; // not a browser (CLI, SIEM): nothing to forge
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return parsed.origin === new URL(baseUrl).origin || (host !== undefined && parsed.host === host);
}

function readSession(store: DatabaseSessionStore, sid: string): Promise<{ userId?: string; loginAt?: number } | null> {
  return new Promise((resolve) => store.get(sid, (error, data) => resolve(error ? null : (data ?? null))));
}

type Identity = Pick<SocketData, 'principal' | 'reload' | 'sessionHandle' | 'deadline' | 'renew'>;

const NEVER = Number.POSITIVE_INFINITY;

async function authenticateHandshake(deps: RealtimeDeps, socket: RealtimeSocket, token: string | undefined): Promise<Identity> {
  const db = deps.database.db;
  const { clock } = deps;
  if (token !== undefined) {
    const principal = await authenticateToken(db, token, clock.now());
    const renew = async (): Promise<number | null> => (await tokenExpiry(db, token))?.getTime() ?? null;
    return { principal, reload: () => authenticateToken(db, token, clock.now()).catch(() => null), sessionHandle: null, deadline: (await renew()) ?? 0, renew };
  }
  const absoluteMs = deps.config.settings.session.absoluteTimeoutHours * 3_600_000;
  const session = (socket.request as SessionRequest).session;
  // The store read the principal with the session; take it instead of loading it a second time.
  const take = (sid: string) => (userId: string) => deps.sessionStore.takePrincipal(sid, userId);
  const principal = session ? await sessionPrincipal(db, session, absoluteMs, clock.now().getTime(), take(session.id)) : null;
  if (!session || !principal) return { principal: ANONYMOUS, reload: () => Promise.resolve(ANONYMOUS), sessionHandle: null, deadline: NEVER, renew: () => Promise.resolve(NEVER) };
  const sid = session.id;
  // The session ends at its idle expiry (moved on by HTTP requests, not by the socket) or at its absolute timeout.
  const renew = async (): Promise<number | null> => {
    const lifetime = await deps.sessionStore.lifetimeOf(sid);
    if (!lifetime) return null;
    // A deadline is the first instant the socket is cut (session-guard.ts); HTTP still accepts the
    // session at exactly login + absolute timeout (authenticate.ts), so the socket's ends 1 ms later.
    // Ending at the same instant cut the socket while HTTP still answered, whenever a sweep ran then.
    const absoluteEnd = lifetime.loginAt === undefined ? NEVER : lifetime.loginAt + absoluteMs + 1;
    const end = Math.min(lifetime.expiresAt.getTime(), absoluteEnd);
    return end > clock.now().getTime() ? end : null;
  };
  return {
    principal,
    // The session may have ended since (logout, deactivation): read it from the store again.
    reload: async (): Promise<Principal | null> => {
      const current = await readSession(deps.sessionStore, sid);
      return current ? sessionPrincipal(db, current, absoluteMs, clock.now().getTime(), take(sid)) : null;
    },
    sessionHandle: sessionHandle(sid),
    deadline: (await renew()) ?? 0,
    renew,
  };
}

/** Attaches Socket.IO and starts this instance's outbox dispatcher. */
export async function attachRealtime(deps: RealtimeDeps): Promise<Realtime> {
  const log = moduleLogger(deps.logger, 'realtime');
  const { realtime: settings } = deps.config.settings;
  const io: RealtimeServer = new Server(deps.httpServer, {
    serveClient: false,
    maxHttpBufferSize: settings.socketMaxMessageBytes,
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, req.headers.host, deps.config.baseUrl)),
  });
  io.engine.use(deps.sessionMiddleware);

  const dispatcher = new OutboxDispatcher(deps.database, { pollIntervalMs: settings.pollIntervalMs, logger: moduleLogger(deps.logger, 'outbox') });
  await dispatcher.start();
  const broadcaster = new Broadcaster(io, deps.database.db, log, dispatcher.position);
  // Session ends first: a socket whose session ended at seq N gets nothing from seq N on.
  const sessionGuard = new SessionGuard(io, deps.clock, log);
  dispatcher.subscribe(sessionGuard.handle);
  dispatcher.subscribe(broadcaster.handle);
  sessionGuard.start();

  io.use((socket, next) => {
    const auth = HandshakeAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!auth.success) {
      next(Object.assign(new Error('Invalid handshake'), { data: { code: 'VALIDATION_FAILED' } }));
      return;
    }
    authenticateHandshake(deps, socket, auth.data.token)
      .then((identity) => {
        socket.data = { ...identity, renewing: false, lastSeq: 0, ready: false, pending: [] };
        next();
      })
      .catch((error: unknown) => {
        const code = error instanceof AppError ? error.code : 'INTERNAL';
        next(Object.assign(new Error(code === 'UNAUTHENTICATED' ? 'The API token is invalid, expired or revoked.' : 'Handshake failed'), { data: { code } }));
      });
  });

  const rateLimit = { perSecond: settings.socketMessagesPerSecond, burst: settings.socketMessageBurst };
  io.on('connection', (socket) => {
    limitSocketMessages(socket, rateLimit, (dropped) => log.warn({ socketId: socket.id, dropped }, 'socket disconnected for flooding'));
    placeInRooms(socket);
    socket.on('position.get', (payload, ack) => {
      if (typeof ack !== 'function') return;
      if (!PositionGetPayloadSchema.safeParse(payload).success) {
        ack({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'position.get takes no arguments' } });
        return;
      }
      ack({ ok: true, data: { seq: broadcaster.positionOf(socket) } });
    });
    const since = HandshakeAuthSchema.parse(socket.handshake.auth ?? {}).since;
    if (since === undefined) {
      socket.data.lastSeq = broadcaster.position;
      socket.data.ready = true;
      void socket.leave(REPLAYING_ROOM);
      socket.emit('ready', { seq: socket.data.lastSeq, replayed: 0 });
      return;
    }
    const limits = { maxEvents: settings.replayMaxEvents, maxAgeHours: settings.replayMaxAgeHours };
    replayThenGoLive(deps.database.db, socket, since, limits, () => broadcaster.position).catch((error: unknown) => {
      log.warn({ err: error }, 'replay failed; the client reconnects and tries again');
      socket.disconnect(true);
    });
  });

  return {
    io,
    dispatcher,
    broadcaster,
    sessionGuard,
    async close() {
      sessionGuard.stop();
      io.disconnectSockets(true);
      io.engine.close();
      await dispatcher.stop();
    },
  };
}
