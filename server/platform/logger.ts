import pino, { type Logger } from 'pino';

/** The closed set of log modules, so log queries can rely on them. */
export type LogModule = 'http' | 'db' | 'auth' | 'seed' | 'audit' | 'outbox' | 'realtime' | 'feeds' | 'scheduler' | 'server' | 'taxii' | 'notifications';

/** Paths never written to logs: credentials, session material and SAML assertions. */
const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.SAMLResponse',
  '*.totp',
];

/**
 * Builds the root logger: JSON lines, pretty-printed when stdout is a terminal.
 * Domain rule: callers log ids, TLP levels and counts, never the content of AMBER/RED objects.
 */
export function createLogger(level: string, pretty = process.stdout.isTTY): Logger {
  return pino({
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
  });
}

/** A child logger for one module. */
export function moduleLogger(root: Logger, module: LogModule): Logger {
  return root.child({ module });
}

export type { Logger };
