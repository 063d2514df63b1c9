import { and, desc, eq, gte, lt, lte } from 'drizzle-orm';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { decodeCursor, PageQuerySchema, pageSchema, toPage } from '../platform/http/pagination.js';
import { auditLog, type AuditRow } from './audit.table.js';

const AuditQuerySchema = PageQuerySchema.extend({
  /** Exact action, or a prefix ending in `.` (`session.` lists every session event). */
  action: z.string().max(100).optional(),
  actorUserId: z.uuid().optional(),
  actor: z.string().max(320).optional(),
  objectType: z.string().max(50).optional(),
  objectId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    occurredAt: z.string(),
    actorUserId: z.string().nullable(),
    actor: z.string(),
    action: z.string(),
    objectType: z.string().nullable(),
    objectId: z.string().nullable(),
    tlp: z.string().nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .openapi('AuditEntry');

function present(row: AuditRow) {
  return { ...row, occurredAt: row.occurredAt.toISOString(), prevHash: undefined };
}

/** GET /api/v1/audit: the audit trail for CERT admins, newest first, filtered and cursor-paginated. */
export function registerAuditRoutes(api: Api, db: Database): void {
  api.define(
    {
      method: 'get',
      path: '/api/v1/audit',
      summary: 'Browse the audit trail',
      tags: ['Audit'],
      access: { capability: 'audit:read' },
      query: AuditQuerySchema,
      responses: { 200: { description: 'A page of audit entries, newest first', schema: pageSchema(AuditEntrySchema) } },
    },
    async ({ query }) => {
      const after = decodeCursor(query.cursor, z.object({ id: z.number().int() }));
      const action = query.action?.endsWith('.')
        ? and(gte(auditLog.action, query.action), lt(auditLog.action, `${query.action}\uffff`))
        : query.action
          ? eq(auditLog.action, query.action)
          : undefined;
      const rows = await db
        .select()
        .from(auditLog)
        .where(
          and(
            action,
            query.actorUserId ? eq(auditLog.actorUserId, query.actorUserId) : undefined,
            query.actor ? eq(auditLog.actor, query.actor.toLowerCase()) : undefined,
            query.objectType ? eq(auditLog.objectType, query.objectType) : undefined,
            query.objectId ? eq(auditLog.objectId, query.objectId) : undefined,
            query.from ? gte(auditLog.occurredAt, new Date(query.from)) : undefined,
            query.to ? lte(auditLog.occurredAt, new Date(query.to)) : undefined,
            after ? lt(auditLog.id, after.id) : undefined,
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(query.limit + 1);
      const page = toPage(rows, query.limit, (row) => ({ id: row.id }));
      return { items: page.items.map(present), next: page.next };
    },
  );
}
