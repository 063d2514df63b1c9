/**
 * Database access of the advisories slice. Every read takes a principal and applies `visibleTo`
 * (server/access/visible-to.ts); there is no read path without one.
 */
import { and, asc, desc, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import { visibleTo, type VisibilityColumns } from '../access/visible-to.js';
import type { Executor } from '../platform/db/client.js';
import type { AdvisoryContent, AdvisoryListQuery } from './advisories.schemas.js';
import { advisories, advisoryColumns, advisoryRevisions, type AdvisoryRevisionRow, type AdvisoryRow } from './advisories.table.js';

/** The advisory columns the TLP predicate reads. */
export const ADVISORY_VISIBILITY: VisibilityColumns = {
  tlp: advisories.tlp,
  audienceOrganizationIds: advisories.audienceOrganizationIds,
  audienceSharingGroupIds: advisories.audienceSharingGroupIds,
  audienceUserIds: advisories.audienceUserIds,
  authorOrganizationId: advisories.authorOrganizationId,
  authorUserId: advisories.authorUserId,
  status: advisories.status,
};

/** The projection columns that mirror (published) content: visibility, filters. */
export function columnsFromContent(content: AdvisoryContent) {
  return {
    tlp: content.tlp,
    pap: content.pap ?? null,
    audienceOrganizationIds: content.audience.organizations,
    audienceSharingGroupIds: content.audience.sharingGroups,
    audienceUserIds: content.audience.users,
    severity: content.severity,
    cves: content.cves,
    vendors: [...new Set(content.products.map((product) => product.vendor.toLowerCase()))],
    productNames: [...new Set(content.products.map((product) => product.product.toLowerCase()))],
    source: content.source,
  };
}

/** One advisory if the principal may see it; `forUpdate` locks the row inside a transaction. */
export async function findAdvisoryVisibleTo(db: Executor, principal: Principal, id: string, forUpdate = false): Promise<AdvisoryRow | undefined> {
  const query = db
    .select(advisoryColumns)
    .from(advisories)
    .where(and(eq(advisories.id, id), visibleTo(principal, ADVISORY_VISIBILITY)))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

function dateBound(value: string, end: boolean): SQL {
  // A bare date as the upper bound means "through the end of that day".
  if (end && /^\d{4}-\d{2}-\d{2}$/.test(value)) return sql`coalesce(${advisories.publishedAt}, ${advisories.createdAt}) < (${value}::date + 1)`;
  return end
    ? sql`coalesce(${advisories.publishedAt}, ${advisories.createdAt}) <= ${value}::timestamptz`
    : sql`coalesce(${advisories.publishedAt}, ${advisories.createdAt}) >= ${value}::timestamptz`;
}

function listFilters(query: AdvisoryListQuery): (SQL | undefined)[] {
  return [
    query.q ? sql`(${advisories.searchDe} @@ websearch_to_tsquery('german'::regconfig, ${query.q}) or ${advisories.searchEn} @@ websearch_to_tsquery('english'::regconfig, ${query.q}))` : undefined,
    query.severity ? eq(advisories.severity, query.severity) : undefined,
    query.cve ? sql`${query.cve} = any(${advisories.cves})` : undefined,
    query.vendor ? sql`${query.vendor.toLowerCase()} = any(${advisories.vendors})` : undefined,
    query.product ? sql`${query.product.toLowerCase()} = any(${advisories.productNames})` : undefined,
    query.tlp ? eq(advisories.tlp, query.tlp) : undefined,
    query.source ? eq(advisories.source, query.source) : undefined,
    query.status ? eq(advisories.status, query.status) : undefined,
    query.from ? dateBound(query.from, false) : undefined,
    query.to ? dateBound(query.to, true) : undefined,
  ];
}

/** Where the previous page ended: the sort column's value (text, null for none) and the id. */
export type AdvisoryListAfter = { key: string; id: string };

const SEVERITY_RANK = sql`array_position(array['niedrig','mittel','hoch','kritisch']::text[], ${advisories.severity})`;

/** The sort column as SQL and the text its cursor value is compared as (so a cursor round-trips through JSON exactly). */
export function advisorySortKey(sort: AdvisoryListQuery['sort']): { column: SQL; cast: SQL } {
  if (sort === 'severity') return { column: sql`${SEVERITY_RANK}`, cast: sql`::int` };
  if (sort === 'date') return { column: sql`coalesce(${advisories.publishedAt}, ${advisories.createdAt})`, cast: sql`::timestamptz` };
  return { column: sql`${advisories.createdAt}`, cast: sql`::timestamptz` };
}

/**
 * Advisories the principal may see, sorted by `query.sort` and `query.order` with the id as the tie
 * breaker (stable keyset paging: a page never repeats or skips a row), one extra row for the next cursor.
 */
export async function listAdvisoriesVisibleTo(db: Executor, principal: Principal, query: AdvisoryListQuery, after?: AdvisoryListAfter): Promise<(AdvisoryRow & { sortKey: string | null })[]> {
  const { column, cast } = advisorySortKey(query.sort);
  const descending = query.order === 'desc';
  const compare = descending ? sql`<` : sql`>`;
  const cursor = after ? sql`(${column}, ${advisories.id}) ${compare} (${after.key}${cast}, ${after.id}::uuid)` : undefined;
  const direction = descending ? desc : asc;
  return db
    .select({ ...advisoryColumns, sortKey: sql<string | null>`(${column})::text` })
    .from(advisories)
    .where(and(visibleTo(principal, ADVISORY_VISIBILITY), cursor, ...listFilters(query)))
    .orderBy(direction(column), direction(advisories.id))
    .limit(query.limit + 1);
}

/** What a search hit shows of its advisory (the list needs no body, audience or revisions). */
export type AdvisorySearchHitAdvisory = Pick<AdvisoryRow, 'id' | 'status' | 'tlp' | 'severity'> & { title: AdvisoryRow['content']['title'] };

/** A search hit: the advisory's headline fields, its rank and a snippet whose matches sit between the given markers. */
export type AdvisorySearchHit = { advisory: AdvisorySearchHitAdvisory; rank: number; headline: string };

/** Several advisories by id, those the principal may see (unknown and invisible ids are left out). */
export async function findAdvisoriesVisibleTo(db: Executor, principal: Principal, ids: readonly string[]): Promise<AdvisoryRow[]> {
  if (ids.length === 0) return [];
  return db
    .select(advisoryColumns)
    .from(advisories)
    .where(and(inArray(advisories.id, [...ids]), visibleTo(principal, ADVISORY_VISIBILITY)));
}

/** Markers ts_headline puts around matches; the presenter escapes the text and turns them into <mark>. */
/** The window of "recent" advisories that search ranks first. */
export const RECENT_SEARCH_DAYS = 90;

export const HEADLINE_START = '@@LAGEBILD_MARK_START@@';
export const HEADLINE_END = '@@LAGEBILD_MARK_END@@';

/**
 * Full-text search over German and English content, ranked with ts_rank; only rows the principal
 * may see are matched, ranked or counted. Hits of the last {@link RECENT_SEARCH_DAYS} days come first,
 * then older hits, each part by relevance.
 */
export async function searchAdvisoriesVisibleTo(db: Executor, principal: Principal, text: string, limit: number, offset: number): Promise<AdvisorySearchHit[]> {
  const german = sql`websearch_to_tsquery('german'::regconfig, ${text})`;
  const english = sql`websearch_to_tsquery('english'::regconfig, ${text})`;
  const options = `StartSel=${HEADLINE_START}, StopSel=${HEADLINE_END}, MaxWords=35, MinWords=12, MaxFragments=2`;
  const textOf = (language: 'de' | 'en', fields: string[]) => sql.raw(`concat_ws(' ', ${fields.map((field) => `content #>> '{${field},${language}}'`).join(', ')})`);
  // ts_headline re-parses and stems the text it is given, which costs more than finding and ranking the
  // hits. When title or summary match (weights A and B of the vector; ts_filter reads the stored vector,
  // no parsing) the snippet comes from those two alone, the body is parsed only for hits found there.
  const headlineOf = (config: 'german' | 'english', language: 'de' | 'en', vector: SQLWrapper, query: SQL) => sql`case
    when ts_filter(${vector}, '{a,b}') @@ ${query} then ts_headline(${sql.raw(`'${config}'::regconfig`)}, ${textOf(language, ['title', 'summary'])}, ${query}, ${options})
    else ts_headline(${sql.raw(`'${config}'::regconfig`)}, ${textOf(language, ['title', 'summary', 'body'])}, ${query}, ${options}) end`;
  const recent = sql`${advisories.createdAt} >= now() - make_interval(days => ${RECENT_SEARCH_DAYS})`;
  const page = (window: SQL, take: number, skip: number) => {
    // Ranked and cut to the page first, and only then the page's content read for title and snippet:
    // `content` lies out of line (TOAST), and reading it for every candidate cost more than ranking.
    const hits = db
      .select({
        id: advisories.id,
        status: advisories.status,
        tlp: advisories.tlp,
        severity: advisories.severity,
        createdAt: advisories.createdAt,
        content: advisories.content,
        searchDe: advisories.searchDe,
        searchEn: advisories.searchEn,
        rank: sql<number>`(ts_rank(${advisories.searchDe}, ${german}) + ts_rank(${advisories.searchEn}, ${english}))::float8`.as('search_rank'),
      })
      .from(advisories)
      .where(and(visibleTo(principal, ADVISORY_VISIBILITY), window, sql`(${advisories.searchDe} @@ ${german} or ${advisories.searchEn} @@ ${english})`))
      // By the output alias: a positional ORDER BY would count the advisory's own columns first.
      .orderBy(sql`"search_rank" desc`, desc(advisories.createdAt), desc(advisories.id))
      .limit(take)
      .offset(skip)
      .as('hits');
    return db
      .select({
        // Only what a hit shows: no body, audience or revisions.
        advisory: { id: hits.id, status: hits.status, tlp: hits.tlp, severity: hits.severity, title: sql<AdvisoryRow['content']['title']>`${hits.content} -> 'title'` },
        rank: hits.rank,
        headline: sql<string>`case when ${hits.searchDe} @@ ${german} then ${headlineOf('german', 'de', hits.searchDe, german)} else ${headlineOf('english', 'en', hits.searchEn, english)} end`,
      })
      .from(hits)
      .orderBy(desc(hits.rank), desc(hits.createdAt), desc(hits.id));
  };
  // Recent hits first (ranked), then older ones (ranked): what a CERT searches for is mostly current,
  // and ranking only the recent window keeps a broad term cheap on a large archive.
  const wanted = offset + limit + 1;
  const recentRows = await page(recent, wanted, 0);
  let rows = recentRows.slice(offset);
  if (recentRows.length < wanted) {
    // Every recent hit is known: the page continues into the older ones.
    const olderSkip = Math.max(0, offset - recentRows.length);
    // `is not true` rather than `not`: the planner would turn `not (created_at >= x)` into a range on
    // the index's date column, which for the whole archive costs more than matching the text alone.
    rows = [...rows, ...(await page(sql`(${recent}) is not true`, wanted - recentRows.length - olderSkip, olderSkip))];
  }
  return rows.slice(0, limit + 1).map((hit) => ({ advisory: hit.advisory, rank: Number(hit.rank), headline: hit.headline }));
}

/** Inserts a new advisory (a draft). */
export async function insertAdvisory(tx: Executor, values: typeof advisories.$inferInsert): Promise<AdvisoryRow> {
  const [row] = await tx.insert(advisories).values(values).returning(advisoryColumns);
  if (!row) throw new Error('advisory insert returned no row');
  return row;
}

/** Updates an advisory the caller has already loaded through `findAdvisoryVisibleTo`. */
export async function updateAdvisory(tx: Executor, id: string, values: Partial<typeof advisories.$inferInsert>): Promise<AdvisoryRow> {
  const [row] = await tx.update(advisories).set(values).where(eq(advisories.id, id)).returning(advisoryColumns);
  if (!row) throw new Error('advisory update matched no row');
  return row;
}

/** Keeps a published revision's full content. */
export async function insertRevision(tx: Executor, values: typeof advisoryRevisions.$inferInsert): Promise<void> {
  await tx.insert(advisoryRevisions).values(values);
}

/**
 * Revisions of an advisory, oldest first. The caller must have checked that the principal sees the
 * advisory, and filters each revision by its own TLP (an earlier revision may have been stricter).
 */
export async function listRevisions(db: Executor, advisoryId: string): Promise<AdvisoryRevisionRow[]> {
  return db.select().from(advisoryRevisions).where(eq(advisoryRevisions.advisoryId, advisoryId)).orderBy(asc(advisoryRevisions.version));
}
