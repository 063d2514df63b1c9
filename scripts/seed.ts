// npm run db:seed — seeds the demo community into a database without organizations.
import { runOperatorCli } from '../server/operations/cli.js';

process.exitCode = await runOperatorCli('db:seed', process.argv.slice(2));
