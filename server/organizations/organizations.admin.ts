import { eq } from 'drizzle-orm';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { AppError, notFound } from '../platform/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { requireUser, type Principal } from '../auth/principal.js';
import { AgsSchema, OrganizationKindSchema, OrganizationSchema, SectorSchema } from './organizations.schemas.js';
import { organizations, sharingGroupMembers, sharingGroups } from './organizations.table.js';
import { enqueueOrganizationMembersChanged } from '../users/users.events.js';
import { presentOrganization } from './organizations.presenter.js';

const OrganizationBodySchema = z
  .object({
    name: z.string().trim().min(2).max(200),
    shortName: z.string().trim().max(50).nullable().optional(),
    kind: OrganizationKindSchema,
    sector: SectorSchema.nullable().optional(),
    parentId: z.uuid().nullable().optional(),
    ags: AgsSchema.nullable().optional(),
  })
  .strict();
const SharingGroupBodySchema = z
  .object({ name: z.string().trim().min(2).max(200), description: z.string().max(2000).default(''), organizationIds: z.array(z.uuid()).max(1000) })
  .strict();
const IdParams = z.object({ id: z.uuid() });

function actorOf(principal: Principal, ip: string | undefined) {
  const user = requireUser(principal);
  return { userId: user.userId, label: user.email, ip: ip ?? null };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
}

/** Unique violations become CONFLICT; everything else rises. */
async function conflictOnDuplicate<T>(work: () => Promise<T>, what: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', `${what} already exists (name or AGS taken).`);
    throw error;
  }
}

async function replaceGroupMembers(tx: Parameters<Parameters<Database['transaction']>[0]>[0], groupId: string, organizationIds: string[]) {
  const removed = await tx.delete(sharingGroupMembers).where(eq(sharingGroupMembers.sharingGroupId, groupId)).returning();
  const unique = [...new Set(organizationIds)];
  if (unique.length > 0) await tx.insert(sharingGroupMembers).values(unique.map((organizationId) => ({ sharingGroupId: groupId, organizationId })));
  await enqueueOrganizationMembersChanged(tx, [...new Set([...removed.map((row) => row.organizationId), ...unique])]);
}

/** CERT administration of the constituency: organizations and sharing groups (cert_admin only). */
export function registerOrganizationAdminRoutes(api: Api, db: Database): void {
  const OrganizationDto = OrganizationSchema.openapi('Organization');
  api.define(
    {
      method: 'post', path: '/api/v1/organizations', summary: 'Add an organization', tags: ['Organizations'],
      access: { capability: 'organization:manage' }, body: OrganizationBodySchema, successStatus: 201,
      responses: { 201: { description: 'Created', schema: OrganizationDto } },
    },
    ({ body, principal, req }) =>
      conflictOnDuplicate(
        () =>
          db.transaction(async (tx) => {
            const [row] = await tx.insert(organizations).values(body).returning();
            if (!row) throw new AppError('INTERNAL');
            await recordAudit(tx, actorOf(principal, req.ip), { action: 'organization.created', objectType: 'organization', objectId: row.id, details: { name: row.name, kind: row.kind } });
            return presentOrganization(row);
          }),
        'The organization',
      ),
  );

  api.define(
    {
      method: 'patch', path: '/api/v1/organizations/:id', summary: 'Change an organization', tags: ['Organizations'],
      access: { capability: 'organization:manage' }, params: IdParams, body: OrganizationBodySchema.partial().strict(),
      responses: { 200: { description: 'Changed', schema: OrganizationDto } },
    },
    ({ body, params, principal, req }) =>
      conflictOnDuplicate(
        () =>
          db.transaction(async (tx) => {
            const [row] = await tx.update(organizations).set({ ...body, updatedAt: new Date() }).where(eq(organizations.id, params.id)).returning();
            if (!row) throw notFound('Organization');
            if (body.parentId !== undefined || body.kind !== undefined) await enqueueOrganizationMembersChanged(tx, [row.id]);
            await recordAudit(tx, actorOf(principal, req.ip), { action: 'organization.updated', objectType: 'organization', objectId: row.id, details: { fields: Object.keys(body) } });
            return presentOrganization(row);
          }),
        'The organization',
      ),
  );

  api.define(
    {
      method: 'delete', path: '/api/v1/organizations/:id', summary: 'Deactivate an organization (kept for history)', tags: ['Organizations'],
      access: { capability: 'organization:manage' }, params: IdParams, responses: { 204: { description: 'Deactivated' } },
    },
    ({ params, principal, req }) =>
      db.transaction(async (tx) => {
        const [row] = await tx.update(organizations).set({ active: false, updatedAt: new Date() }).where(eq(organizations.id, params.id)).returning();
        if (!row) throw notFound('Organization');
        await enqueueOrganizationMembersChanged(tx, [row.id]);
        await recordAudit(tx, actorOf(principal, req.ip), { action: 'organization.deactivated', objectType: 'organization', objectId: row.id });
      }),
  );

  api.define(
    {
      method: 'post', path: '/api/v1/sharing-groups', summary: 'Create a sharing group', tags: ['Organizations'],
      access: { capability: 'sharing-group:manage' }, body: SharingGroupBodySchema, successStatus: 201,
      responses: { 201: { description: 'Created', schema: z.object({ id: z.uuid() }) } },
    },
    ({ body, principal, req }) =>
      conflictOnDuplicate(
        () =>
          db.transaction(async (tx) => {
            const [row] = await tx.insert(sharingGroups).values({ name: body.name, description: body.description }).returning();
            if (!row) throw new AppError('INTERNAL');
            await replaceGroupMembers(tx, row.id, body.organizationIds);
            await recordAudit(tx, actorOf(principal, req.ip), { action: 'sharing_group.created', objectType: 'sharing_group', objectId: row.id, details: { organizationIds: body.organizationIds } });
            return { id: row.id };
          }),
        'The sharing group',
      ),
  );

  api.define(
    {
      method: 'put', path: '/api/v1/sharing-groups/:id', summary: 'Replace a sharing group (name, description, members)', tags: ['Organizations'],
      access: { capability: 'sharing-group:manage' }, params: IdParams, body: SharingGroupBodySchema, responses: { 204: { description: 'Replaced' } },
    },
    ({ body, params, principal, req }) =>
      db.transaction(async (tx) => {
        const [row] = await tx.update(sharingGroups).set({ name: body.name, description: body.description }).where(eq(sharingGroups.id, params.id)).returning();
        if (!row) throw notFound('Sharing group');
        await replaceGroupMembers(tx, row.id, body.organizationIds);
        await recordAudit(tx, actorOf(principal, req.ip), { action: 'sharing_group.updated', objectType: 'sharing_group', objectId: row.id, details: { organizationIds: body.organizationIds } });
      }),
  );

  api.define(
    {
      method: 'delete', path: '/api/v1/sharing-groups/:id', summary: 'Delete a sharing group', tags: ['Organizations'],
      access: { capability: 'sharing-group:manage' }, params: IdParams, responses: { 204: { description: 'Deleted' } },
    },
    ({ params, principal, req }) =>
      db.transaction(async (tx) => {
        const [row] = await tx.delete(sharingGroups).where(eq(sharingGroups.id, params.id)).returning();
        if (!row) throw notFound('Sharing group');
        await recordAudit(tx, actorOf(principal, req.ip), { action: 'sharing_group.deleted', objectType: 'sharing_group', objectId: row.id, details: { name: row.name } });
      }),
  );
}
