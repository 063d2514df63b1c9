/**
 * Workflow rules of advisories (who may move an advisory between states, and when). Who may SEE an
 * advisory is not decided here but in server/access/ (STYLE.md: a slice's policy adds workflow only).
 */
import type { AccessObject } from '../access/policy.js';
import { isDowngrade, tlpLabel, type TlpLevel } from '../access/tlp.js';
import type { AuditActor } from '../audit/record-audit.js';
import { hasCapability, type Principal } from '../auth/principal.js';
import { AppError } from '../platform/errors.js';
import { germanTextProblems, type AdvisoryContent, type AdvisoryStatus } from './advisories.schemas.js';
import type { AdvisoryRow } from './advisories.table.js';

/** The advisory as the TLP policy sees it (its published visibility, not a pending revision's). */
export function accessObjectOf(row: AdvisoryRow): AccessObject {
  return {
    tlp: row.tlp,
    audience: { organizations: row.audienceOrganizationIds, sharingGroups: row.audienceSharingGroupIds, users: row.audienceUserIds },
    authorOrganizationId: row.authorOrganizationId,
    authorUserId: row.authorUserId,
    status: row.status,
  };
}

/** A prepared revision as the TLP policy sees it (null when there is none): what it would become. */
export function pendingAccessObjectOf(row: AdvisoryRow): AccessObject | null {
  if (!row.pending) return null;
  return {
    tlp: row.pending.tlp,
    audience: row.pending.audience,
    authorOrganizationId: row.authorOrganizationId,
    authorUserId: row.authorUserId,
    status: 'draft',
  };
}

/** Whether an advisory in this state has been published at least once (edits become revisions). */
export function isPublished(status: AdvisoryStatus): boolean {
  return status === 'published' || status === 'revised';
}

/**
 * Editing is possible for drafts and published advisories (a prepared revision); a withdrawn
 * advisory is final.
 * @throws AppError INVALID_STATE
 */
export function assertEditable(status: AdvisoryStatus): void {
  if (status === 'withdrawn') throw new AppError('INVALID_STATE', 'A withdrawn advisory cannot be changed.');
}

/**
 * Publishing needs a draft, or a published advisory with a prepared revision.
 * @throws AppError INVALID_STATE
 */
export function assertPublishable(row: AdvisoryRow): void {
  if (row.status === 'withdrawn') throw new AppError('INVALID_STATE', 'A withdrawn advisory cannot be published again.');
  if (isPublished(row.status) && !row.pending) throw new AppError('INVALID_STATE', 'There is no prepared revision to publish; PATCH the advisory first.');
}

/** @throws AppError INVALID_STATE unless the advisory is published (drafts are discarded, not withdrawn). */
export function assertWithdrawable(status: AdvisoryStatus): void {
  if (!isPublished(status)) throw new AppError('INVALID_STATE', `An advisory in state ${status} cannot be withdrawn.`);
}

/**
 * Recipients read German first: a draft may hold only the English text (as one promoted from an
 * English source does), but what is published, and so every revision of a published advisory, has
 * the German title, summary and text (and recommendations, if any).
 * @throws AppError GERMAN_TEXT_REQUIRED naming every field still without German
 */
export function assertGermanForPublishing(content: AdvisoryContent): void {
  const problems = germanTextProblems(content);
  if (problems.length > 0) throw new AppError('GERMAN_TEXT_REQUIRED', 'Write the German title, summary and text (and recommendations, if any) before publishing; the English version alone cannot be published.', problems);
}

/**
 * A prepared revision of a published advisory is published content: it keeps the German text (an
 * English-only text is for drafts only).
 * @throws AppError GERMAN_TEXT_REQUIRED naming every field whose German text the revision would drop
 */
export function assertGermanKeptInRevision(content: AdvisoryContent): void {
  const problems = germanTextProblems(content).map((problem) => ({ ...problem, message: 'A revision of a published advisory keeps its German text' }));
  if (problems.length > 0) throw new AppError('GERMAN_TEXT_REQUIRED', 'A published advisory keeps its German title, summary and text (and recommendations, if any): write the German text of each field named; only a draft may hold the English text alone.', problems);
}

/**
 * Raising visibility of a published advisory (a less restrictive TLP) needs `tlp:downgrade`; the
 * caller audits it when it takes effect.
 * @throws AppError TLP_DOWNGRADE_NOT_ALLOWED
 */
export function assertTlpChangeAllowed(principal: Principal, publishedTlp: TlpLevel, nextTlp: TlpLevel): void {
  if (!isDowngrade(publishedTlp, nextTlp)) return;
  if (hasCapability(principal, 'tlp:downgrade')) return;
  throw new AppError(
    'TLP_DOWNGRADE_NOT_ALLOWED',
    `Lowering TLP from ${tlpLabel(publishedTlp)} to ${tlpLabel(nextTlp)} after publication needs the capability tlp:downgrade.`,
  );
}

/** The actor of an audit entry for a principal. */
export function auditActorOf(principal: Principal, ip: string | null): AuditActor {
  if (principal.kind === 'user') return { userId: principal.userId, label: principal.email, ip };
  if (principal.kind === 'system') return { userId: null, label: `system:${principal.name}`, ip };
  return { userId: null, label: 'anonymous', ip };
}
