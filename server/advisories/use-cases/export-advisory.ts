/** STIX 2.1 export of a published advisory; exports of AMBER, AMBER+STRICT and RED are audited. */
import { assertCanView } from '../../access/assert.js';
import { isMoreRestrictive } from '../../access/tlp.js';
import { recordAuditNow } from '../../audit/record-audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { accessObjectOf, auditActorOf } from '../advisories.policy.js';
import { findAdvisoryVisibleTo } from '../advisories.repo.js';
import { advisoryToStixBundle } from '../advisories.stix.js';
import type { UseCaseContext } from './context.js';

/**
 * The advisory's STIX bundle, validated by the strict STIX schemas.
 * @throws AppError NOT_FOUND | INVALID_STATE (drafts are not exported) | UNPROCESSABLE_CONTENT
 */
export async function exportAdvisoryStix(ctx: UseCaseContext, id: string) {
  const row = await findAdvisoryVisibleTo(ctx.db, ctx.principal, id);
  if (!row) throw notFound('Advisory');
  assertCanView(ctx.principal, accessObjectOf(row), 'Advisory');
  if (row.status === 'draft') throw new AppError('INVALID_STATE', 'Only published advisories are exported.');
  const bundle = advisoryToStixBundle(row);
  if (isMoreRestrictive(row.tlp, 'green')) {
    await recordAuditNow(ctx.db, auditActorOf(ctx.principal, ctx.ip), {
      action: 'advisory.exported',
      objectType: 'advisory',
      objectId: id,
      tlp: row.tlp,
      details: { format: 'stix-2.1', version: row.version },
    });
  }
  return bundle;
}
