/**
 * The half of the operator CLI that opens the database itself: a PostgreSQL server (any number of
 * writers), or the embedded database while no server holds it (under the data directory lock).
 * Loaded only when no server answers, so talking to a running server stays quick.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Config } from '../../config/index.js';
import { platformFeedHttp } from '../feeds/http-factory.js';
import { DATA_DIR_BUSY_MESSAGE, DataDirBusyError, lockDataDir, type DataDirLock } from '../platform/db/data-dir-lock.js';
import { openDatabase, queryRows, type DatabaseHandle } from '../platform/db/client.js';
import { createLogger, moduleLogger } from '../platform/logger.js';
import { createMailer } from '../platform/mail.js';
import { BackupInvalidError, restoreBackup, writeBackup } from './backup.js';
import { OPERATOR_COMMANDS } from './commands.js';
import { EXIT, OperatorError, runCommandSafely } from './operator-command.js';

const out = (text: string) => void process.stdout.write(text);
const err = (text: string) => void process.stderr.write(text);

/** The embedded database files, as the server leaves them. */
function embeddedDatabaseExists(dataDir: string): boolean {
  return existsSync(join(dataDir, 'pglite', 'PG_VERSION'));
}

async function lockOrRefuse(dataDir: string, busyMessage: string): Promise<DataDirLock> {
  try {
    return await lockDataDir(dataDir, 'cli', () => {
      err(`Sperre auf ${dataDir} verloren – Befehl abgebrochen / lost the data directory lock\n`);
      process.exit(EXIT.busy);
    });
  } catch (error) {
    if (error instanceof DataDirBusyError) throw new OperatorError(busyMessage, EXIT.busy);
    throw error;
  }
}

/** The embedded database under the CLI's own lock, or a one-line refusal. Never creates one. */
async function openEmbedded(dataDir: string): Promise<{ database: DatabaseHandle; lock: DataDirLock }> {
  if (!embeddedDatabaseExists(dataDir)) {
    throw new OperatorError(`Keine Lagebild-Datenbank in ${dataDir} – zuerst den Server starten (npm start legt sie an) oder DATA_DIR/DATABASE_URL prüfen`, EXIT.usage);
  }
  const lock = await lockOrRefuse(dataDir, DATA_DIR_BUSY_MESSAGE);
  return { database: openDatabase({ driver: 'pglite', dataDir }), lock };
}

/** A PostgreSQL server database that Lagebild has already set up, or a one-line refusal. */
async function openServerDatabase(url: string): Promise<DatabaseHandle> {
  const database = openDatabase({ driver: 'pg', url, poolSize: 4 });
  try {
    const [row] = await queryRows<{ present: boolean }>(database.db, sql`select to_regclass('public.audit_log') is not null as present`);
    if (!row?.present) throw new OperatorError('Keine Lagebild-Datenbank unter DATABASE_URL (Schema fehlt) – zuerst den Server starten, er legt es an', EXIT.usage);
    return database;
  } catch (error) {
    await database.close();
    if (error instanceof OperatorError) throw error;
    throw new OperatorError(`Datenbank unter DATABASE_URL nicht erreichbar / not reachable: ${(error as Error).message}`, EXIT.failed);
  }
}

/**
 * Runs an operator command in this process.
 * @throws OperatorError with a one-line reason when there is no database or it is busy
 */
export async function runDirect(name: string, argv: string[], config: Config, stdin: string | null): Promise<number> {
  const command = OPERATOR_COMMANDS.get(name);
  if (!command) throw new Error(`unknown operator command ${name}`);
  const opened = config.databaseUrl ? { database: await openServerDatabase(config.databaseUrl), lock: null } : await openEmbedded(config.dataDir);
  const logger = moduleLogger(createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, false), 'server');
  const feedHttp = platformFeedHttp(config);
  try {
    // An existing database of an older release is brought up to this one, as the server would.
    await opened.database.migrate();
    return await runCommandSafely(command, argv, {
      database: opened.database,
      config,
      logger,
      mailer: createMailer(config.smtpUrl, config.mailFrom, logger),
      feedHttp,
      out,
      err,
      via: 'direct',
      progress: process.stderr.isTTY,
      stdin,
    });
  } finally {
    await feedHttp.close();
    await opened.database.close();
    await opened.lock?.release();
  }
}

/** Writes a backup of the embedded database while no server runs. @throws OperatorError */
export async function backupDirect(config: Config, target: string): Promise<void> {
  const { database, lock } = await openEmbedded(config.dataDir);
  try {
    await writeBackup(database, config.dataDir, target);
  } finally {
    await database.close();
    await lock.release();
  }
}

/** Restores a backup into DATA_DIR; refuses while a server holds it. @returns the exit code */
export async function restoreDirect(config: Config, file: string): Promise<number> {
  const lock = await lockOrRefuse(config.dataDir, 'Lagebild läuft auf diesem Datenverzeichnis – zum Zurückspielen den Server stoppen / stop the server to restore');
  try {
    const result = await restoreBackup(file, config.dataDir);
    if (result.movedAside) out(`Bisherige Daten verschoben nach / previous data moved to: ${result.movedAside}\n`);
    const total = Object.values(result.counts).reduce((sum, n) => sum + n, 0);
    out(`Zurückgespielt / restored: Sicherung vom ${result.manifest.createdAt}, ${Object.keys(result.counts).length} Tabellen, ${total} Zeilen\n`);
    for (const [table, count] of Object.entries(result.counts)) out(`  ${table}\t${count}\n`);
    if (result.audit.problems.length > 0) {
      err(`audit log BROKEN: ${result.audit.problems.length} problem(s), first at row ${result.audit.problems[0]?.id}\n`);
      return EXIT.failed;
    }
    out(`audit log intact: ${result.audit.rows} rows, last hash ${result.audit.lastHash}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof BackupInvalidError) throw new OperatorError(`${file}: ${error.message}`, EXIT.usage);
    throw error;
  } finally {
    await lock.release();
  }
}
