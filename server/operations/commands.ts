/** Every operator command, by the name the CLI and the admin API use: the single explicit list. */
import { adminCommand } from './admin.command.js';
import { auditVerifyCommand } from './audit-verify.command.js';
import { feedsCommand } from './feeds.command.js';
import type { OperatorCommand } from './operator-command.js';
import { seedCommand } from './seed.command.js';

export const OPERATOR_COMMANDS: ReadonlyMap<string, OperatorCommand> = new Map([adminCommand, auditVerifyCommand, feedsCommand, seedCommand].map((command) => [command.name, command]));
