// Runs the same mocha suites against a PostgreSQL server (DATABASE_URL); each suite creates and
// drops its own database on that server.
import { spawnSync } from 'node:child_process';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!process.env.DATABASE_URL) console.log(`test:pg: DATABASE_URL not set, using ${url}`);
const result = spawnSync('npx', ['mocha', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url },
});
process.exit(result.status ?? 1);
