// npm run backup -- <file> — a backup of the embedded database, its secrets and attachments
// (through the running server when one holds DATA_DIR). See server/operations/backup.ts.
import { runBackupCli } from '../server/operations/cli.js';

process.exitCode = await runBackupCli(process.argv.slice(2));
