/**
 * The advisories the sharing channels publish (CSAF provider, RSS/Atom): published, revised or
 * withdrawn, of the given TLP levels, only those the principal may see (`visibleTo`), and for CSAF
 * only the CERT's own (`source = 'own'`: advisories promoted from feeds stay with their original
 * publisher).
 */
import { and, asc, desc, eq, inArray, max, ne } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import type { TlpLevel } from '../access/tlp.js';
import { visibleTo } from '../access/visible-to.js';
import { ADVISORY_VISIBILITY } from '../advisories/advisories.repo.js';
import { advisories, advisoryColumns, advisoryRevisions, type AdvisoryRow } from '../advisories/advisories.table.js';
import type { Executor } from '../platform/db/client.js';

export type CsafAdvisoryRow = AdvisoryRow & { status: 'published' | 'revised' | 'withdrawn'; lastRevisionAt: Date };

function published(principal: Principal, levels: readonly TlpLevel[], ownOnly = true, withWithdrawn = true) {
  return and(ownOnly ? eq(advisories.source, 'own') : undefined, ne(advisories.status, 'draft'), withWithdrawn ? undefined : ne(advisories.status, 'withdrawn'), inArray(advisories.tlp, [...levels]), visibleTo(principal, ADVISORY_VISIBILITY));
}

/**
 * The provider's advisories of `levels` the principal may see, most recently changed first;
 * `ownOnly: false` includes advisories promoted from feeds (the RSS feed lists those too),
 * `withWithdrawn: false` leaves withdrawn ones out.
 */
export async function listCsafAdvisories(db: Executor, principal: Principal, levels: readonly TlpLevel[], options: { ownOnly?: boolean; withWithdrawn?: boolean; limit?: number } = {}): Promise<CsafAdvisoryRow[]> {
  const rows = await db
    .select({ advisory: advisoryColumns, lastRevisionAt: max(advisoryRevisions.publishedAt) })
    .from(advisories)
    .innerJoin(advisoryRevisions, eq(advisoryRevisions.advisoryId, advisories.id))
    .where(published(principal, levels, options.ownOnly ?? true, options.withWithdrawn ?? true))
    .groupBy(advisories.id)
    .orderBy(desc(max(advisoryRevisions.publishedAt)), asc(advisories.id))
    .limit(options.limit ?? 100_000);
  return rows.map((row) => ({ ...row.advisory, status: row.advisory.status as CsafAdvisoryRow['status'], lastRevisionAt: new Date(row.lastRevisionAt ?? row.advisory.updatedAt) }));
}

/** One provider advisory the principal may see, by id. */
export async function findCsafAdvisory(db: Executor, principal: Principal, levels: readonly TlpLevel[], id: string): Promise<CsafAdvisoryRow | undefined> {
  const rows = await db
    .select({ advisory: advisoryColumns, lastRevisionAt: max(advisoryRevisions.publishedAt) })
    .from(advisories)
    .innerJoin(advisoryRevisions, eq(advisoryRevisions.advisoryId, advisories.id))
    .where(and(eq(advisories.id, id), published(principal, levels)))
    .groupBy(advisories.id);
  const [row] = rows;
  return row && { ...row.advisory, status: row.advisory.status as CsafAdvisoryRow['status'], lastRevisionAt: new Date(row.lastRevisionAt ?? row.advisory.updatedAt) };
}

/** Version numbers and dates of an advisory's revisions (no content: the history lists dates only). */
export async function revisionDates(db: Executor, advisoryId: string): Promise<{ version: number; publishedAt: Date }[]> {
  return db
    .select({ version: advisoryRevisions.version, publishedAt: advisoryRevisions.publishedAt })
    .from(advisoryRevisions)
    .where(eq(advisoryRevisions.advisoryId, advisoryId))
    .orderBy(asc(advisoryRevisions.version));
}
