/**
 * Parsing a run's bulk documents beside ingestion (feeds/feed.ts `BulkDocuments`). Large payloads go
 * to a worker thread of their own, so that on the embedded database — PostgreSQL in WebAssembly on
 * the main thread — parsing, validating and rendering 100,000s of records overlaps writing them
 * instead of preceding it. Only strings and bytes cross between the threads: structured-cloning the
 * parsed items cost more than making them (docs/benchmarks.md "ingest", 2026-12-08). Small payloads
 * (a KEV catalog) are parsed on the calling thread, where a worker's start would cost more than it saves.
 */
import { Worker } from 'node:worker_threads';
import { FeedError } from '../../../feeds/feed.js';
import type { PreparedItemChunk } from '../item-rows.js';
import { runBulkJob, type BulkJob, type BulkSummary } from './bulk-job.js';
import type { BulkWorkerData, BulkWorkerMessage } from './bulk.worker.js';

/** Payloads from this size on are parsed in a worker thread. */
export const BULK_WORKER_MIN_BYTES = 4 << 20;

export type BulkParse = {
  /** The rendered item chunks in order; asking for the next one says the previous one is written. */
  chunks: AsyncIterable<PreparedItemChunk> | Iterable<PreparedItemChunk>;
  /** Settles after the last chunk: the rest of the job, or its failure. */
  summary: Promise<BulkSummary>;
  /** Stops the worker (a failed or abandoned run). */
  cancel(): Promise<void>;
};

const ENTRY = new URL('./bulk-worker-bootstrap.mjs', import.meta.url);

function payloadBytes(job: BulkJob): number {
  return job.documents.reduce((sum, document) => sum + (typeof document.body === 'string' ? document.body.length : document.body.byteLength), 0);
}

function inProcess(job: BulkJob): BulkParse {
  const rendered: PreparedItemChunk[] = [];
  let summary: Promise<BulkSummary>;
  try {
    summary = Promise.resolve(runBulkJob(job, (chunk) => rendered.push(chunk)));
  } catch (error) {
    summary = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    summary.catch(() => undefined);
  }
  return { chunks: rendered, summary, cancel: () => Promise.resolve() };
}

function inWorker(job: BulkJob): BulkParse {
  const written = new SharedArrayBuffer(4);
  const progress = new Int32Array(written);
  const worker = new Worker(ENTRY, { workerData: { job, written } satisfies BulkWorkerData });
  const queue: PreparedItemChunk[] = [];
  let settled = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let resolveSummary!: (summary: BulkSummary) => void;
  let rejectSummary!: (error: Error) => void;
  const summary = new Promise<BulkSummary>((resolve, reject) => {
    resolveSummary = resolve;
    rejectSummary = reject;
  });
  // Awaited by the run after the chunks; this only keeps an early failure from counting as unhandled.
  summary.catch(() => undefined);
  const fail = (error: Error) => {
    if (settled) return;
    settled = true;
    failure = error;
    rejectSummary(error);
    wake?.();
  };
  worker.on('message', (message: BulkWorkerMessage) => {
    if (message.type === 'chunk') queue.push(message.chunk);
    else if (message.type === 'done') {
      settled = true;
      resolveSummary(message.summary);
    } else fail(message.code ? new FeedError(message.message, message.code) : new Error(message.message));
    wake?.();
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`the bulk parsing worker stopped (exit code ${code})`)));
  async function* chunks(): AsyncGenerator<PreparedItemChunk> {
    let consumed = 0;
    for (;;) {
      const chunk = queue.shift();
      if (chunk) {
        yield chunk;
        consumed += 1;
        Atomics.store(progress, 0, consumed);
        Atomics.notify(progress, 0);
        continue;
      }
      if (settled) {
        if (failure) throw failure;
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  }
  return {
    chunks: chunks(),
    summary,
    async cancel() {
      await worker.terminate();
    },
  };
}

/** Starts parsing `job`: in a worker thread when its payload is large, else here. */
export function parseBulk(job: BulkJob, minWorkerBytes = BULK_WORKER_MIN_BYTES): BulkParse {
  return payloadBytes(job) >= minWorkerBytes ? inWorker(job) : inProcess(job);
}
