/**
 * Recognising a lost database: a PostgreSQL restart or a dropped connection surfaces as driver
 * errors of several shapes; the HTTP layer answers them with 503 + Retry-After, the feed runner
 * waits for the database to come back before recording a failed run.
 */
// SQLSTATE classes/codes meaning "the server went away or is not accepting work right now":
// 08 connection exception, 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123])$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const UNAVAILABLE_MESSAGE = /Connection terminated|terminating connection due to administrator command|the database system is (starting up|shutting down)|Client has encountered a connection error|Client was closed and is not queryable/;

/**
 * Whether an error (or one of its causes, as drizzle wraps driver errors) says the database is
 * unreachable. Its transaction rolled back (or, if the connection died during COMMIT, may have committed): the client retries it.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
    if (UNAVAILABLE_MESSAGE.test(current.message)) return true;
  }
  return false;
}

/**
 * Runs `work` again while it fails because the database is unavailable (a restart takes seconds).
 * @throws the last error when the database does not come back within `attempts`, or any other error at once
 */
export async function retryWhileDatabaseUnavailable<T>(work: () => Promise<T>, attempts = 20, delayMs = 500): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDatabaseUnavailable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
