/**
 * Operator commands (`npm run feeds|audit:verify|admin|db:seed`): plain functions over an open
 * database, run either inside the server that holds the embedded database (through the local admin
 * API) or by the CLI itself when no server runs (holding the data directory lock) or when the
 * database is a PostgreSQL server. The command does not know which: it writes to `out`/`err` and
 * returns its exit code.
 */
import type { Config } from '../../config/index.js';
import type { FeedAdapters, FeedHttpFactory } from '../feeds/runner.js';
import type { DatabaseHandle } from '../platform/db/client.js';
import type { Logger } from '../platform/logger.js';
import type { Mailer } from '../platform/mail.js';

/** Exit codes every command uses. */
export const EXIT = { ok: 0, failed: 1, usage: 2, busy: 3 } as const;

export type CommandContext = {
  database: DatabaseHandle;
  config: Config;
  logger: Logger;
  mailer: Mailer;
  feedHttp: FeedHttpFactory;
  feedAdapters?: FeedAdapters;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Where the command runs: inside the server, or in the CLI process itself. */
  via: 'server' | 'direct';
  /** Show progress bars (only in a terminal of the CLI process itself). */
  progress: boolean;
  /** Inside the server: progress of a long command, sent to the CLI, which draws the bar. */
  onProgress?: ((event: { value: number; total: number; records: number; file: string }) => void) | undefined;
  /** Text the operator piped into the CLI (`--password-stdin`); read by the CLI, sent along. */
  stdin: string | null;
};

export type OperatorCommand = {
  name: string;
  run: (argv: string[], context: CommandContext) => Promise<number>;
};

/** Thrown by commands for an operator error: printed as one line, no stack trace. */
export class OperatorError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}

/**
 * Runs a command and turns every failure into one line on `err` and an exit code: an OperatorError
 * with its code, anything else with 1 (its stack goes to the logger at debug level only).
 */
export async function runCommandSafely(command: OperatorCommand, argv: string[], context: CommandContext): Promise<number> {
  try {
    return await command.run(argv, context);
  } catch (error) {
    if (error instanceof OperatorError) {
      context.err(`${error.message}\n`);
      return error.exitCode;
    }
    context.logger.debug({ err: error, command: command.name }, 'operator command failed');
    context.err(`${command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}
