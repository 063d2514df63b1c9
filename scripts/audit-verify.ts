// npm run audit:verify — walks the hash-chained audit log of the configured database (DATABASE_URL,
// else PGlite in DATA_DIR) and reports every break. Exit 0: intact; 1: broken (each row named); 2: config error.
import { ConfigError, loadConfig } from '../config/index.js';
import { verifyAuditChain } from '../server/audit/verify-audit.js';
import { openConfiguredDatabase } from '../server/server.js';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.lines) process.stderr.write(`Configuration error: ${line}\n`);
    return 2;
  }
  const database = openConfiguredDatabase(config);
  try {
    const result = await verifyAuditChain(database.db);
    process.stdout.write(`audit log: ${result.rows} rows checked (${database.driver})\n`);
    for (const problem of result.problems) {
      const what = problem.problem === 'altered' ? 'content does not match its hash (altered)' : 'does not link to the row before it (row deleted or inserted)';
      process.stdout.write(`audit row ${problem.id}: ${what}\n`);
    }
    if (result.problems.length > 0) {
      process.stderr.write(`audit log BROKEN: ${result.problems.length} problem(s), first at row ${result.problems[0]?.id}\n`);
      return 1;
    }
    process.stdout.write(`audit log intact; last hash ${result.lastHash}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
