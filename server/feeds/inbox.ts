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
import { decodeCursor, encodeCursor } from '../platform/http/pagination.js';
import { AffectedLookup, type AffectedOrganizationDto } from './affected.js';
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
};

export type FeedItemDto = {
  id: string;
  source: { id: string; key: string; name: string; type: string };
  externalId: string;
  kind: string;
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
};

/**
 * `affected`: constituent organizations whose inventory runs a product of the card's items or of
 * the correlated ones (matching engine, not stored).
 */
export type InboxCard = { key: string; cves: string[]; updatedAt: string; items: FeedItemDto[]; related: FeedItemDto[]; enrichments: EnrichmentDto[]; affected: AffectedOrganizationDto[] };

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
  if (filter.q) {
    const pattern = likePattern(filter.q);
    conditions.push(sql`(${feedItems.titleDe} ilike ${pattern} or ${feedItems.titleEn} ilike ${pattern} or ${feedItems.externalId} ilike ${pattern} or array_to_string(${feedItems.cves}, ' ') ilike ${pattern})`);
  }
  return conditions;
}

const CardCursorSchema = z.object({ at: z.string(), key: z.string() });

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
    .map((row) => ({ cve: row.cve, kev: row.kev, epss: row.epssScore === null ? null : { score: row.epssScore, percentile: row.epssPercentile, date: row.epssDate }, nvd: row.nvd }))
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
  const after = decodeCursor(cursor, CardCursorSchema);
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
  const lookup = await AffectedLookup.load(db, [...rows, ...related].map((row) => row.products));
  const cards = page.map((group): InboxCard => {
    const items = group.ids.map((id) => byId.get(id)).filter((row): row is FeedItemRow => row !== undefined);
    const cves = [...new Set(items.flatMap((row) => row.cves))].sort();
    const cveSet = new Set(cves);
    const cardRelated = related.filter((row) => row.cves.some((cve) => cveSet.has(cve)));
    return {
      key: group.key,
      cves,
      updatedAt: group.at,
      items: items.map((row) => presented.get(row.id)!),
      related: cardRelated.map((row) => presented.get(row.id)!),
      enrichments: enrichments.filter((enrichment) => cveSet.has(enrichment.cve)),
      affected: lookup.affected([...items, ...cardRelated].flatMap((row) => row.products)),
    };
  });
  const last = page.at(-1);
  return { items: cards, next: groups.length > limit && last ? encodeCursor({ at: last.at, key: last.key }) : null };
}

/** The organizations running a product of these items (an item and its correlated ones). */
export async function affectedOrganizations(db: Executor, rows: readonly FeedItemRow[]): Promise<AffectedOrganizationDto[]> {
  const products = rows.flatMap((row) => row.products);
  return (await AffectedLookup.load(db, [products])).affected(products);
}

/** One item visible to the principal, or undefined. */
export async function findFeedItem(db: Executor, principal: Principal, id: string): Promise<FeedItemRow | undefined> {
  const [row] = await db.select().from(feedItems).where(and(eq(feedItems.id, id), feedItemVisibleTo(principal)));
  return row;
}
