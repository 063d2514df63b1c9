/**
 * `npm run feeds -- run <source-key>` and `npm run feeds -- import <file…>` (scripts/feeds.ts).
 * Both go through the runner, so a CLI run is locked, recorded and stored exactly like a scheduled
 * one. A progress bar (cli-progress) on stderr when it is a terminal, a summary on stdout (the
 * source's records, what was stored beside, documents accepted with findings, quarantined ones),
 * and the exit code: 0 all imported (findings included), 1 a run failed / a file was rejected or
 * quarantined, 2 usage error.
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
import { feedSources, type FeedRunRow, type StoredCounts } from './feeds.table.js';
import { detectImportFormat, IMPORT_PARSERS, IMPORT_SOURCE_TYPE, type ImportFormat } from './import-formats.js';
import { runFeedSource, type FeedAdapters, type FeedHttpFactory } from './runner.js';
import { importNvdFiles } from './nvd-import.js';

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
  /** Where progress goes when the command runs inside the server (the CLI draws the bar). */
  onProgress?: ((event: ProgressEvent) => void) | undefined;
};

/** Progress of a long command: value of total (bytes), with the records so far; the CLI draws the bar and the time estimate. */
export type ProgressEvent = { value: number; total: number; records: number; file: string };

const USAGE = 'usage: npm run feeds -- run <source-key>\n       npm run feeds -- import <file…>\n       npm run feeds -- import-nvd <dir-or-file…>\n';

const n = (value: number): string => value.toLocaleString('en');
/** "1 document", "2 documents", "1 entry" (the nouns are English plurals). */
const nounFor = (count: number, plural: string): string => (count !== 1 ? plural : plural.endsWith('ies') ? `${plural.slice(0, -3)}y` : plural.replace(/s$/, ''));

function stored(label: string, counts: StoredCounts | undefined): string | undefined {
  if (!counts || counts.new + counts.updated + counts.unchanged === 0) return undefined;
  return `${label} ${n(counts.new)} new, ${n(counts.updated)} updated, ${n(counts.unchanged)} unchanged`;
}

/**
 * The summary of a run: the source's records first (`1,404 entries: 1,404 new, …`), then what was
 * stored beside (items, STIX objects, enrichments), documents accepted with findings, quarantined
 * documents and rejected ones, each on its own line.
 */
export function summary(label: string, run: FeedRunRow, findings: { ref: string; count: number; first: string }[] = []): string {
  const details = run.counts;
  const records = details.records !== undefined ? `${n(details.records)} ${nounFor(details.records, details.noun ?? 'records')}: ` : '';
  const line = `${label}: ${run.status} — ${records}${n(run.newCount)} new, ${n(run.updatedCount)} updated, ${n(run.unchangedCount)} unchanged, ${n(run.failedCount)} failed`;
  const beside = [stored('items', details.items), stored('STIX objects', details.stixObjects), stored('enrichments', details.enrichments)].filter((part): part is string => part !== undefined);
  const lines = [line, ...(beside.length > 0 ? [`  stored: ${beside.join(' · ')}`] : [])];
  if ((details.withFindings ?? 0) > 0) {
    lines.push(`  accepted with findings: ${n(details.withFindings!)} (in the inbox, marked; see each item's findings)`);
    for (const entry of findings.slice(0, 20)) lines.push(`  ! ${entry.ref}: ${entry.count} finding${entry.count === 1 ? '' : 's'} — ${entry.first}`);
  }
  if ((details.quarantined ?? 0) > 0) lines.push(`  quarantined: ${n(details.quarantined!)} (not ingested; release in the source's run view)`);
  return [...lines, ...(run.error ? [`  error: ${run.error}`] : []), ...run.problems.slice(0, 20).map((problem) => `  ✗ ${problem.ref}: ${problem.message}`)].join('\n') + '\n';
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
      const bytes = await readFile(file);
      const document: unknown = JSON.parse(bytes.toString('utf8'));
      const format = detectImportFormat(document);
      if (!format) throw new Error('not a CSAF document, STIX bundle, MISP event, KEV catalog or CVE 5 record');
      const parser = IMPORT_PARSERS[format];
      if (!parser) throw new Error(`recognised as ${format}, but no ${format} parser is registered`);
      const output = await parser(document, { defaultTlp: 'clear', fileName: basename(file), bytes, sidecars: await hashFilesBeside(file) });
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
          quarantined: parsed.flatMap((entry) => entry.output.quarantined ?? []),
          ...recordsOf(parsed.map((entry) => entry.output)),
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
    const findings = parsed.flatMap((entry) =>
      entry.output.items
        .filter((item) => (item.findings?.length ?? 0) > 0)
        .map((item) => ({ ref: `${item.externalId} (${basename(entry.file)})`, count: item.findings!.length, first: `${item.findings![0]!.test} ${item.findings![0]!.path || '/'}: ${item.findings![0]!.message}` })),
    );
    deps.out(summary(`import ${format} (${parsed.length} file${parsed.length === 1 ? '' : 's'})`, outcome.run, findings));
    for (const entry of parsed.flatMap((one) => one.output.quarantined ?? [])) deps.err(`${entry.ref}: quarantined (${entry.check}) — ${entry.reason}\n`);
    // Findings are accepted (exit 0); a quarantined document was not imported: the operator must look.
    if (outcome.run.status === 'failed' || (outcome.run.counts.quarantined ?? 0) > 0) exit = 1;
  }
  return exit;
}

