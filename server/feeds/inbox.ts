/**
 * The triage inbox: feed items correlated by CVE into cards. A card is keyed by the lowest CVE id
 * of its items (an item without CVEs is its own card), holds every filtered item with that key, and
 * shows beside them the other items sharing any of the card's CVEs (`related`: BSI text next to the
 * KEV entry, NVD's record, the vendor advisory) and the CVEs' enrichments (KEV status, EPSS, NVD
 * description). Cards page by (newest item update, key). Every query applies `feedItemVisibleTo`.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { feedItemVisibleTo } from '../access/visible-to.js';
import { queryRows, type Executor } from '../platform/db/client.js';
import { CursorKey, defineCursor } from '../platform/http/cursor.js';
import { AffectedLookup, type AffectedOrganizationDto } from './affected.js';
import { kevProducts } from '../../feeds/cisa-kev/cisa-kev.parse.js';
import { loadAliasIndex } from '../products/product-aliases.service.js';
import { buildPicture, kevEnrichmentProducts, matchableProducts, type PictureProduct, type SourcedProduct } from './product-picture.js';
import { cveEnrichments, feedItems, feedSources, type FeedItemRow, type FeedItemState } from './feeds.table.js';

export type InboxFilter = {
  /** Default: open items (new and seen). */
  state?: FeedItemState | 'open' | 'all';
  kev?: boolean;
  epssMin?: number;
  vendor?: string;
  product?: string;
  /** Source key or id. */
  source?: string;
  q?: string;
  /** Only items accepted with findings. */
  findings?: boolean;
  /** Only items with indicators on a warninglist. */
  warnings?: boolean;
};

export type FeedItemDto = {
  id: string;
  source: { id: string; key: string; name: string; type: string };
  externalId: string;
  kind: FeedItemRow['kind'];
  title: { de: string | null; en: string | null };
  summary: { de?: string; en?: string };
  remediation: { de?: string; en?: string };
  url: string | null;
  published: string | null;
  sourceUpdated: string | null;
  revision: string | null;
  cves: string[];
  severity: string | null;
  cvssScore: number | null;
  cvss: string[];
  products: FeedItemRow['products'];
  references: string[];
  tlp: string;
  /** Checks the source document failed (accepted with findings); empty for a clean document. */
  findings: FeedItemRow['findings'];
  /** Indicators of the item on a warninglist (list, category, reason each); promotion needs an override. */
  warnings: FeedItemRow['warnings'];
  state: FeedItemState;
  promotedAdvisoryId: string | null;
  upstreamUpdatedAt: string | null;
  firstSeenAt: string;
  updatedAt: string;
};

export type EnrichmentDto = {
  cve: string;
  kev: Record<string, unknown> | null;
  epss: { score: number; percentile: number | null; date: string | null } | null;
  nvd: Record<string, unknown> | null;
  /** ENISA EUVD: id, exploitation status, products. */
  euvd: Record<string, unknown> | null;
};

/**
 * `affected`: constituent organizations whose inventory runs a product of the card's items or of
 * the correlated ones (matching engine, not stored).
 */
export type InboxCard = { key: string; cves: string[]; updatedAt: string; items: FeedItemDto[]; related: FeedItemDto[]; enrichments: EnrichmentDto[]; products: PictureProduct[]; affected: AffectedOrganizationDto[] };

/**
 * The products of items (each with its source) and of the enrichments of their CVEs that no item
 * already stands for (the KEV entry's vendor/product when the KEV item is not in the inbox).
 */
export function sourcedProductsOf(items: readonly FeedItemDto[], enrichments: readonly EnrichmentDto[]): SourcedProduct[] {
  const products: SourcedProduct[] = items.flatMap((item) => item.products.map((product) => ({ ...product, source: { kind: 'item' as const, sourceKey: item.source.key, sourceName: item.source.name, sourceType: item.source.type, itemId: item.id } })));
  const kevItems = new Set(items.filter((item) => item.source.type === 'cisa-kev').flatMap((item) => item.cves));
  for (const enrichment of enrichments) {
    if (kevItems.has(enrichment.cve)) continue;
    for (const product of kevEnrichmentProducts(enrichment.kev, kevProducts)) products.push({ ...product, source: { kind: 'enrichment', sourceKey: 'cisa-kev', sourceName: 'CISA KEV', sourceType: 'cisa-kev', itemId: null } });
  }
  // EUVD names products too; its item carries them with ranges, the enrichment only when the item is not in the inbox.
  const euvdItems = new Set(items.filter((item) => item.source.type === 'euvd').flatMap((item) => item.cves));
  for (const enrichment of enrichments) {
    const euvd = enrichment.euvd as { products?: { vendor: string; product: string }[] } | null;
    if (!euvd?.products || euvdItems.has(enrichment.cve)) continue;
    for (const product of euvd.products) products.push({ vendor: product.vendor, product: product.product, versions: [], source: { kind: 'enrichment', sourceKey: 'euvd', sourceName: 'ENISA EUVD', sourceType: 'euvd', itemId: null } });
  }
  return products;
}

