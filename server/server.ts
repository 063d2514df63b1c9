import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/index.js';
import { ROOT_DIR } from '../config/index.js';
import { buildApp, type BuiltApp } from './app.js';
import type { Clock } from './platform/clock.js';
import { openDatabase, type DatabaseHandle } from './platform/db/client.js';
import { moduleLogger, type Logger } from './platform/logger.js';
import { resolveSecret } from './platform/secrets.js';
import { clientRouter, ensureClientBuilt } from './platform/http/client-assets.js';
import { seedDemoCommunity, type SeedResult } from './seed/seed.js';
import { seedDemoHistory } from './seed/demo-history.js';
import { attachRealtime, type Realtime } from './realtime/io.js';
import { startJobs } from './jobs.js';
import { createMailer } from './platform/mail.js';
import { resolveSigningKey } from './sharing/signing-key.js';
import { registerOperationalMetrics } from './health/operational-metrics.js';
import type { FeedAdapters, FeedHttpFactory } from './feeds/runner.js';
import { platformFeedHttp } from './feeds/http-factory.js';
import { upsertConfiguredSources } from './feeds/sources.js';
import { refreshAssetKeys, seedProductAliases } from './products/product-aliases.service.js';
import { lockDataDir, type DataDirLock } from './platform/db/data-dir-lock.js';
import { startAdminApi, type AdminApi } from './operations/admin-api.js';
import { mailProtectionFor } from './users/openpgp-keys.js';

export type StartOptions = {
  config: Config;
  logger: Logger;
  /** An already open database (tests); otherwise opened from the config. */
  database?: DatabaseHandle;
  /** Serve the web client (building it when missing or stale). Default: true. */
  serveClient?: boolean;
  /** Time source for sessions (tests); default: the system clock. */
  clock?: Clock;
  /** The fetcher for feed runs (tests: one that reaches 127.0.0.1); default: the platform fetcher. */
  feedHttp?: FeedHttpFactory;
  /** The adapter registry for feed runs (tests add fixture adapters); default feeds/index.ts. */
  feedAdapters?: FeedAdapters;
  /**
   * Runs when the embedded database's data directory lock is lost while running (someone removed or
   * took it): writing on would lose data. Default: log and exit the process.
   */
  onDataDirLockLost?: (error: Error) => void;
};

export type RunningLagebild = {
  url: string;
  server: Server;
  built: BuiltApp;
  realtime: Realtime;
  database: DatabaseHandle;
  seed: SeedResult;
  /** The local admin API (embedded database only): operator commands run through it. */
  adminApi: AdminApi | null;
  close(): Promise<void>;
};

/** Opens the configured database: PGlite under DATA_DIR unless DATABASE_URL names a server. */
export function openConfiguredDatabase(config: Config): DatabaseHandle {
  return config.databaseUrl ? openDatabase({ driver: 'pg', url: config.databaseUrl }) : openDatabase({ driver: 'pglite', dataDir: config.dataDir });
}

