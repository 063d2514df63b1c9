/**
 * `npm run feeds -- import-nvd <dir-or-file…>`: a first full NVD import (≈ 300,000 CVE records) from
 * NVD CVE API 2.0 JSON files — saved API pages or the yearly bulk files in the same format (the
 * Fraunhofer FKIE mirror, FORMATS.md "NVD"). Files are read one at a time and handed over unparsed in
 * batches of about {@link BATCH_BYTES}, each batch one recorded run of the `import-nvd` source (the
 * same ingestion, locking and counting as a scheduled NVD run): ingestion parses them in its bulk
 * worker thread while it writes (server/feeds/bulk/), memory stays bounded and an interruption keeps
 * every batch already stored. Progress (records, bytes, time estimate) goes to `progress` after each
 * batch, which the CLI renders as a bar — also when the command runs inside the server.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { BulkDocuments, FeedAdapter, FeedProblem } from '../../feeds/feed.js';
import type { DatabaseHandle } from '../platform/db/client.js';
import { feedSources, type FeedRunRow } from './feeds.table.js';
import { runFeedSource, type FeedRunDeps } from './runner.js';

/** File bytes per run (about 20,000 CVE records): large enough to amortise a transaction, small enough to bound memory. */
export const BATCH_BYTES = 64 << 20;

export type ImportProgress = { bytes: number; totalBytes: number; records: number; file: string };

export type NvdImportTotals = { files: number; records: number; new: number; updated: number; unchanged: number; failed: number; runs: number; problems: FeedProblem[] };

/** The JSON files named (directories walked recursively), sorted, with their sizes. */
export async function nvdFiles(paths: readonly string[]): Promise<{ file: string; size: number }[]> {
  const found: { file: string; size: number }[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = await readdir(path, { withFileTypes: true, recursive: true });
      for (const entry of entries.filter((one) => one.isFile() && one.name.endsWith('.json')).sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)))) {
        const file = join(entry.parentPath, entry.name);
        found.push({ file, size: (await stat(file)).size });
      }
    } else found.push({ file: path, size: info.size });
  }
  return found;
}

async function importSourceId(database: DatabaseHandle): Promise<string> {
  await database.db
    .insert(feedSources)
    .values({ key: 'import-nvd', type: 'nvd', name: 'Import (NVD API 2.0 files)', url: 'file:import', schedule: '0 0 1 1 *', enabled: false, managedBy: 'api' })
    .onConflictDoNothing({ target: feedSources.key });
  const [row] = await database.db.select({ id: feedSources.id }).from(feedSources).where(eq(feedSources.key, 'import-nvd'));
  return row!.id;
}

/**
 * Imports the files. A file that is not an NVD API 2.0 response is a problem (named, the rest goes on).
 * @returns the totals over all batches
 */
export async function importNvdFiles(deps: Omit<FeedRunDeps, 'adapters'>, paths: readonly string[], progress: (state: ImportProgress) => void): Promise<NvdImportTotals> {
  const files = await nvdFiles(paths);
  const totalBytes = files.reduce((sum, entry) => sum + entry.size, 0);
  const totals: NvdImportTotals = { files: files.length, records: 0, new: 0, updated: 0, unchanged: 0, failed: 0, runs: 0, problems: [] };
  const sourceId = await importSourceId(deps.database);
  let documents: { ref: string; body: Buffer }[] = [];
  let batchBytes = 0;
  let bytes = 0;
  let lastFile = '';

  const flush = async (): Promise<void> => {
    if (documents.length === 0) return;
    // Each file stands alone: a batch of files that are no API responses names them, it does not fail.
    const bulk: BulkDocuments = { format: 'nvd-api', documents, independent: true };
    documents = [];
    batchBytes = 0;
    const adapter: FeedAdapter = {
      type: 'nvd',
      optionsSchema: z.record(z.string(), z.unknown()),
      run: () => Promise.resolve({ items: [], stixObjects: [], enrichments: [], problems: [], unchanged: 0, cursor: null, bulk }),
    };
    const outcome = await runFeedSource({ ...deps, adapters: { nvd: adapter } }, sourceId, 'manual');
    if (!outcome.acquired) throw new Error('another import into import-nvd is running');
    const run: FeedRunRow = outcome.run;
    if (run.status === 'failed') throw new Error(`batch ${totals.runs + 1} failed: ${run.error ?? 'unknown error'} (the batches before it are stored)`);
    totals.runs += 1;
    totals.records += run.counts.records ?? 0;
    totals.new += run.newCount;
    totals.updated += run.updatedCount;
    totals.unchanged += run.unchangedCount;
    totals.failed += run.failedCount;
    totals.problems.push(...run.problems.slice(0, Math.max(0, 200 - totals.problems.length)));
    progress({ bytes, totalBytes, records: totals.records, file: lastFile });
  };

  for (const { file, size } of files) {
    // A whole file at a time: API pages hold ≤ 2,000 records, the yearly bulk files ≤ ~40,000.
    documents.push({ ref: basename(file), body: await readFile(file) });
    batchBytes += size;
    bytes += size;
    lastFile = basename(file);
    if (batchBytes >= BATCH_BYTES) await flush();
  }
  await flush();
  return totals;
}
