/**
 * Quarantine of feed documents whose integrity failed (wrong hash, bad signature, a key that is
 * not the provider's): held back with the reason, listed in the source's run view, never ingested
 * on their own. A cert_admin may release one with a reason (audited): it is ingested then, the
 * integrity failure recorded as a finding on the item. A later run that receives the document
 * intact resolves the entry.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { QuarantinedDocument } from '../../feeds/feed.js';
import type { Executor } from '../platform/db/client.js';
import { feedQuarantine, type FeedQuarantineRow } from './feeds.table.js';

/** Stores this run's quarantined documents (one row per source and reference) and resolves entries whose documents arrived intact. */
export async function quarantineDocuments(tx: Executor, sourceId: string, runId: string, documents: readonly QuarantinedDocument[], arrivedExternalIds: readonly string[], now: Date): Promise<void> {
  for (const entry of documents) {
    await tx
      .insert(feedQuarantine)
      .values({ sourceId, runId, ref: entry.ref.slice(0, 2048), check: entry.check, reason: entry.reason.slice(0, 4000), externalId: entry.externalId ?? null, title: entry.title ?? null, document: entry.document ?? null, firstSeenAt: now, lastSeenAt: now })
      .onConflictDoUpdate({
        target: [feedQuarantine.sourceId, feedQuarantine.ref],
        set: { runId, check: entry.check, reason: entry.reason.slice(0, 4000), externalId: entry.externalId ?? null, title: entry.title ?? null, document: entry.document ?? null, lastSeenAt: now, attempts: sql`${feedQuarantine.attempts} + 1`, state: sql`case when ${feedQuarantine.state} = 'released' then 'released' else 'held' end` },
      });
  }
  const arrived = [...new Set(arrivedExternalIds)];
  if (arrived.length === 0) return;
  await tx
    .update(feedQuarantine)
    .set({ state: 'resolved' })
    // One JSON parameter: a full NVD or CVE import brings 100,000s of ids (bind parameters stop at 65,535).
    .where(and(eq(feedQuarantine.sourceId, sourceId), eq(feedQuarantine.state, 'held'), sql`${feedQuarantine.externalId} in (select jsonb_array_elements_text(${JSON.stringify(arrived)}::jsonb))`));
}

/** The source's quarantine, held entries first, newest first. */
export async function listQuarantine(db: Executor, sourceId: string, limit: number): Promise<FeedQuarantineRow[]> {
  return db
    .select()
    .from(feedQuarantine)
    .where(eq(feedQuarantine.sourceId, sourceId))
    .orderBy(sql`${feedQuarantine.state} = 'held' desc`, desc(feedQuarantine.lastSeenAt))
    .limit(limit);
}

/** The entry as the API shows it (the document itself only through the release). */
export function presentQuarantine(row: FeedQuarantineRow) {
  return {
    id: row.id,
    sourceId: row.sourceId,
    runId: row.runId,
    ref: row.ref,
    check: row.check,
    reason: row.reason,
    externalId: row.externalId,
    title: row.title,
    state: row.state,
    attempts: row.attempts,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    releasedAt: row.releasedAt?.toISOString() ?? null,
    releaseReason: row.releaseReason,
    itemId: row.itemId,
    hasDocument: row.document !== null,
  };
}
