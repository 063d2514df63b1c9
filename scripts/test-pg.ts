// Runs the same mocha suites against a PostgreSQL server (DATABASE_URL); each suite creates and
// drops its own database on that server. With file or glob arguments only those suites run
// (mocha itself would add them to .mocharc's spec and run everything).
import { spawnSync } from 'node:child_process';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!process.env.DATABASE_URL) console.log(`test:pg: DATABASE_URL not set, using ${url}`);
const args = process.argv.slice(2);
const only = args.some((arg) => !arg.startsWith('-'));
const mochaArgs = only ? ['--no-config', '--timeout', '60000', '--exit', '--reporter', './test/support/summary-reporter.cjs', ...args] : args;
const result = spawnSync('npx', ['mocha', ...mochaArgs], {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url, ...(only ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim() } : {}) },
});
process.exit(result.status ?? 1);
