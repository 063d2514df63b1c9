// npm run restore -- <file> — restores a backup into DATA_DIR (server stopped; what was there is
// moved aside). See server/operations/backup.ts.
import { runRestoreCli } from '../server/operations/cli.js';

process.exitCode = await runRestoreCli(process.argv.slice(2));
