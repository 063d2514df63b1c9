import { ConfigError, loadConfig, type Config } from '../config/index.js';
import { createLogger } from './platform/logger.js';
import { startLagebild, type RunningLagebild } from './server.js';
import { DataDirBusyError } from './platform/db/data-dir-lock.js';

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const line of error.lines) process.stderr.write(`Configuration error: ${line}\n`);
      process.exit(2);
    }
    throw error;
  }
}

function printBanner(running: RunningLagebild, config: Config): void {
  const lines = ['', `Lagebild läuft / is running: ${running.url}  (database: ${running.database.driver})`, `API docs: ${running.url}/api/docs`];
  if (running.seed.seeded) {
    lines.push('', 'Demo-Zugänge / demo accounts:');
    for (const account of running.seed.accounts) lines.push(`  ${account.email.padEnd(34)} ${account.role}`);
    lines.push(
      running.seed.passwordGenerated
        ? `  Passwort / password (shown once): ${running.seed.password}`
        : '  Passwort / password: the value of LAGEBILD_DEMO_PASSWORD',
    );
  } else if (config.demo.enabled) {
    lines.push('Demo community already present (password as printed at the first start or LAGEBILD_DEMO_PASSWORD).');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);
async function startOrExit(): Promise<RunningLagebild> {
  try {
    return await startLagebild({ config, logger });
  } catch (error) {
    if (!(error instanceof DataDirBusyError)) throw error;
    const owner = error.owner ? ` (pid ${error.owner.pid} auf ${error.owner.host}, seit ${error.owner.since})` : '';
    process.stderr.write(`${error.message}${owner}\n`);
    process.exit(3);
  }
}

const running = await startOrExit();
printBanner(running, config);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  await running.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
