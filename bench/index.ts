// `npm run bench -- <name>`: runs one benchmark (or all), each printing its figures beside a baseline
// measured in the same run.
import { runApiBenchmark } from './api.bench.js';
import { runFanoutBenchmark } from './fanout.bench.js';
import { runIngestBenchmark } from './ingest.bench.js';
import { runMatchBenchmark } from './match.bench.js';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  api: runApiBenchmark,
  fanout: runFanoutBenchmark,
  ingest: runIngestBenchmark,
  match: runMatchBenchmark,
};

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const names = requested.length > 0 ? requested : Object.keys(BENCHMARKS);
for (const name of names) {
  const run = BENCHMARKS[name];
  if (!run) {
    process.stderr.write(`unknown benchmark "${name}"; available: ${Object.keys(BENCHMARKS).join(', ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`\n## ${name}\n`);
  await run();
}
process.exit(0);
