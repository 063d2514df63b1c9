import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { CursorKey, defineCursor } from '../platform/http/cursor.js';
import { PageQuerySchema, pageSchema, toPage } from '../platform/http/pagination.js';
import { notFound } from '../platform/errors.js';
import { OrganizationSchema } from './organizations.schemas.js';
import { findOrganization, listOrganizations, listSharingGroups } from './organizations.repo.js';
import { presentOrganization } from './organizations.presenter.js';

const OrganizationDtoSchema = OrganizationSchema.openapi('Organization');
const DirectoryCursor = defineCursor('organizations', { name: CursorKey.text, id: CursorKey.uuid });
const SharingGroupSchema = z
  .object({ id: z.uuid(), name: z.string(), description: z.string(), organizationIds: z.array(z.uuid()) })
  .openapi('SharingGroup');

/** The constituent directory: organizations and sharing groups (read side; administration in the identity slice). */
export function registerOrganizationRoutes(api: Api, db: Database): void {
  api.define(
    {
      method: 'get',
      path: '/api/v1/organizations',
      summary: 'List the organizations of the CERT network',
      tags: ['Organizations'],
      access: { authenticated: true },
      query: PageQuerySchema,
      responses: { 200: { description: 'A page of organizations', schema: pageSchema(OrganizationDtoSchema) } },
    },
    async ({ query }) => {
      const after = DirectoryCursor.decode(query.cursor);
      const rows = await listOrganizations(db, query.limit, after);
      const page = toPage(rows, query.limit, DirectoryCursor, (row) => ({ name: row.name, id: row.id }));
      return { items: page.items.map(presentOrganization), next: page.next };
    },
  );

  api.define(
    {
      method: 'get',
      path: '/api/v1/organizations/:id',
      summary: 'One organization',
      tags: ['Organizations'],
      access: { authenticated: true },
      params: z.object({ id: z.uuid() }),
      responses: { 200: { description: 'The organization', schema: OrganizationDtoSchema } },
    },
    async ({ params }) => {
      const row = await findOrganization(db, params.id);
      if (!row?.active) throw notFound('Organization');
      return presentOrganization(row);
    },
  );

  api.define(
    {
      method: 'get',
      path: '/api/v1/sharing-groups',
      summary: 'List sharing groups and their member organizations',
      tags: ['Organizations'],
      access: { authenticated: true },
      responses: { 200: { description: 'All sharing groups', schema: z.object({ items: z.array(SharingGroupSchema), next: z.null() }) } },
    },
    async () => ({ items: await listSharingGroups(db), next: null }),
  );
}
