import { expect } from 'chai';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '../../../server/platform/db/client.js';
import { auditLog } from '../../../server/audit/audit.table.js';
import { recordAuditNow } from '../../../server/audit/record-audit.js';
import { verifyAuditChain } from '../../../server/audit/verify-audit.js';
import { createTestDatabase } from '../../support/database.js';

describe('audit log hash chain', () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await createTestDatabase();
    for (let index = 0; index < 5; index += 1) {
      await recordAuditNow(database.db, { userId: null, label: `tester-${index}`, ip: '127.0.0.1' }, {
        action: 'test.recorded',
        objectType: 'advisory',
        objectId: `adv-${index}`,
        tlp: 'amber',
        details: { index, nested: { b: 1, a: [1, 2] } },
      });
    }
  });
  afterEach(async () => database.close());

  it('verifies an untouched chain', async () => {
    const result = await verifyAuditChain(database.db);
    expect(result.rows).to.equal(5);
    expect(result.problems).to.deep.equal([]);
  });

  it('names a row whose content was changed', async () => {
    const [third] = await database.db.select().from(auditLog).orderBy(auditLog.id).offset(2).limit(1);
    await database.db.update(auditLog).set({ actor: 'someone-else' }).where(eq(auditLog.id, third!.id));
    const result = await verifyAuditChain(database.db);
    expect(result.problems).to.deep.equal([{ id: third!.id, problem: 'altered' }]);
  });

  it('detects a deleted row at the row after it', async () => {
    const rows = await database.db.select().from(auditLog).orderBy(auditLog.id);
    await database.db.delete(auditLog).where(eq(auditLog.id, rows[1]!.id));
    const result = await verifyAuditChain(database.db);
    expect(result.problems).to.deep.equal([{ id: rows[2]!.id, problem: 'broken_link' }]);
  });

  it('keeps one chain under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, index) => recordAuditNow(database.db, { userId: null, label: 'parallel' }, { action: 'test.parallel', details: { index } })),
    );
    const result = await verifyAuditChain(database.db);
    expect(result.rows).to.equal(15);
    expect(result.problems).to.deep.equal([]);
    const [row] = await queryRows<{ count: number }>(database.db, sql`select count(distinct prev_hash)::int as count from audit_log`);
    expect(row?.count).to.equal(15);
  });
});
