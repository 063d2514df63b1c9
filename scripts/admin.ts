// npm run admin -- create-admin --email … --name … [--organization …] [--password-stdin]
//                 | reset-password --email … [--password-stdin] | list-admins
// See server/operations/admin.command.ts.
import { runOperatorCli } from '../server/operations/cli.js';

process.exitCode = await runOperatorCli('admin', process.argv.slice(2), { readsStdin: process.argv.includes('--password-stdin') });
