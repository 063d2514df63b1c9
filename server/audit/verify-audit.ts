import { asc, gt } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { auditLog } from './audit.table.js';
import { GENESIS_HASH, hashAuditRow } from './audit.hash.js';

/** One break in the chain: the row and what is wrong with it. */
export type AuditChainProblem = { id: number; problem: 'altered' | 'broken_link' };

export type AuditVerification = { rows: number; problems: AuditChainProblem[]; lastHash: string };

/**
 * Walks the whole chain in id order. A changed row fails its own hash ("altered"); a deleted or
 * inserted row breaks the link of the row after it ("broken_link").
 */
export async function verifyAuditChain(db: Executor, batchSize = 5000): Promise<AuditVerification> {
  const problems: AuditChainProblem[] = [];
  let expectedPrev = GENESIS_HASH;
  let lastId = 0;
  let rows = 0;
  for (;;) {
    const batch = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(batchSize);
    if (batch.length === 0) break;
    for (const row of batch) {
      rows += 1;
      const { hash, ...content } = row;
      if (row.prevHash !== expectedPrev) problems.push({ id: row.id, problem: 'broken_link' });
      if (hashAuditRow(content) !== hash) problems.push({ id: row.id, problem: 'altered' });
      expectedPrev = hash;
      lastId = row.id;
    }
  }
  return { rows, problems, lastHash: expectedPrev };
}
