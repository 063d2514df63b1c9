/**
 * `npm run fuzz`: every fast-check property of the test suites with FUZZ_RUNS runs (default
 * 10,000; `npm test` keeps each test's small default). The fuzz files are found, not listed: every
 * test file that takes its run count from test/support/fuzz.ts (`fuzzRuns(`) takes part, so a new
 * parser's property joins by using the knob.
 *
 * Prints each property's run count and time, then a summary; exits non-zero when a property
 * failed, ran fewer than FUZZ_RUNS times, or a test failed.
 *
 *   npm run fuzz                       # 10,000 runs per property
 *   FUZZ_RUNS=50000 npm run fuzz -- stix   # only files whose path contains "stix"
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import Mocha from 'mocha';
import { ROOT_DIR } from '../config/index.js';
import { fuzzLedgerHooks, installFuzzLedger } from '../test/support/fuzz-ledger.js';

const DEFAULT_RUNS = 10_000;

async function* testFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* testFiles(path);
    else if (entry.name.endsWith('.test.ts')) yield path;
  }
}

async function fuzzFiles(filters: string[]): Promise<string[]> {
  const found: string[] = [];
  for await (const file of testFiles(join(ROOT_DIR, 'test'))) {
    const rel = relative(ROOT_DIR, file);
    if (filters.length > 0 && !filters.some((filter) => rel.includes(filter))) continue;
    if ((await readFile(file, 'utf8')).includes('fuzzRuns(')) found.push(file);
  }
  return found.sort();
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<number> {
  const raw = process.env.FUZZ_RUNS?.trim();
  const runs = raw && Number.isInteger(Number(raw)) && Number(raw) > 0 ? Number(raw) : DEFAULT_RUNS;
  process.env.FUZZ_RUNS = String(runs);
  const files = await fuzzFiles(process.argv.slice(2));
  if (files.length === 0) {
    process.stderr.write('fuzz: no test file uses fuzzRuns(); nothing to run\n');
    return 1;
  }
  process.stdout.write(`fuzz: ${runs} runs per property, ${files.length} files\n${files.map((file) => `  ${relative(ROOT_DIR, file)}`).join('\n')}\n`);

  const ledger = installFuzzLedger();
  const mocha = new Mocha({ reporter: 'dot', timeout: 30 * 60_000, rootHooks: fuzzLedgerHooks });
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();

  const durations = new Map<string, number>();
  const started = performance.now();
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on(Mocha.Runner.constants.EVENT_TEST_END, (test: Mocha.Test) => durations.set(test.fullTitle(), test.duration ?? 0));
  });
  const total = performance.now() - started;

  const byTest = new Map<string, { properties: number; minRuns: number; runs: number; failed: boolean }>();
  for (const entry of ledger) {
    const row = byTest.get(entry.test) ?? { properties: 0, minRuns: Number.POSITIVE_INFINITY, runs: 0, failed: false };
    row.properties += 1;
    row.minRuns = Math.min(row.minRuns, entry.runs);
    row.runs += entry.runs;
    row.failed ||= entry.failed;
    byTest.set(entry.test, row);
  }
  const short: string[] = [];
  process.stdout.write('\nproperty runs (per test: properties × runs, time)\n');
  for (const [test, row] of byTest) {
    const ok = !row.failed && row.minRuns >= runs;
    if (!ok && !row.failed) short.push(test);
    const count = row.properties === 1 ? `${row.runs}` : `${row.properties} × ≥${row.minRuns} = ${row.runs}`;
    process.stdout.write(`  ${row.failed ? 'FAIL' : ok ? 'ok  ' : 'LOW '} ${count.padStart(22)} runs ${seconds(durations.get(test) ?? 0).padStart(9)}  ${test}\n`);
  }
  const properties = ledger.length;
  const allRuns = ledger.reduce((sum, entry) => sum + entry.runs, 0);
  const failedProperties = ledger.filter((entry) => entry.failed).length;
  process.stdout.write(
    `\nfuzz: ${properties} properties in ${byTest.size} tests, ${allRuns} runs in ${seconds(total)}; ` +
      `${failedProperties} failed properties, ${short.length} below ${runs} runs, ${failures} failed tests\n`,
  );
  for (const test of short) process.stdout.write(`  below ${runs} runs: ${test}\n`);
  return failures > 0 || failedProperties > 0 || short.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