type SourceInfo = FeedItemDto['source'];

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function presentFeedItem(row: FeedItemRow, source: SourceInfo): FeedItemDto {
  const content = row.content;
  return {
    id: row.id,
    source,
    externalId: row.externalId,
    kind: row.kind,
    title: { de: row.titleDe, en: row.titleEn },
    summary: content.summary,
    remediation: content.remediation,
    url: row.url,
    published: iso(row.published),
    sourceUpdated: iso(row.sourceUpdated),
    revision: row.revision,
    cves: row.cves,
    severity: row.severity,
    cvssScore: row.cvssScore,
    cvss: content.cvss,
    products: row.products,
    references: content.references,
    tlp: row.tlp,
    findings: row.findings,
    warnings: row.warnings,
    state: row.state,
    promotedAdvisoryId: row.promotedAdvisoryId,
    upstreamUpdatedAt: iso(row.upstreamUpdatedAt),
    firstSeenAt: row.firstSeenAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The card key of an item: its lowest CVE id, or `item:<id>`. */
const CARD_KEY = sql`coalesce((select min(c) from unnest(${feedItems.cves}) as c), 'item:' || ${feedItems.id}::text)`;

function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

function filterConditions(principal: Principal, filter: InboxFilter): SQL[] {
  const conditions: SQL[] = [feedItemVisibleTo(principal)];
  const state = filter.state ?? 'open';
  if (state === 'open') conditions.push(inArray(feedItems.state, ['new', 'seen']));
  else if (state !== 'all') conditions.push(eq(feedItems.state, state));
  if (filter.kev) conditions.push(sql`exists (select 1 from ${cveEnrichments} e where e.cve = any(${feedItems.cves}) and e.kev is not null)`);
  if (filter.epssMin !== undefined) conditions.push(sql`exists (select 1 from ${cveEnrichments} e where e.cve = any(${feedItems.cves}) and e.epss_score >= ${filter.epssMin})`);
  if (filter.vendor) conditions.push(sql`exists (select 1 from jsonb_array_elements(${feedItems.products}) p where p->>'vendor' ilike ${likePattern(filter.vendor)})`);
  if (filter.product) conditions.push(sql`exists (select 1 from jsonb_array_elements(${feedItems.products}) p where p->>'product' ilike ${likePattern(filter.product)})`);
  if (filter.source) {
    const isUuid = z.uuid().safeParse(filter.source).success;
    conditions.push(isUuid ? eq(feedItems.sourceId, filter.source) : sql`${feedItems.sourceId} in (select id from ${feedSources} where key = ${filter.source})`);
  }
  if (filter.findings) conditions.push(sql`jsonb_array_length(${feedItems.findings}) > 0`);
  if (filter.warnings) conditions.push(sql`jsonb_array_length(${feedItems.warnings}) > 0`);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    conditions.push(sql`(${feedItems.titleDe} ilike ${pattern} or ${feedItems.titleEn} ilike ${pattern} or ${feedItems.externalId} ilike ${pattern} or array_to_string(${feedItems.cves}, ' ') ilike ${pattern})`);
  }
  return conditions;
}

const CardCursor = defineCursor('feed-items', { at: CursorKey.timestamp, key: CursorKey.text });

async function sourcesById(db: Executor, ids: string[]): Promise<Map<string, SourceInfo>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: feedSources.id, key: feedSources.key, name: feedSources.name, type: feedSources.type }).from(feedSources).where(inArray(feedSources.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row]));
}

/** Items with their source info, presented. */
export async function presentItems(db: Executor, rows: FeedItemRow[]): Promise<FeedItemDto[]> {
  const sources = await sourcesById(db, rows.map((row) => row.sourceId));
  return rows.map((row) => presentFeedItem(row, sources.get(row.sourceId) ?? { id: row.sourceId, key: '', name: '', type: '' }));
}

export async function enrichmentsFor(db: Executor, cves: string[]): Promise<EnrichmentDto[]> {
  if (cves.length === 0) return [];
  const rows = await db.select().from(cveEnrichments).where(inArray(cveEnrichments.cve, [...new Set(cves)]));
  return rows
    .map((row) => ({ cve: row.cve, kev: row.kev, epss: row.epssScore === null ? null : { score: row.epssScore, percentile: row.epssPercentile, date: row.epssDate }, nvd: row.nvd, euvd: row.euvd }))
    .sort((a, b) => a.cve.localeCompare(b.cve));
}

