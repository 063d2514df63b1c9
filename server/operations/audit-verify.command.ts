/**
 * `npm run audit:verify`: walks the hash-chained audit log and reports every break.
 * Exit 0: intact; 1: broken (each row named).
 */
import { verifyAuditChain } from '../audit/verify-audit.js';
import { EXIT, type OperatorCommand } from './operator-command.js';

export const auditVerifyCommand: OperatorCommand = {
  name: 'audit:verify',
  async run(_argv, { database, out, err, via }) {
    const result = await verifyAuditChain(database.db);
    out(`audit log: ${result.rows} rows checked (${database.driver}${via === 'server' ? ', through the running server' : ''})\n`);
    for (const problem of result.problems) {
      const what = problem.problem === 'altered' ? 'content does not match its hash (altered)' : 'does not link to the row before it (row deleted or inserted)';
      out(`audit row ${problem.id}: ${what}\n`);
    }
    if (result.problems.length > 0) {
      err(`audit log BROKEN: ${result.problems.length} problem(s), first at row ${result.problems[0]?.id}\n`);
      return EXIT.failed;
    }
    out(`audit log intact; last hash ${result.lastHash}\n`);
    return EXIT.ok;
  },
};