/** `<file>.sha256` / `<file>.sha512` beside an imported file, when present (CSAF distribution practice). */
async function hashFilesBeside(file: string): Promise<Partial<Record<'sha256' | 'sha512', string>>> {
  const found: Partial<Record<'sha256' | 'sha512', string>> = {};
  for (const algorithm of ['sha256', 'sha512'] as const) {
    try {
      found[algorithm] = await readFile(`${file}.${algorithm}`, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return found;
}

/** The files' record counts together (each format's parser counts its own). */
function recordsOf(outputs: readonly Omit<FeedRunOutput, 'cursor'>[]): Pick<FeedRunOutput, 'records'> {
  const counted = outputs.map((output) => output.records).filter((records) => records !== undefined);
  if (counted.length === 0 || counted.length !== outputs.length) return {};
  return { records: { total: counted.reduce((sum, records) => sum + records.total, 0), noun: counted[0]!.noun, storedAs: counted[0]!.storedAs } };
}

/** The progress bar of a long import: bytes read, records, rate and time estimate (cli-progress). */
export function importProgressBar(label: string, stream: NodeJS.WritableStream = process.stderr): { update(event: ProgressEvent): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {percentage}% | {records} records | {file} | elapsed {duration_formatted}, left {eta_formatted}`, stream, etaBuffer: 50, fps: 5, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(event) {
      if (!started) {
        bar.start(Math.max(event.total, 1), 0, { records: '0', file: '' });
        started = true;
      }
      bar.update(event.value, { records: n(event.records), file: event.file });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

async function importNvdCommand(deps: FeedsCliDeps, paths: string[]): Promise<number> {
  const local = !deps.onProgress && deps.progress ? importProgressBar('import-nvd') : null;
  const started = Date.now();
  let totals;
  try {
    totals = await importNvdFiles({ database: deps.database, config: deps.config, logger: deps.logger, httpFor: deps.feedHttp }, paths, (state) => {
      const event = { value: state.bytes, total: state.totalBytes, records: state.records, file: state.file };
      if (deps.onProgress) deps.onProgress(event);
      else local?.update(event);
    });
  } catch (error) {
    local?.stop();
    deps.err(`import-nvd: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  local?.stop();
  const seconds = (Date.now() - started) / 1000;
  const rate = seconds > 0 ? Math.round(totals.records / seconds) : totals.records;
  deps.out(`import-nvd (${n(totals.files)} file${totals.files === 1 ? '' : 's'}, ${n(totals.runs)} run${totals.runs === 1 ? '' : 's'}): ${n(totals.records)} CVE records: ${n(totals.new)} new, ${n(totals.updated)} updated, ${n(totals.unchanged)} unchanged, ${n(totals.failed)} failed — ${seconds.toFixed(1)} s, ${n(rate)} records/s\n`);
  for (const problem of totals.problems.slice(0, 20)) deps.out(`  ✗ ${problem.ref}: ${problem.message}\n`);
  return totals.failed > 0 ? 1 : 0;
}

/** Runs the CLI. @returns the process exit code. */
export async function runFeedsCli(argv: string[], deps: FeedsCliDeps): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'run' && rest.length === 1) return runCommand(deps, rest[0]!);
  if (command === 'import' && rest.length > 0) return importCommand(deps, rest);
  if (command === 'import-nvd' && rest.length > 0) return importNvdCommand(deps, rest);
  deps.err(USAGE);
  return 2;
}
