/**
 * Promotion: a card becomes an advisory DRAFT through the advisories use case, prefilled from the
 * promoted item and the items correlated with it by CVE — each language from the items that have it:
 * German text (BSI) into the German fields, English text (CISA KEV, NVD, English CSAF) into the
 * English ones; without a German source the German fields stay empty for the analyst to write
 * (publishing needs them); all CVEs, products, CVSS vectors and references of the card; the severity the source
 * gave, else derived from the highest CVSS score; `source` names the feed. The item is linked to the
 * draft (state `promoted`); the promotion is audited. All in one transaction.
 */
import { eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { recordAudit } from '../audit/record-audit.js';
import { requireUser, type Principal } from '../auth/principal.js';
import { mostRestrictive, type TlpLevel } from '../access/tlp.js';
import { createAdvisory } from '../advisories/use-cases/write-advisory.js';
import { AdvisoryContentSchema } from '../advisories/advisories.schemas.js';
import type { AdvisoryDto } from '../advisories/advisories.presenter.js';
import type { Database, Executor } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { parseOrThrow } from '../platform/http/validate.js';
import { safeParseCvssVector } from '../vulnerabilities/cvss.js';
import { compareBsiSeverity, severityFromCvss, type BsiSeverity } from '../vulnerabilities/bsi-severity.js';
import { safeParseCpe } from '../products/cpe.js';
import { enrichmentsFor, findFeedItem, relatedItems } from './inbox.js';
import { feedItems, feedSources, type FeedItemRow } from './feeds.table.js';

type Localized = { de?: string | undefined; en?: string | undefined };

/**
 * The first German and the first English text of the items (BSI first: they come in priority order),
 * each in its own language's field; `de` is empty when no item has German text.
 */
function pick(texts: Localized[]): { de: string; en?: string } | undefined {
  const de = texts.find((text) => text.de?.trim())?.de?.trim() ?? '';
  const en = texts.find((text) => text.en?.trim())?.en?.trim();
  if (de) return en ? { de, en } : { de };
  return en ? { de: '', en } : undefined;
}

function clip(text: { de: string; en?: string }, max: number): { de: string; en?: string } {
  const cut = (value: string) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);
  return text.en ? { de: cut(text.de), en: cut(text.en) } : { de: cut(text.de) };
}

/** Items with German text first, then by source kind (advisories before vulnerability records). */
function priority(row: FeedItemRow): number {
  return (row.titleDe ? 0 : 2) + (row.kind === 'advisory' ? 0 : 1);
}

export type PromotionDraft = z.input<typeof AdvisoryContentSchema>;

/** The prefilled advisory content for a card (exported for the preview and tests). */
export async function draftFromCard(db: Executor, item: FeedItemRow, related: FeedItemRow[], sourceName: string, tlpOverride?: TlpLevel): Promise<PromotionDraft> {
  const items = [item, ...related].sort((a, b) => priority(a) - priority(b) || (a.id === item.id ? -1 : b.id === item.id ? 1 : 0));
  const cves = [...new Set(items.flatMap((row) => row.cves))].sort();
  const enrichments = await enrichmentsFor(db, cves);
  const nvdDescriptions = enrichments.map((enrichment) => (typeof enrichment.nvd?.description === 'string' ? enrichment.nvd.description : undefined)).filter((text): text is string => !!text);
  const title = pick(items.map((row) => ({ de: row.titleDe ?? undefined, en: row.titleEn ?? undefined }))) ?? { de: cves.join(', ') || item.externalId };
  const summary = pick(items.map((row) => row.content.summary)) ?? (nvdDescriptions[0] ? { de: '', en: nvdDescriptions[0] } : title);
  const remediation = pick(items.map((row) => row.content.remediation));
  const kev = enrichments.filter((enrichment) => enrichment.kev);
  // The body adds NVD's description and the KEV note to the summary, in the language the summary
  // has: German when a German source exists (English stays the English summary), else English only.
  const german = summary.de !== '';
  const lead = german ? summary.de : (summary.en ?? '');
  const bodyParts = [lead];
  if (nvdDescriptions.length > 0 && nvdDescriptions[0] !== lead) bodyParts.push(`NVD: ${nvdDescriptions.join('\n\n')}`);
  if (kev.length > 0) bodyParts.push(german ? `CISA KEV (aktiv ausgenutzt): ${kev.map((enrichment) => enrichment.cve).join(', ')}` : `CISA KEV (actively exploited): ${kev.map((enrichment) => enrichment.cve).join(', ')}`);
  const body = german ? { de: bodyParts.join('\n\n'), ...(summary.en ? { en: summary.en } : {}) } : { de: '', en: bodyParts.join('\n\n') };
  const cvss = [...new Set([...items.flatMap((row) => row.content.cvss), ...enrichments.flatMap((enrichment) => (Array.isArray(enrichment.nvd?.cvss) ? (enrichment.nvd.cvss as string[]) : []))])]
    .filter((vector) => safeParseCvssVector(vector).success)
    .slice(0, 10);
  const scores = cvss.map((vector) => {
    const parsed = safeParseCvssVector(vector);
    return parsed.success ? parsed.data.baseScore : 0;
  });
  const severities = items.map((row) => row.severity).filter((value): value is BsiSeverity => value === 'niedrig' || value === 'mittel' || value === 'hoch' || value === 'kritisch');
  const severity: BsiSeverity = severities.sort(compareBsiSeverity).at(-1) ?? (scores.length > 0 ? severityFromCvss(Math.max(...scores)) : kev.length > 0 ? 'hoch' : 'mittel');
  const seenProducts = new Set<string>();
  const products = items
    .flatMap((row) => row.products)
    .filter((product) => {
      const key = `${product.vendor}|${product.product}|${product.cpe ?? ''}|${JSON.stringify(product.versions)}`;
      if (seenProducts.has(key)) return false;
      seenProducts.add(key);
      return true;
    })
    .map((product) => ({ ...product, cpe: product.cpe && safeParseCpe(product.cpe).success ? product.cpe : undefined }))
    .slice(0, 500);
  const references = [...new Set(items.flatMap((row) => [...(row.url ? [row.url] : []), ...row.content.references]))].filter((url) => URL.canParse(url) && new URL(url).protocol === 'https:').slice(0, 200);
  const tlp = tlpOverride ?? mostRestrictive(...items.map((row) => row.tlp));
  return {
    title: clip(title, 300),
    summary: clip(summary, 5_000),
    body: clip(body, 200_000),
    severity,
    cvss,
    cves,
    products,
    ...(remediation ? { recommendations: clip(remediation, 50_000) } : {}),
    references,
    tlp,
    source: `feed:${sourceName}`.slice(0, 200),
  };
}