/** Items visible to the principal sharing any of `cves`, except `excludeIds`. */
export async function relatedItems(db: Executor, principal: Principal, cves: string[], excludeIds: string[]): Promise<FeedItemRow[]> {
  if (cves.length === 0) return [];
  const rows = await db
    .select()
    .from(feedItems)
    .where(and(feedItemVisibleTo(principal), sql`${feedItems.cves} && ${sql`array[${sql.join([...new Set(cves)].map((cve) => sql`${cve}`), sql`, `)}]::text[]`}`))
    .orderBy(sql`${feedItems.updatedAt} desc`)
    .limit(200);
  const excluded = new Set(excludeIds);
  return rows.filter((row) => !excluded.has(row.id));
}

/** One page of inbox cards. */
export async function listInboxCards(db: Executor, principal: Principal, filter: InboxFilter, limit: number, cursor: string | undefined): Promise<{ items: InboxCard[]; next: string | null }> {
  const after = CardCursor.decode(cursor);
  const where = and(...filterConditions(principal, filter))!;
  const afterCondition = after ? sql`where (g.at, g.key) < (${after.at}::timestamptz, ${after.key})` : sql``;
  const groups = await queryRows<{ key: string; at: string; ids: string[] }>(
    db,
    sql`select g.key, to_char(g.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, g.ids from (
          select ${CARD_KEY} as key, max(${feedItems.updatedAt}) as at, array_agg(${feedItems.id}::text order by ${feedItems.updatedAt} desc) as ids
          from ${feedItems} where ${where} group by 1
        ) g ${afterCondition}
        order by g.at desc, g.key desc limit ${limit + 1}`,
  );
  const page = groups.slice(0, limit);
  const ids = page.flatMap((group) => group.ids);
  const rows = ids.length > 0 ? await db.select().from(feedItems).where(inArray(feedItems.id, ids)) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const allCves = [...new Set(rows.flatMap((row) => row.cves))];
  const related = await relatedItems(db, principal, allCves, ids);
  const presented = new Map((await presentItems(db, [...rows, ...related])).map((dto) => [dto.id, dto]));
  const enrichments = await enrichmentsFor(db, allCves);
  const aliases = await loadAliasIndex(db);
  const drafts = page.map((group) => {
    const items = group.ids.map((id) => byId.get(id)).filter((row): row is FeedItemRow => row !== undefined);
    const cves = [...new Set(items.flatMap((row) => row.cves))].sort();
    const cveSet = new Set(cves);
    const cardRelated = related.filter((row) => row.cves.some((cve) => cveSet.has(cve)));
    const cardEnrichments = enrichments.filter((enrichment) => cveSet.has(enrichment.cve));
    const dtos = { items: items.map((row) => presented.get(row.id)!), related: cardRelated.map((row) => presented.get(row.id)!) };
    return { group, cves, ...dtos, enrichments: cardEnrichments, sourced: sourcedProductsOf([...dtos.items, ...dtos.related], cardEnrichments) };
  });
  const lookup = await AffectedLookup.load(db, drafts.map((draft) => matchableProducts(draft.sourced)), aliases);
  const cards = drafts.map(
    (draft): InboxCard => ({
      key: draft.group.key,
      cves: draft.cves,
      updatedAt: draft.group.at,
      items: draft.items,
      related: draft.related,
      enrichments: draft.enrichments,
      products: buildPicture(draft.sourced, aliases),
      affected: lookup.affected(matchableProducts(draft.sourced)),
    }),
  );
  const last = page.at(-1);
  return { items: cards, next: groups.length > limit && last ? CardCursor.encode({ at: last.at, key: last.key }) : null };
}

/** The product picture of these items (an item and its correlated ones) with the organizations running a product of it. */
export async function pictureAndAffected(db: Executor, items: readonly FeedItemDto[], enrichments: readonly EnrichmentDto[]): Promise<{ products: PictureProduct[]; affected: AffectedOrganizationDto[] }> {
  const aliases = await loadAliasIndex(db);
  const sourced = sourcedProductsOf(items, enrichments);
  const products = matchableProducts(sourced);
  return { products: buildPicture(sourced, aliases), affected: (await AffectedLookup.load(db, [products], aliases)).affected(products) };
}

/** One item visible to the principal, or undefined. */
export async function findFeedItem(db: Executor, principal: Principal, id: string): Promise<FeedItemRow | undefined> {
  const [row] = await db.select().from(feedItems).where(and(eq(feedItems.id, id), feedItemVisibleTo(principal)));
  return row;
}