/** Boots one Lagebild instance: migrations, secrets, demo seed, client build, HTTP listener. */
export async function startLagebild(options: StartOptions): Promise<RunningLagebild> {
  const { config, logger } = options;
  const log = moduleLogger(logger, 'server');
  // One writer per embedded database (DESIGN.md D10): hold DATA_DIR before opening it.
  const ownsEmbedded = !options.database && !config.databaseUrl;
  const lock: DataDirLock | null = ownsEmbedded
    ? await lockDataDir(config.dataDir, 'server', (error) => {
        if (options.onDataDirLockLost) return options.onDataDirLockLost(error);
        log.fatal({ err: error, dataDir: config.dataDir }, 'lost the lock on the data directory: stopping before another writer loses data');
        process.exit(1);
      })
    : null;
  const database = options.database ?? openConfiguredDatabase(config);
  try {
    await database.migrate();
  } catch (error) {
    await lock?.release();
    throw error;
  }
  log.info({ driver: database.driver }, 'database migrated');

  const sessionSecret = await resolveSecret('session_secret', config.sessionSecret, database, config.dataDir);
  if (sessionSecret.generated) log.warn('SESSION_SECRET not set: generated one and stored it for the next start');

  // The CSAF provider's OpenPGP key: configured, stored, or generated now (first start) and kept.
  const signing = await resolveSigningKey(config, database);
  if (signing.generated) log.warn({ fingerprint: signing.key.fingerprint }, 'CSAF_SIGNING_KEY_FILE not set: generated an OpenPGP signing key and stored it for the next start');

  // Aliases before the demo inventory (its keys resolve through them); then every stored asset's
  // keys follow the aliases as they are now (a changed seed, or keys written by an older release).
  await seedProductAliases(database.db);
  await refreshAssetKeys(database.db);
  const seed: SeedResult = config.demo.enabled ? await seedDemoCommunity(database.db, config.demo.password, { inventory: config.demo.inventory }) : { seeded: false };
  if (seed.seeded) moduleLogger(logger, 'seed').info({ organizations: seed.organizations, users: seed.accounts.length }, 'demo community seeded');
  if (seed.seeded && config.demo.history) moduleLogger(logger, 'seed').info(await seedDemoHistory(database.db, seed.organizationIds, config.dataDir), 'demo history seeded');

  await upsertConfiguredSources(database.db, config.feeds);
  const ownFeedHttp = options.feedHttp ? null : platformFeedHttp(config);
  const feedHttp = options.feedHttp ?? ownFeedHttp!;

  let client = null;
  if (options.serveClient ?? true) {
    const distDir = await ensureClientBuilt({ rootDir: ROOT_DIR, logger: log });
    client = clientRouter(distDir);
  }

  const built = buildApp({ config, database, logger, sessionSecret: sessionSecret.value, client, signingKey: () => Promise.resolve(signing.key), feedHttp, ...(options.feedAdapters ? { feedAdapters: options.feedAdapters } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  const server = createServer(built.app);
  const realtime = await attachRealtime({
    httpServer: server,
    config,
    database,
    logger,
    sessionMiddleware: built.sessionMiddleware,
    sessionStore: built.sessionStore,
    clock: built.clock,
  });
  registerOperationalMetrics(built.metrics.registry, {
    db: database.db,
    dispatcherPosition: () => realtime.dispatcher.position,
    socketConnections: () => realtime.io.engine.clientsCount,
  });
  // The scheduler role runs the notification consumer and the escalation/digest jobs.
  const stopJobs = config.roles.has('scheduler')
    ? await startJobs({ database, config, feedHttp, ...(options.feedAdapters ? { feedAdapters: options.feedAdapters } : {}), logger: moduleLogger(logger, 'scheduler'), mailer: createMailer(config.smtpUrl, config.mailFrom, moduleLogger(logger, 'outbox'), mailProtectionFor(database.db, () => Promise.resolve(signing.key))) })
    : null;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const mailer = createMailer(config.smtpUrl, config.mailFrom, moduleLogger(logger, 'outbox'), mailProtectionFor(database.db, () => Promise.resolve(signing.key)));
  const adminApi = ownsEmbedded
    ? await startAdminApi({
        dataDir: config.dataDir,
        logger: moduleLogger(logger, 'server'),
        context: { database, config, logger: moduleLogger(logger, 'feeds'), mailer, feedHttp, ...(options.feedAdapters ? { feedAdapters: options.feedAdapters } : {}) },
      })
    : null;
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host}:${address.port}`;

  let closed = false;
  return {
    url,
    server,
    built,
    realtime,
    database,
    seed,
    adminApi,
    async close() {
      if (closed) return;
      closed = true;
      await adminApi?.close();
      await stopJobs?.();
      await realtime.close();
      await ownFeedHttp?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await built.limits.close();
      if (!options.database) await database.close();
      await lock?.release();
    },
  };
}
