/** Reading advisories: one, a filtered page, full-text search. Only what `visibleTo` lets through. */
import { z } from 'zod';
import { assertCanView } from '../../access/assert.js';
import { recordRead } from '../../acknowledgements/acknowledgements.service.js';
import { AppError, notFound } from '../../platform/errors.js';
import { CursorKey, defineCursor, offsetCursor } from '../../platform/http/cursor.js';
import { toPage } from '../../platform/http/pagination.js';
import { accessObjectOf } from '../advisories.policy.js';
import { presentAdvisory, presentAdvisorySummary, presentSearchHit, type AdvisoryDto } from '../advisories.presenter.js';
import { findAdvisoryVisibleTo, listAdvisoriesVisibleTo, searchAdvisoriesVisibleTo } from '../advisories.repo.js';
import { ADVISORY_SORTS, type AdvisoryListQuery } from '../advisories.schemas.js';
import type { UseCaseContext } from './context.js';

// The cursor names its sort so a cursor from another sort order is refused rather than misread.
// Its key is the column's text as PostgreSQL gives it; checked here so a forged one is a 400, not a failed cast.
const SORT_KEY_FORMAT = { severity: /^[1-4]$/, created: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/, date: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/ } as const;
const ListCursor = defineCursor(
  'advisories',
  { sort: z.enum(ADVISORY_SORTS), order: z.enum(['asc', 'desc']), key: z.string().max(64), id: CursorKey.uuid },
  (cursor) => SORT_KEY_FORMAT[cursor.sort].test(cursor.key),
);
const SearchCursor = defineCursor('advisories.search', { offset: CursorKey.offset });

/**
 * One advisory, if the principal may see it.
 * @throws AppError NOT_FOUND (also when it exists but is invisible)
 */
export async function getAdvisory(ctx: UseCaseContext, id: string): Promise<AdvisoryDto> {
  const row = await findAdvisoryVisibleTo(ctx.db, ctx.principal, id);
  if (!row) throw notFound('Advisory');
  // The SQL predicate already filtered; the policy check guards against the two ever drifting.
  assertCanView(ctx.principal, accessObjectOf(row), 'Advisory');
  // Read receipt for the CERT's coverage view (only members of affected organizations count).
  await recordRead(ctx.db, ctx.principal, id);
  return presentAdvisory(row, ctx.principal);
}

/** A page of the advisories the principal may see, newest first, with the list filters applied. */
export async function listAdvisories(ctx: UseCaseContext, query: AdvisoryListQuery) {
  const cursor = ListCursor.decode(query.cursor);
  if (cursor && (cursor.sort !== query.sort || cursor.order !== query.order)) {
    throw new AppError('VALIDATION_FAILED', 'The cursor belongs to another sort order.', [{ path: 'cursor', message: 'not a cursor of this sort order' }]);
  }
  const rows = await listAdvisoriesVisibleTo(ctx.db, ctx.principal, query, cursor ? { key: cursor.key, id: cursor.id } : undefined);
  const page = toPage(rows, query.limit, ListCursor, (row) => ({ sort: query.sort, order: query.order, key: row.sortKey ?? '', id: row.id }));
  return { items: page.items.map(presentAdvisorySummary), next: page.next };
}

/** Ranked full-text hits (German and English) among the advisories the principal may see. */
export async function searchAdvisories(ctx: UseCaseContext, query: { q: string; limit: number; cursor?: string | undefined }) {
  const offset = SearchCursor.decode(query.cursor)?.offset ?? 0;
  const hits = await searchAdvisoriesVisibleTo(ctx.db, ctx.principal, query.q, query.limit, offset);
  const items = hits.slice(0, query.limit).map(presentSearchHit);
  return { items, next: hits.length > query.limit ? offsetCursor(SearchCursor, offset + query.limit) : null };
}
