/**
 * Releasing a quarantined document (a cert_admin's decision, with a reason; the route audits it):
 * the document is accepted like any other of its source — with its validation findings — plus a
 * finding that records the integrity failure and who released it and why, and ingested into the
 * source in one transaction. Only source types whose documents can be quarantined have a release.
 */
import { and, eq } from 'drizzle-orm';
import { acceptCsafDocument } from '../../feeds/csaf/index.js';
import { FeedItemDraftSchema } from '../../feeds/feed.js';
import type { Database } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { feedItems, feedQuarantine, type FeedSourceRow } from './feeds.table.js';
import { ingestRunOutput } from './ingest.js';
import { presentQuarantine } from './quarantine.js';

export type ReleaseInput = { reason: string; userId: string; email: string; now: Date };

/**
 * @returns the entry, released, with the id of the item it became
 * @throws NOT_FOUND (no such entry of the source) | INVALID_STATE (not held, no document kept) | UNPROCESSABLE_CONTENT (not acceptable even with findings)
 */
export async function releaseQuarantined(db: Database, source: FeedSourceRow, entryId: string, input: ReleaseInput) {
  return db.transaction(async (tx) => {
    const [entry] = await tx.select().from(feedQuarantine).where(and(eq(feedQuarantine.id, entryId), eq(feedQuarantine.sourceId, source.id))).for('update');
    if (!entry) throw notFound('Quarantine entry');
    if (entry.state !== 'held') throw new AppError('INVALID_STATE', `This document is ${entry.state} already.`);
    if (!entry.document) throw new AppError('INVALID_STATE', 'The document was not JSON when it arrived; nothing is kept that could be released.');
    if (source.type !== 'csaf-provider') throw new AppError('INVALID_STATE', `Documents of ${source.type} sources cannot be released.`);
    const finding = { test: `integrity:${entry.check}`, path: '', message: `Released from quarantine by ${input.email} on ${input.now.toISOString()}: ${input.reason} — integrity failure: ${entry.reason}`.slice(0, 2000) };
    let accepted;
    try {
      accepted = await acceptCsafDocument(entry.document, { defaultTlp: source.defaultTlp, ...(/^https?:/.test(entry.ref) ? { url: entry.ref } : {}) }, [finding]);
    } catch (error) {
      throw new AppError('UNPROCESSABLE_CONTENT', `The document cannot be accepted: ${error instanceof Error ? error.message : String(error)}`);
    }
    const item = FeedItemDraftSchema.parse(accepted.item);
    await ingestRunOutput(tx, source, { items: [item], stixObjects: [], enrichments: [], cursor: source.cursor }, input.now);
    const [stored] = await tx.select({ id: feedItems.id }).from(feedItems).where(and(eq(feedItems.sourceId, source.id), eq(feedItems.externalId, item.externalId)));
    const [row] = await tx
      .update(feedQuarantine)
      .set({ state: 'released', releasedBy: input.userId, releasedAt: input.now, releaseReason: input.reason, itemId: stored?.id ?? null })
      .where(eq(feedQuarantine.id, entry.id))
      .returning();
    return presentQuarantine(row!);
  });
}
