/**
 * Publishing, revising and withdrawing. Each runs in one transaction that updates the advisory,
 * keeps the revision, appends the audit entry and writes the outbox event (DESIGN.md D4).
 */
import { assertCan, assertCanSeePendingRevision } from '../../access/assert.js';
import { isDowngrade, tlpLabel } from '../../access/tlp.js';
import { recordAudit } from '../../audit/record-audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { assertAudienceForPublishing, checkAudience, type AudienceCheck } from './audience-check.js';
import { enqueueAdvisoryEvent, enqueueAdvisoryRevokedIfNarrowed } from '../advisories.events.js';
import { matchAdvisory } from '../../matching/matching.service.js';
import { accessObjectOf, pendingAccessObjectOf, assertGermanForPublishing, assertPublishable, assertTlpChangeAllowed, assertWithdrawable, auditActorOf } from '../advisories.policy.js';
import { presentAdvisory, presentAdvisoryForEvent, type AdvisoryDto } from '../advisories.presenter.js';
import { columnsFromContent, findAdvisoryVisibleTo, insertRevision, updateAdvisory } from '../advisories.repo.js';
import type { ChangeNote } from '../advisories.schemas.js';
import type { UseCaseContext } from './context.js';
import type { DeliveryCapabilities } from '../../notifications/estimate.js';

/**
 * Publishes a draft as version 1, or a prepared revision as the next version (status `revised`).
 * A revision that lowers the TLP needs `tlp:downgrade` and is audited as `advisory.tlp_downgraded`;
 * it needs a change note, which the recipients' notifications carry.
 * @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE | TLP_DOWNGRADE_NOT_ALLOWED | GERMAN_TEXT_REQUIRED | CHANGE_NOTE_REQUIRED
 */
export async function publishAdvisory(ctx: UseCaseContext, id: string, changeNote: ChangeNote | undefined, delivery: DeliveryCapabilities): Promise<AdvisoryDto & { audienceCheck: AudienceCheck }> {
  const { principal } = ctx;
  return ctx.db.transaction(async (tx) => {
    const row = await findAdvisoryVisibleTo(tx, principal, id, true);
    if (!row) throw notFound('Advisory');
    assertCan(principal, 'publish', accessObjectOf(row), 'Advisory');
    assertCanSeePendingRevision(principal, accessObjectOf(row), pendingAccessObjectOf(row));
    assertPublishable(row);
    const first = row.status === 'draft';
    const next = row.pending ?? row.content;
    if (!first) assertTlpChangeAllowed(principal, row.tlp, next.tlp);
    assertGermanForPublishing(next);
    assertAudienceForPublishing(next);
    if (!first && !changeNote) throw new AppError('CHANGE_NOTE_REQUIRED', 'Say what changed in this revision and why (changeNote.de, optionally changeNote.en): the recipients read it in their notification.');
    const note = first ? null : (changeNote ?? null);
    // Checked before anything changes: the answer describes what this publication does.
    const audienceCheck = await checkAudience(tx, row, next, delivery);
    const now = new Date();
    const version = row.version + 1;
    const updated = await updateAdvisory(tx, id, {
      ...columnsFromContent(next),
      content: next,
      pending: null,
      status: first ? 'published' : 'revised',
      version,
      publishedAt: row.publishedAt ?? now,
      updatedAt: now,
    });
    await insertRevision(tx, { advisoryId: id, version, content: next, publishedAt: now, publishedBy: principal.kind === 'user' ? principal.userId : null, changeNote: note });
    const actor = auditActorOf(principal, ctx.ip);
    const action = first ? 'advisory.published' : 'advisory.revised';
    await recordAudit(tx, actor, { action, objectType: 'advisory', objectId: id, tlp: updated.tlp, details: { version } });
    if (!first && isDowngrade(row.tlp, next.tlp)) {
      await recordAudit(tx, actor, {
        action: 'advisory.tlp_downgraded',
        objectType: 'advisory',
        objectId: id,
        tlp: next.tlp,
        details: { version, from: tlpLabel(row.tlp), to: tlpLabel(next.tlp) },
      });
    }
    // Whoever loses access with this revision gets a revocation (just the id) instead of the content.
    if (!first) await enqueueAdvisoryRevokedIfNarrowed(tx, row, updated);
    await enqueueAdvisoryEvent(tx, action, updated, { ...presentAdvisoryForEvent(updated), ...(note ? { changeNote: note } : {}) });
    // "Does this affect us?": matched in the same transaction, so the matches and the targeted
    // events commit (or not) with the publication.
    await matchAdvisory(tx, updated);
    return { ...presentAdvisory(updated, principal), audienceCheck };
  });
}

/**
 * What publishing the draft or prepared revision would mean for whom: affected organizations
 * outside the audience, addressed organizations that are not affected (the editor shows it).
 * @throws AppError NOT_FOUND | FORBIDDEN
 */
export async function previewAudience(ctx: UseCaseContext, id: string, delivery: DeliveryCapabilities): Promise<AudienceCheck & { publishable: boolean; problem: string | null }> {
  const { principal } = ctx;
  const row = await findAdvisoryVisibleTo(ctx.db, principal, id, true);
  if (!row) throw notFound('Advisory');
  assertCan(principal, 'edit', accessObjectOf(row), 'Advisory');
  assertCanSeePendingRevision(principal, accessObjectOf(row), pendingAccessObjectOf(row));
  const next = row.pending ?? row.content;
  let problem: string | null = null;
  try {
    assertGermanForPublishing(next);
    assertAudienceForPublishing(next);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error.code;
  }
  return { ...(await checkAudience(ctx.db, row, next, delivery)), publishable: problem === null, problem };
}

/**
 * Withdraws a published advisory: it stays readable (marked withdrawn) for those who could see it.
 * @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE
 */
export async function withdrawAdvisory(ctx: UseCaseContext, id: string, reason: string | undefined): Promise<AdvisoryDto> {
  const { principal } = ctx;
  return ctx.db.transaction(async (tx) => {
    const row = await findAdvisoryVisibleTo(tx, principal, id, true);
    if (!row) throw notFound('Advisory');
    assertCan(principal, 'publish', accessObjectOf(row), 'Advisory');
    assertWithdrawable(row.status);
    const now = new Date();
    const updated = await updateAdvisory(tx, id, { status: 'withdrawn', withdrawnAt: now, updatedAt: now });
    await recordAudit(tx, auditActorOf(principal, ctx.ip), {
      action: 'advisory.withdrawn',
      objectType: 'advisory',
      objectId: id,
      tlp: updated.tlp,
      details: { version: updated.version, ...(reason ? { reason } : {}) },
    });
    await enqueueAdvisoryEvent(tx, 'advisory.withdrawn', updated, presentAdvisoryForEvent(updated));
    return presentAdvisory(updated, principal);
  });
}
