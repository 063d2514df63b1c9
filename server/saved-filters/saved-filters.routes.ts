/**
 * Saved filters per user: a name for a list page's query string (`severity=hoch&sort=severity`), so an
 * analyst returns to "Kritisch, Energie, offen" in one click. Each user reads and changes only her own.
 */
import { and, asc, eq } from 'drizzle-orm';
import { requireUser, type Principal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { savedFilters, type SavedFilterRow } from './saved-filters.table.js';

/** The list pages that offer saved filters (the client's page ids). */
export const SAVED_FILTER_PAGES = ['advisories', 'inbox', 'incidents', 'audit', 'members', 'feed-runs'] as const;

const MAX_PER_PAGE = 50;
const TAGS = ['Account'];

const QueryStringSchema = z
  .string()
  .trim()
  .max(2_000)
  .transform((value) => value.replace(/^\?/, ''))
  // Only a query string: no path, no fragment, nothing a link could be turned into.
  .refine((value) => !/[#\s]/.test(value) && !value.includes('://'), 'Expected a query string such as severity=hoch&sort=severity');
const NameSchema = z.string().trim().min(1).max(100);

const SavedFilterSchema = z
  .object({ id: z.uuid(), page: z.enum(SAVED_FILTER_PAGES), name: z.string(), query: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('SavedFilter');
const CreateBodySchema = z.strictObject({ page: z.enum(SAVED_FILTER_PAGES), name: NameSchema, query: QueryStringSchema });
const PatchBodySchema = z.strictObject({ name: NameSchema.optional(), query: QueryStringSchema.optional() }).refine((body) => body.name !== undefined || body.query !== undefined, 'The patch changes nothing');
const IdParamsSchema = z.object({ id: z.uuid() });

function present(row: SavedFilterRow) {
  return { id: row.id, page: row.page as (typeof SAVED_FILTER_PAGES)[number], name: row.name, query: row.query, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === '23505';
}

const duplicate = () => new AppError('CONFLICT', 'You already have a saved filter with this name on this page.', [{ path: 'name', message: 'already used' }]);

async function ownFilter(db: Database, principal: Principal, id: string): Promise<SavedFilterRow> {
  const user = requireUser(principal);
  const [row] = await db.select().from(savedFilters).where(and(eq(savedFilters.id, id), eq(savedFilters.userId, user.userId)));
  if (!row) throw notFound('Saved filter');
  return row;
}

export function registerSavedFilterRoutes(api: Api, db: Database): void {
  api.define(
    { method: 'get', path: '/api/v1/me/saved-filters', summary: 'My saved filters (of one page with `page`), by name', tags: TAGS, access: { authenticated: true }, query: z.object({ page: z.enum(SAVED_FILTER_PAGES).optional() }), responses: { 200: { description: 'The saved filters', schema: z.object({ items: z.array(SavedFilterSchema), next: z.null() }) } } },
    async ({ query, principal }) => {
      const user = requireUser(principal);
      const rows = await db
        .select()
        .from(savedFilters)
        .where(and(eq(savedFilters.userId, user.userId), query.page ? eq(savedFilters.page, query.page) : undefined))
        .orderBy(asc(savedFilters.page), asc(savedFilters.name));
      return { items: rows.map(present), next: null };
    },
  );

  api.define(
    { method: 'post', path: '/api/v1/me/saved-filters', summary: 'Save a filter of a list page under a name', tags: TAGS, access: { authenticated: true }, body: CreateBodySchema, successStatus: 201, responses: { 201: { description: 'The saved filter', schema: SavedFilterSchema } } },
    async ({ body, principal }) => {
      const user = requireUser(principal);
      const existing = await db.select({ id: savedFilters.id }).from(savedFilters).where(and(eq(savedFilters.userId, user.userId), eq(savedFilters.page, body.page)));
      if (existing.length >= MAX_PER_PAGE) throw new AppError('CONFLICT', `At most ${MAX_PER_PAGE} saved filters per page; delete one first.`);
      try {
        const [row] = await db.insert(savedFilters).values({ userId: user.userId, page: body.page, name: body.name, query: body.query }).returning();
        if (!row) throw new Error('saved filter insert returned no row');
        return present(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicate();
        throw error;
      }
    },
  );

  api.define(
    { method: 'patch', path: '/api/v1/me/saved-filters/:id', summary: 'Rename a saved filter or replace its query', tags: TAGS, access: { authenticated: true }, params: IdParamsSchema, body: PatchBodySchema, responses: { 200: { description: 'The saved filter', schema: SavedFilterSchema } } },
    async ({ body, params, principal }) => {
      const row = await ownFilter(db, principal, params.id);
      try {
        const [updated] = await db
          .update(savedFilters)
          .set({ ...(body.name !== undefined ? { name: body.name } : {}), ...(body.query !== undefined ? { query: body.query } : {}), updatedAt: new Date() })
          .where(eq(savedFilters.id, row.id))
          .returning();
        if (!updated) throw notFound('Saved filter');
        return present(updated);
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicate();
        throw error;
      }
    },
  );

  api.define(
    { method: 'delete', path: '/api/v1/me/saved-filters/:id', summary: 'Delete a saved filter', tags: TAGS, access: { authenticated: true }, params: IdParamsSchema, responses: { 204: { description: 'Deleted' } } },
    async ({ params, principal }) => {
      const row = await ownFilter(db, principal, params.id);
      await db.delete(savedFilters).where(eq(savedFilters.id, row.id));
    },
  );
}
