/**
 * One search across everything the caller may see. Each kind is asked of its own slice, and each
 * slice's query applies its visibility predicate from server/access (`visibleTo`, `incidentVisibleTo`,
 * `feedItemVisibleTo`, `canViewDirectory`): nothing is filtered here after the fact.
 */
import type { Principal } from '../auth/principal.js';
import { searchAdvisories } from '../advisories/advisories.service.js';
import { searchFeedItemsVisibleTo } from '../feeds/feed-search.js';
import { searchIncidentsVisibleTo } from '../incidents/incidents.search.js';
import { listIndicators } from '../indicators/index.js';
import { searchOrganizationsVisibleTo } from '../organizations/organizations.search.js';
import type { Database } from '../platform/db/client.js';
import { CursorKey, defineCursor, offsetCursor } from '../platform/http/cursor.js';
import { SEARCH_KINDS, type SearchAllHit, type SearchAllQuery, type SearchKind } from './search.schemas.js';

type KindPage = { items: SearchAllHit[]; next: string | null };
type Searcher = (db: Database, principal: Principal, q: string, limit: number, cursor: string | undefined) => Promise<KindPage>;

// One kind's page at a time (`kind` given): the offset into that kind's hits.
const SearchCursor = defineCursor('search', { offset: CursorKey.offset });

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Escaped `text` (cut around the first match) with every occurrence of `q` in <mark>. */
export function markedSnippet(text: string, q: string, width = 160): string {
  const lower = text.toLowerCase();
  const needle = q.toLowerCase();
  const at = lower.indexOf(needle);
  const start = at > width / 2 ? at - Math.floor(width / 2) : 0;
  const cut = text.slice(start, start + width);
  const prefix = start > 0 ? '… ' : '';
  const suffix = start + width < text.length ? ' …' : '';
  if (needle === '') return prefix + escapeHtml(cut) + suffix;
  let out = '';
  let from = 0;
  const cutLower = cut.toLowerCase();
  for (let index = cutLower.indexOf(needle); index !== -1; index = cutLower.indexOf(needle, from)) {
    out += `${escapeHtml(cut.slice(from, index))}<mark>${escapeHtml(cut.slice(index, index + needle.length))}</mark>`;
    from = index + needle.length;
  }
  return prefix + out + escapeHtml(cut.slice(from)) + suffix;
}

/** Offset paging for the kinds whose slices answer with one extra row. */
function offsetPage<T>(rows: T[], limit: number, offset: number, present: (row: T) => SearchAllHit): KindPage {
  return { items: rows.slice(0, limit).map(present), next: rows.length > limit ? offsetCursor(SearchCursor, offset + limit) : null };
}

const SEARCHERS: Record<SearchKind, Searcher> = {
  // The advisories' own ranked full-text search (its indexes and recent-first windows), unchanged.
  advisory: async (db, principal, q, limit, cursor) => {
    const page = await searchAdvisories({ db, principal, ip: null }, { q, limit, cursor });
    return {
      items: page.items.map((hit) => ({ kind: 'advisory', id: hit.id, title: hit.title, snippet: hit.snippet, ref: null, severity: hit.severity, tlp: hit.tlp, status: hit.status })),
      next: page.next,
    };
  },
  incident: async (db, principal, q, limit, cursor) => {
    const offset = SearchCursor.decode(cursor)?.offset ?? 0;
    const rows = await searchIncidentsVisibleTo(db, principal, q, limit, offset);
    return offsetPage(rows, limit, offset, (row) => {
      const title = row.title ?? '';
      const matchedText = title.toLowerCase().includes(q.toLowerCase()) || !row.description ? title : row.description;
      return { kind: 'incident', id: row.id, title: { de: title }, snippet: markedSnippet(matchedText, q), ref: null, severity: row.severity, tlp: null, status: row.triageState };
    });
  },
  'feed-item': async (db, principal, q, limit, cursor) => {
    const offset = SearchCursor.decode(cursor)?.offset ?? 0;
    const rows = await searchFeedItemsVisibleTo(db, principal, q, limit, offset);
    return offsetPage(rows, limit, offset, (row) => {
      const de = row.titleDe ?? row.titleEn ?? row.externalId;
      const title = row.titleEn ? { de, en: row.titleEn } : { de };
      return { kind: 'feed-item', id: row.id, title, snippet: markedSnippet([row.externalId, ...row.cves].join(' · '), q), ref: row.cves[0] ?? row.externalId, severity: row.severity, tlp: row.tlp, status: row.state };
    });
  },
  indicator: async (db, principal, q, limit, cursor) => {
    const offset = SearchCursor.decode(cursor)?.offset ?? 0;
    const rows = await listIndicators(db, principal, { q, sort: 'created', order: 'desc' }, limit, offset);
    return offsetPage(rows, limit, offset, (row) => {
      const value = row.value ?? row.stixId;
      return { kind: 'indicator', id: row.stixId, title: { de: value }, snippet: markedSnippet(`${row.valueType ?? ''} ${value}`.trim(), q), ref: value, severity: null, tlp: row.tlp, status: null };
    });
  },
  organization: async (db, principal, q, limit, cursor) => {
    const offset = SearchCursor.decode(cursor)?.offset ?? 0;
    const rows = await searchOrganizationsVisibleTo(db, principal, q, limit, offset);
    return offsetPage(rows, limit, offset, (row) => ({
      kind: 'organization',
      id: row.id,
      title: { de: row.name },
      snippet: markedSnippet(row.shortName ? `${row.name} (${row.shortName})` : row.name, q),
      ref: row.shortName,
      severity: null,
      tlp: null,
      status: row.kind,
    }));
  },
};

/** Hits of one kind (paged) or the first `limit` hits of every kind, grouped in {@link SEARCH_KINDS} order. */
export async function searchEverything(db: Database, principal: Principal, query: SearchAllQuery) {
  const kinds = query.kind ? [query.kind] : SEARCH_KINDS;
  // A cursor belongs to one kind's list; without `kind` every group starts at its first hit.
  const cursor = query.kind ? query.cursor : undefined;
  const pages = await Promise.all(kinds.map(async (kind) => ({ kind, page: await SEARCHERS[kind](db, principal, query.q, query.limit, cursor) })));
  return {
    items: pages.flatMap(({ page }) => page.items),
    groups: pages.map(({ kind, page }) => ({ kind, count: page.items.length, next: page.next })),
    next: query.kind ? (pages[0]?.page.next ?? null) : null,
  };
}
