/**
 * `npm run feeds -- run <source-key> | import <file…>`: the feeds CLI of server/feeds/cli.ts, run
 * where the database is (inside the server that holds the embedded database, or directly).
 * File arguments arrive as absolute paths (the CLI resolves them against the operator's directory).
 */
import { runFeedsCli } from '../feeds/cli.js';
import { upsertConfiguredSources } from '../feeds/sources.js';
import type { OperatorCommand } from './operator-command.js';

export const feedsCommand: OperatorCommand = {
  name: 'feeds',
  async run(argv, context) {
    await upsertConfiguredSources(context.database.db, context.config.feeds);
    return runFeedsCli(argv, {
      database: context.database,
      config: context.config,
      logger: context.logger,
      feedHttp: context.feedHttp,
      ...(context.feedAdapters ? { adapters: context.feedAdapters } : {}),
      out: context.out,
      err: context.err,
      progress: context.progress,
      onProgress: context.onProgress,
    });
  },
};