/**
 * Promotes an item (with its CVE-correlated card) to an advisory draft.
 * @throws AppError NOT_FOUND | INVALID_STATE (already promoted) | UNPROCESSABLE_CONTENT
 */
export async function promoteFeedItem(db: Database, principal: Principal, id: string, options: { tlp?: TlpLevel | undefined; warningOverride?: { reason: string } | undefined; ip: string | null; now: Date }): Promise<{ advisory: AdvisoryDto; itemId: string }> {
  const user = requireUser(principal);
  return db.transaction(async (tx) => {
    const item = await findFeedItem(tx, principal, id);
    if (!item) throw notFound('Feed item');
    if (item.state === 'promoted' && item.promotedAdvisoryId) throw new AppError('INVALID_STATE', 'This item has already been promoted.');
    const related = await relatedItems(tx, principal, item.cves, [item.id]);
    // Indicators on a warninglist (8.8.8.8 as "C2", a private address, the empty-file hash) are
    // not promoted by accident: the analyst confirms each card's flags with a reason (audited).
    const flagged = [item, ...related].flatMap((row) => row.warnings);
    if (flagged.length > 0 && !options.warningOverride) {
      throw new AppError(
        'INDICATORS_FLAGGED',
        `${flagged.length} indicator(s) of this card are on a warninglist; promote with warningOverride.reason if they are really malicious.`,
        flagged.slice(0, 50).map((warning, index) => ({ path: `warnings.${index}`, message: `${warning.value} (${warning.type}): ${warning.flags.map((flag) => `${flag.listName} — ${flag.reason.en}`).join('; ')}` })),
      );
    }
    const [source] = await tx.select({ name: feedSources.name }).from(feedSources).where(eq(feedSources.id, item.sourceId));
    const draft = await draftFromCard(tx, item, related, source?.name ?? 'feed', options.tlp);
    const content = parseOrThrow(AdvisoryContentSchema, draft, 'body', 'UNPROCESSABLE_CONTENT');
    const advisory = await createAdvisory({ db: tx, principal, ip: options.ip }, content);
    // The correlated items of the same card count as handled by this advisory too.
    const open = related.filter((row) => row.state === 'new' || row.state === 'seen').map((row) => row.id);
    await tx
      .update(feedItems)
      .set({ state: 'promoted', promotedAdvisoryId: advisory.id, triagedBy: user.userId, triagedAt: options.now, upstreamUpdatedAt: null })
      .where(inArray(feedItems.id, [item.id, ...open]));
    await recordAudit(
      tx,
      { userId: user.userId, label: user.email, ip: options.ip },
      { action: 'feed_item.promoted', objectType: 'feed_item', objectId: item.id, tlp: item.tlp, details: { advisoryId: advisory.id, correlatedItemIds: open, cves: content.cves, ...(flagged.length > 0 ? { warningOverride: { reason: options.warningOverride!.reason, flagged: flagged.slice(0, 50).map((warning) => ({ value: warning.value, type: warning.type, lists: warning.flags.map((flag) => flag.list) })) } } : {}) } },
      options.now,
    );
    return { advisory, itemId: item.id };
  });
}
