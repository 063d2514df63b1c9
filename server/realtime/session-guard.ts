/**
 * Cuts live delivery when the session or token behind a socket ends (DESIGN.md D9):
 * - `session.ended` (server/auth/session-end.ts: logout, revocation, password or second-factor change,
 *   reset, deactivation) disconnects this instance's sockets of those sessions when the dispatcher reads
 *   the event — in seq order, so nothing committed after the end reaches them;
 * - expiry (idle and absolute timeout of a session, a token's expiry) is noticed by a sweep over this
 *   instance's sockets: a socket past its deadline asks its session or token again (a used session has
 *   moved its idle expiry on) and is disconnected when it has ended.
 * `principal.changed` (role, membership, deactivation, token revocation) stays with the broadcaster,
 * which re-loads principals and re-computes rooms in the same seq order as the deliveries.
 */
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { EventRow } from '../platform/outbox/events.table.js';
import type { RealtimeServer, RealtimeSocket } from './broadcaster.js';
import { SessionEndedPayloadSchema } from './events.js';

/** How often the expiry sweep runs: well inside the promised second between expiry and disconnect. */
export const EXPIRY_SWEEP_MS = 250;

/** Disconnects a socket whose session ended; the client sees `io server disconnect` and does not reconnect by itself. */
function cut(socket: RealtimeSocket, logger: Logger, why: string): void {
  logger.info({ socket: socket.id, why }, 'session ended; disconnecting socket');
  socket.disconnect(true);
}

export class SessionGuard {
  #sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly io: RealtimeServer,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The dispatcher subscriber for `session.ended`. */
  readonly handle = (row: EventRow): void => {
    if (row.type !== 'session.ended') return;
    const parsed = SessionEndedPayloadSchema.safeParse(row.payload);
    if (!parsed.success) return;
    const ended = new Set(parsed.data.sessions);
    for (const socket of this.io.sockets.sockets.values()) {
      if (socket.data.sessionHandle !== null && ended.has(socket.data.sessionHandle)) cut(socket, this.logger, 'session.ended');
    }
  };

  start(): void {
    this.#sweep = setInterval(() => this.sweep(), EXPIRY_SWEEP_MS);
    this.#sweep.unref();
  }

  stop(): void {
    clearInterval(this.#sweep);
  }

  /** Checks every socket past its deadline against its session or token (not re-entrant per socket). */
  sweep(): void {
    const now = this.clock.now().getTime();
    for (const socket of this.io.sockets.sockets.values()) {
      const data = socket.data;
      if (data.deadline > now || data.renewing) continue;
      data.renewing = true;
      data
        .renew()
        .catch(() => null)
        .then((deadline) => {
          data.renewing = false;
          if (deadline === null || deadline <= this.clock.now().getTime()) cut(socket, this.logger, 'expired');
          else data.deadline = deadline;
        })
        .catch(() => undefined);
    }
  }
}
