/** Reading advisories: one, a filtered page, full-text search. Only what `visibleTo` lets through. */
import { z } from 'zod';
import { assertCanView } from '../../access/assert.js';
import { recordRead } from '../../acknowledgements/acknowledgements.service.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, toPage } from '../../platform/http/pagination.js';
import { accessObjectOf } from '../advisories.policy.js';
import { presentAdvisory, presentAdvisorySummary, presentSearchHit, type AdvisoryDto } from '../advisories.presenter.js';
import { findAdvisoryVisibleTo, listAdvisoriesVisibleTo, searchAdvisoriesVisibleTo } from '../advisories.repo.js';
import type { AdvisoryListQuery } from '../advisories.schemas.js';
import type { UseCaseContext } from './context.js';

const ListCursorSchema = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });
const SearchCursorSchema = z.object({ offset: z.number().int().min(0).max(10_000) });

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
  const after = decodeCursor(query.cursor, ListCursorSchema);
  const rows = await listAdvisoriesVisibleTo(ctx.db, ctx.principal, query, after);
  const page = toPage(rows, query.limit, (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }));
  return { items: page.items.map(presentAdvisorySummary), next: page.next };
}

/** Ranked full-text hits (German and English) among the advisories the principal may see. */
export async function searchAdvisories(ctx: UseCaseContext, query: { q: string; limit: number; cursor?: string | undefined }) {
  const offset = decodeCursor(query.cursor, SearchCursorSchema)?.offset ?? 0;
  const hits = await searchAdvisoriesVisibleTo(ctx.db, ctx.principal, query.q, query.limit, offset);
  const items = hits.slice(0, query.limit).map(presentSearchHit);
  return { items, next: hits.length > query.limit ? encodeCursor({ offset: offset + query.limit }) : null };
}
