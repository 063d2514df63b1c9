/**
 * `npm run feeds -- run <source-key>` and `npm run feeds -- import <file…>` (scripts/feeds.ts).
 * Both go through the runner, so a CLI run is locked, recorded and stored exactly like a scheduled
 * one. A progress bar (cli-progress) on stderr when it is a terminal, a summary on stdout, and the
 * exit code: 0 all good, 1 a run failed / a file was rejected, 2 usage error.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { eq } from 'drizzle-orm';
import cliProgress from 'cli-progress';
import type { Config } from '../../config/index.js';
import type { FeedAdapter, FeedRunOutput } from '../../feeds/feed.js';
import type { DatabaseHandle } from '../platform/db/client.js';
import type { Logger } from '../platform/logger.js';
import { z } from 'zod';
import { feedSources, type FeedRunRow } from './feeds.table.js';
import { detectImportFormat, IMPORT_PARSERS, IMPORT_SOURCE_TYPE, type ImportFormat } from './import-formats.js';
import { runFeedSource, type FeedAdapters, type FeedHttpFactory } from './runner.js';

export type FeedsCliDeps = {
  database: DatabaseHandle;
  config: Pick<Config, 'feedCredentials'>;
  logger: Logger;
  feedHttp: FeedHttpFactory;
  adapters?: FeedAdapters;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Show a progress bar (stderr is a terminal). */
  progress: boolean;
};

const USAGE = 'usage: npm run feeds -- run <source-key>\n       npm run feeds -- import <file…>\n';

function summary(label: string, run: FeedRunRow): string {
  const line = `${label}: ${run.status} — ${run.newCount} new, ${run.updatedCount} updated, ${run.unchangedCount} unchanged, ${run.failedCount} failed`;
  const problems = run.problems.slice(0, 20).map((problem) => `  ✗ ${problem.ref}: ${problem.message}`);
  return [line, ...(run.error ? [`  error: ${run.error}`] : []), ...problems].join('\n') + '\n';
}

async function runCommand(deps: FeedsCliDeps, key: string): Promise<number> {
  const [source] = await deps.database.db.select().from(feedSources).where(eq(feedSources.key, key));
  if (!source) {
    const keys = (await deps.database.db.select({ key: feedSources.key }).from(feedSources)).map((row) => row.key).sort();
    deps.err(`unknown source "${key}"; configured: ${keys.join(', ') || '(none)'}\n`);
    return 2;
  }
  const bar = deps.progress ? new cliProgress.SingleBar({ format: `${key} {bar} {duration}s`, stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
  bar?.start(1, 0);
  const outcome = await runFeedSource({ database: deps.database, config: deps.config, logger: deps.logger, httpFor: deps.feedHttp, ...(deps.adapters ? { adapters: deps.adapters } : {}) }, source.id, 'manual');
  bar?.update(1);
  bar?.stop();
  if (!outcome.acquired) {
    deps.err(`${key}: another instance is running this source right now\n`);
    return 1;
  }
  deps.out(summary(key, outcome.run));
  return outcome.run.status === 'failed' ? 1 : 0;
}

async function importSource(database: DatabaseHandle, format: ImportFormat): Promise<string> {
  const key = `import-${format}`;
  await database.db
    .insert(feedSources)
    .values({ key, type: IMPORT_SOURCE_TYPE[format], name: `Import (${format})`, url: 'file:import', schedule: '0 0 1 1 *', enabled: false, managedBy: 'api' })
    .onConflictDoNothing({ target: feedSources.key });
  const [row] = await database.db.select({ id: feedSources.id }).from(feedSources).where(eq(feedSources.key, key));
  return row!.id;
}

async function importCommand(deps: FeedsCliDeps, files: string[]): Promise<number> {
  const byFormat = new Map<ImportFormat, { file: string; output: Omit<FeedRunOutput, 'cursor'> }[]>();
  let exit = 0;
  const bar = deps.progress ? new cliProgress.SingleBar({ format: 'import {bar} {value}/{total} files | {file}', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
  bar?.start(files.length, 0, { file: '' });
  for (const file of files) {
    bar?.increment(0, { file: basename(file) });
    try {
      const document: unknown = JSON.parse(await readFile(file, 'utf8'));
      const format = detectImportFormat(document);
      if (!format) throw new Error('not a CSAF document, STIX bundle, MISP event, KEV catalog or CVE 5 record');
      const parser = IMPORT_PARSERS[format];
      if (!parser) throw new Error(`recognised as ${format}, but no ${format} parser is registered`);
      const output = await parser(document, { defaultTlp: 'clear', fileName: basename(file) });
      byFormat.set(format, [...(byFormat.get(format) ?? []), { file, output }]);
    } catch (error) {
      exit = 1;
      deps.err(`${file}: rejected — ${error instanceof Error ? error.message : String(error)}\n`);
    }
    bar?.increment(1);
  }
  bar?.stop();
  for (const [format, parsed] of byFormat) {
    // One run per format: the files' outputs together, stored in one transaction like a feed run.
    const adapter: FeedAdapter = {
      type: IMPORT_SOURCE_TYPE[format],
      optionsSchema: z.record(z.string(), z.unknown()),
      run: () =>
        Promise.resolve({
          items: parsed.flatMap((entry) => entry.output.items),
          stixObjects: parsed.flatMap((entry) => entry.output.stixObjects),
          enrichments: parsed.flatMap((entry) => entry.output.enrichments),
          problems: parsed.flatMap((entry) => entry.output.problems.map((problem) => ({ ref: `${basename(entry.file)}: ${problem.ref}`, message: problem.message }))),
          unchanged: parsed.reduce((sum, entry) => sum + entry.output.unchanged, 0),
          cursor: null,
        }),
    };
    const sourceId = await importSource(deps.database, format);
    const outcome = await runFeedSource({ database: deps.database, config: deps.config, logger: deps.logger, httpFor: deps.feedHttp, adapters: { [adapter.type]: adapter } }, sourceId, 'manual');
    if (!outcome.acquired) {
      deps.err(`import ${format}: another import of this format is running\n`);
      exit = 1;
      continue;
    }
    deps.out(summary(`import ${format} (${parsed.length} file${parsed.length === 1 ? '' : 's'})`, outcome.run));
    if (outcome.run.status === 'failed') exit = 1;
  }
  return exit;
}

/** Runs the CLI. @returns the process exit code. */
export async function runFeedsCli(argv: string[], deps: FeedsCliDeps): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'run' && rest.length === 1) return runCommand(deps, rest[0]!);
  if (command === 'import' && rest.length > 0) return importCommand(deps, rest);
  deps.err(USAGE);
  return 2;
}
