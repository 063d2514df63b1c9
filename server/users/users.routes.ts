import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { CursorKey, defineCursor } from '../platform/http/cursor.js';
import { CursorParamSchema, pageSchema, toPage } from '../platform/http/pagination.js';
import { searchDirectoryUsers } from './users.repo.js';

const DirectoryQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  /** Comma-separated user ids: resolves the names of recipients an advisory already names. */
  ids: z
    .string()
    .transform((text) => text.split(',').filter(Boolean))
    .pipe(z.array(z.uuid()).min(1).max(100))
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: CursorParamSchema,
});
const DirectoryCursor = defineCursor('users', { name: CursorKey.text, id: CursorKey.uuid });
const DirectoryUserSchema = z
  .object({ id: z.uuid(), name: z.string(), organization: z.object({ id: z.uuid(), name: z.string() }).nullable() })
  .openapi('DirectoryUser');

/**
 * The recipient directory: CERT staff who write advisories look up the people a TLP:RED advisory
 * names. It needs `advisory:write` (not `members:manage`, which analysts lack) and shows only what
 * addressing needs: no e-mail addresses, roles or account state.
 */
export function registerUserDirectoryRoutes(api: Api, db: Database): void {
  api.define(
    {
      method: 'get',
      path: '/api/v1/users',
      summary: 'Find active users to name as TLP:RED recipients (name or e-mail contains q)',
      tags: ['Users'],
      access: { capability: 'advisory:write' },
      query: DirectoryQuerySchema,
      responses: { 200: { description: 'A page of users in name order', schema: pageSchema(DirectoryUserSchema) } },
    },
    async ({ query }) => {
      const after = DirectoryCursor.decode(query.cursor);
      const rows = await searchDirectoryUsers(db, { q: query.q || undefined, ids: query.ids }, query.limit, after);
      return toPage(rows, query.limit, DirectoryCursor, (row) => ({ name: row.name, id: row.id }));
    },
  );
}
