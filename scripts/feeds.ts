// npm run feeds -- run <source-key> | import <file…> | import-nvd <dir-or-file…> — runs a feed source now, or imports files
// (CSAF document, STIX bundle, MISP event, KEV JSON, CVE 5 record). With the embedded database and a
// server running on it, the command runs inside that server (one writer, DESIGN.md D10); else here.
// Exit 0: done; 1: a run failed or a file was rejected; 2: usage or configuration error; 3: the data
// directory is busy. See server/feeds/cli.ts, server/operations/cli.ts and docs/feeds.md.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runOperatorCli } from '../server/operations/cli.js';

// File arguments name files of the operator's directory; the server may run elsewhere.
const argv = process.argv.slice(2).map((arg) => (!arg.startsWith('-') && existsSync(arg) ? resolve(arg) : arg));
process.exitCode = await runOperatorCli('feeds', argv);
