// One Lagebild instance as its own process, for the multi-instance and fault tests and the fan-out
// benchmark: configured by the environment (DATABASE_URL!), listening on an OS-chosen port, it prints
// `LAGEBILD_URL=<url>` once it accepts connections.
import { loadConfig } from '../../config/index.js';
import { createLogger } from '../../server/platform/logger.js';
import { startLagebild } from '../../server/server.js';

const config = loadConfig({ HOST: '127.0.0.1', PORT: '1', LOG_LEVEL: 'warn', ...process.env });
const running = await startLagebild({ config: { ...config, port: 0 }, logger: createLogger(config.logLevel, false), serveClient: false });
process.stdout.write(`LAGEBILD_URL=${running.url}\n`);
process.on('SIGTERM', () => void running.close().then(() => process.exit(0)));
