// npm run audit:verify — walks the hash-chained audit log of the configured database (DATABASE_URL,
// else the embedded database in DATA_DIR, through the running server when one holds it) and reports
// every break. Exit 0: intact; 1: broken (each row named); 2: configuration error or no database.
import { runOperatorCli } from '../server/operations/cli.js';

process.exitCode = await runOperatorCli('audit:verify', process.argv.slice(2));
