/**
 * The bulk worker thread (started by parse-bulk.ts, one per run): runs one {@link BulkJob} and posts
 * each rendered chunk as it is made, its bytes transferred, then the summary. It renders at most
 * {@link AHEAD} chunks ahead of what the main thread has written (a counter shared with it), so a
 * slow database does not let rendered rows pile up in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FeedError } from '../../../feeds/feed.js';
import type { PreparedItemChunk } from '../item-rows.js';
import { runBulkJob, type BulkJob, type BulkSummary } from './bulk-job.js';

export const AHEAD = 3;

export type BulkWorkerData = { job: BulkJob; written: SharedArrayBuffer };
export type BulkWorkerMessage =
  | { type: 'chunk'; chunk: PreparedItemChunk }
  | { type: 'done'; summary: BulkSummary }
  | { type: 'error'; message: string; code: FeedError['code'] | undefined };

if (parentPort) {
  const port = parentPort;
  const { job, written } = workerData as BulkWorkerData;
  const progress = new Int32Array(written);
  let posted = 0;
  try {
    const summary = runBulkJob(job, (chunk) => {
      // Wait (up to a minute at a time, so a lost wake-up cannot hang the thread) until the main
      // thread has written all but AHEAD of the chunks posted so far.
      while (posted - Atomics.load(progress, 0) >= AHEAD) Atomics.wait(progress, 0, Atomics.load(progress, 0), 60_000);
      port.postMessage({ type: 'chunk', chunk } satisfies BulkWorkerMessage, [chunk.lines.bytes.buffer as ArrayBuffer, chunk.lines.ends.buffer as ArrayBuffer]);
      posted += 1;
    });
    port.postMessage({ type: 'done', summary } satisfies BulkWorkerMessage, [summary.enrichments.lines.bytes.buffer as ArrayBuffer, summary.enrichments.lines.ends.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error), code: error instanceof FeedError ? error.code : undefined } satisfies BulkWorkerMessage);
  }
}
