/**
 * Open exposures: an organization whose inventory matches a published advisory (its current
 * revision) and that has not closed the matter (answered "mitigated" or "not affected"). Read only
 * for advisories the caller may see and only for organizations in the caller's exposure scope
 * (server/access/situation.ts), so a municipality never learns about another's.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Settings } from '../../config/settings.schema.js';
import { scopeCovers, type ExposureScope } from '../access/situation.js';
import { visibleTo } from '../access/visible-to.js';
import { currentAcknowledgements } from '../acknowledgements/acknowledgements.service.js';
import { deadlineHours } from '../acknowledgements/coverage.service.js';
import { ADVISORY_VISIBILITY } from '../advisories/advisories.repo.js';
import { advisories } from '../advisories/advisories.table.js';
import type { Principal } from '../auth/principal.js';
import { advisoryAffected, advisoryMatches } from '../matching/matching.table.js';
import type { Executor } from '../platform/db/client.js';

export type Exposure = {
  advisory: { id: string; title: { de: string; en?: string | undefined }; severity: string };
  organization: { id: string; name: string };
  dueAt: string | null;
  overdue: boolean;
  answered: boolean;
  status: string | null;
};

const CLOSED = new Set(['mitigated', 'not_affected']);

/** Every open exposure the caller may see, overdue and most severe first. */
export async function openExposures(db: Executor, principal: Principal, scope: ExposureScope, settings: Settings, names: ReadonlyMap<string, string>, now: Date): Promise<Exposure[]> {
  const rows = await db
    .selectDistinct({
      advisoryId: advisoryMatches.advisoryId,
      organizationId: advisoryMatches.organizationId,
      title: advisories.content,
      severity: advisories.severity,
      firstMatchedAt: advisoryAffected.firstMatchedAt,
    })
    .from(advisoryMatches)
    .innerJoin(advisories, eq(advisories.id, advisoryMatches.advisoryId))
    .leftJoin(advisoryAffected, and(eq(advisoryAffected.advisoryId, advisoryMatches.advisoryId), eq(advisoryAffected.organizationId, advisoryMatches.organizationId)))
    .where(and(inArray(advisories.status, ['published', 'revised']), visibleTo(principal, ADVISORY_VISIBILITY)));
  const inScope = rows.filter((row) => scopeCovers(scope, row.organizationId));
  const acks = await currentAcknowledgements(db, [...new Set(inScope.map((row) => row.advisoryId))]);
  const exposures: Exposure[] = [];
  for (const row of inScope) {
    const ack = acks.get(`${row.advisoryId}|${row.organizationId}`) ?? null;
    if (ack && CLOSED.has(ack.status)) continue;
    const due = row.firstMatchedAt ? new Date(row.firstMatchedAt.getTime() + deadlineHours(settings, row.severity) * 3_600_000) : null;
    exposures.push({
      advisory: { id: row.advisoryId, title: row.title.title, severity: row.severity },
      organization: { id: row.organizationId, name: names.get(row.organizationId) ?? '' },
      dueAt: due?.toISOString() ?? null,
      overdue: ack === null && due !== null && due < now,
      answered: ack !== null,
      status: ack?.status ?? null,
    });
  }
  const rank: Record<string, number> = { kritisch: 0, hoch: 1, mittel: 2, niedrig: 3 };
  return exposures.sort((a, b) => Number(b.overdue) - Number(a.overdue) || Number(a.answered) - Number(b.answered) || (rank[a.advisory.severity] ?? 9) - (rank[b.advisory.severity] ?? 9) || (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
}
