/**
 * Published revisions of an advisory and the differences between them. A revision is shown only
 * when the principal may see the advisory now AND may see that revision under its own TLP and
 * audience: lowering the TLP later must not open up what an earlier, stricter revision said.
 */
import { canView } from '../../access/policy.js';
import { tlpLabel } from '../../access/tlp.js';
import { notFound } from '../../platform/errors.js';
import { diffFields, type FieldChange } from '../advisories.diff.js';
import { presentRevision } from '../advisories.presenter.js';
import { findAdvisoryVisibleTo, listRevisions } from '../advisories.repo.js';
import type { AdvisoryRevisionRow, AdvisoryRow } from '../advisories.table.js';
import type { UseCaseContext } from './context.js';

function revisionVisible(ctx: UseCaseContext, advisory: AdvisoryRow, revision: AdvisoryRevisionRow): boolean {
  return canView(ctx.principal, {
    tlp: revision.content.tlp,
    audience: revision.content.audience,
    authorOrganizationId: advisory.authorOrganizationId,
    authorUserId: advisory.authorUserId,
    status: 'published',
  });
}

async function visibleRevisions(ctx: UseCaseContext, id: string): Promise<AdvisoryRevisionRow[]> {
  const advisory = await findAdvisoryVisibleTo(ctx.db, ctx.principal, id);
  if (!advisory) throw notFound('Advisory');
  const revisions = await listRevisions(ctx.db, id);
  return revisions.filter((revision) => revisionVisible(ctx, advisory, revision));
}

/** The list of published revisions (oldest first). @throws AppError NOT_FOUND */
export async function listAdvisoryVersions(ctx: UseCaseContext, id: string) {
  const revisions = await visibleRevisions(ctx, id);
  return {
    items: revisions.map((revision) => ({
      version: revision.version,
      publishedAt: revision.publishedAt.toISOString(),
      publishedBy: revision.publishedBy,
      title: revision.content.title,
      tlp: tlpLabel(revision.content.tlp),
      severity: revision.content.severity,
      changeNote: revision.changeNote ?? null,
    })),
    next: null,
  };
}

async function revisionOf(ctx: UseCaseContext, id: string, version: number): Promise<AdvisoryRevisionRow> {
  const revision = (await visibleRevisions(ctx, id)).find((candidate) => candidate.version === version);
  if (!revision) throw notFound('Advisory revision');
  return revision;
}

/** One published revision's full content. @throws AppError NOT_FOUND */
export async function getAdvisoryVersion(ctx: UseCaseContext, id: string, version: number) {
  return presentRevision(await revisionOf(ctx, id, version));
}

/** The changed fields from revision `from` to revision `to`. @throws AppError NOT_FOUND */
export async function diffAdvisoryVersions(ctx: UseCaseContext, id: string, from: number, to: number): Promise<{ from: number; to: number; changes: FieldChange[] }> {
  const [before, after] = [await revisionOf(ctx, id, from), await revisionOf(ctx, id, to)];
  return { from, to, changes: diffFields(before.content, after.content) };
}
