/** Feed items for the one search box: title, external id or CVE matched, only what `feedItemVisibleTo` lets through. */
import { and, desc, sql } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import { feedItemVisibleTo } from '../access/visible-to.js';
import type { Executor } from '../platform/db/client.js';
import { feedItems } from './feeds.table.js';

export type FeedItemSearchRow = { id: string; externalId: string; titleDe: string | null; titleEn: string | null; severity: string | null; tlp: string; state: string; cves: string[]; updatedAt: Date };

function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/** Matching feed items, most recently updated first; one extra row tells there is more. */
export async function searchFeedItemsVisibleTo(db: Executor, principal: Principal, text: string, limit: number, offset: number): Promise<FeedItemSearchRow[]> {
  const pattern = likePattern(text);
  return db
    .select({ id: feedItems.id, externalId: feedItems.externalId, titleDe: feedItems.titleDe, titleEn: feedItems.titleEn, severity: feedItems.severity, tlp: feedItems.tlp, state: feedItems.state, cves: feedItems.cves, updatedAt: feedItems.updatedAt })
    .from(feedItems)
    .where(
      and(
        feedItemVisibleTo(principal),
        sql`(${feedItems.titleDe} ilike ${pattern} or ${feedItems.titleEn} ilike ${pattern} or ${feedItems.externalId} ilike ${pattern} or array_to_string(${feedItems.cves}, ' ') ilike ${pattern})`,
      ),
    )
    .orderBy(desc(feedItems.updatedAt), desc(feedItems.id))
    .limit(limit + 1)
    .offset(offset);
}
