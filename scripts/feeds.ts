// npm run feeds -- run <source-key> | import <file…> — runs a feed source now, or imports files
// (CSAF document, STIX bundle, MISP event, KEV JSON, CVE 5 record) into the configured database
// (DATABASE_URL, else PGlite in DATA_DIR). Exit 0: done; 1: a run failed or a file was rejected;
// 2: usage or configuration error. See server/feeds/cli.ts and docs/feeds.md.
import { ConfigError, loadConfig } from '../config/index.js';
import { runFeedsCli } from '../server/feeds/cli.js';
import { platformFeedHttp } from '../server/feeds/http-factory.js';
import { upsertConfiguredSources } from '../server/feeds/sources.js';
import { createLogger, moduleLogger } from '../server/platform/logger.js';
import { openConfiguredDatabase } from '../server/server.js';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.lines) process.stderr.write(`Configuration error: ${line}\n`);
    return 2;
  }
  const database = openConfiguredDatabase(config);
  const feedHttp = platformFeedHttp(config);
  try {
    await database.migrate();
    await upsertConfiguredSources(database.db, config.feeds);
    return await runFeedsCli(process.argv.slice(2), {
      database,
      config,
      logger: moduleLogger(createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, false), 'feeds'),
      feedHttp,
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      progress: process.stderr.isTTY,
    });
  } finally {
    await feedHttp.close();
    await database.close();
  }
}

process.exitCode = await main();
