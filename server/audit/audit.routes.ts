import { and, asc, desc, eq, gt, gte, lt, lte } from 'drizzle-orm';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { freeForm, z } from '../platform/http/openapi-zod.js';
import { CursorKey, defineCursor } from '../platform/http/cursor.js';
import { PageQuerySchema, pageSchema, toPage } from '../platform/http/pagination.js';
import { requireUser } from '../auth/principal.js';
import { auditLog, type AuditRow } from './audit.table.js';
import { auditNames, auditObjectKey, detailNamesOf } from './object-labels.js';
import { recordAuditNow } from './record-audit.js';
import { verifyAuditChain } from './verify-audit.js';

const AuditQuerySchema = PageQuerySchema.extend({
  /** Exact action, or a prefix ending in `.` (`session.` lists every session event). */
  action: z.string().max(100).optional(),
  actorUserId: z.uuid().optional(),
  actor: z.string().max(320).optional(),
  objectType: z.string().max(50).optional(),
  objectId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** By the order entries were recorded (the chain's order, which is their time order): newest first by default. */
  order: z.enum(['desc', 'asc']).default('desc'),
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
    /** The object's current name, for organizations, users, sharing groups, feed sources and API tokens that still exist; null otherwise (advisory and incident titles are not given here). */
    objectName: z.string().nullable(),
    /** Names of the organizations, users and sharing groups whose ids the details hold, by id. */
    detailNames: z.record(z.string(), z.string()),
    tlp: z.string().nullable(),
    ip: z.string().nullable(),
    details: freeForm('What the action changed or concerned; keys depend on the action'),
    hash: z.string(),
  })
  .openapi('AuditEntry');

const VerificationSchema = z
  .object({
    rowsChecked: z.number().int(),
    intact: z.boolean(),
    problems: z.array(z.object({ id: z.number().int(), problem: z.enum(['altered', 'broken_link']) })),
    checkedAt: z.string(),
  })
  .openapi('AuditVerification');

/** At most this many problems are listed; a mass tampering is evident from the first ones. */
const MAX_LISTED_PROBLEMS = 100;
/** One codec per direction: a cursor handed out newest-first is rejected (400) when the order was switched. */
const AUDIT_CURSORS = { desc: defineCursor('audit', { id: CursorKey.sequence }), asc: defineCursor('audit-asc', { id: CursorKey.sequence }) } as const;

function present(row: AuditRow, names: ReadonlyMap<string, string>) {
  return { ...row, occurredAt: row.occurredAt.toISOString(), objectName: names.get(auditObjectKey(row.objectType, row.objectId)) ?? null, detailNames: detailNamesOf(row, names), prevHash: undefined };
}

/**
 * GET /api/v1/audit: the audit trail for CERT admins, newest first, filtered and cursor-paginated;
 * GET /api/v1/audit/verify: the hash-chain check of `npm run audit:verify`, from the browser.
 */
export function registerAuditRoutes(api: Api, db: Database): void {
  api.define(
    {
      method: 'get',
      path: '/api/v1/audit',
      summary: 'Browse the audit trail (newest first, or oldest first with order=asc)',
      tags: ['Audit'],
      access: { capability: 'audit:read' },
      query: AuditQuerySchema,
      responses: { 200: { description: 'A page of audit entries in the requested order', schema: pageSchema(AuditEntrySchema) } },
    },
    async ({ query }) => {
      const cursor = AUDIT_CURSORS[query.order];
      const after = cursor.decode(query.cursor);
      const ascending = query.order === 'asc';
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
            after ? (ascending ? gt(auditLog.id, after.id) : lt(auditLog.id, after.id)) : undefined,
          ),
        )
        .orderBy(ascending ? asc(auditLog.id) : desc(auditLog.id))
        .limit(query.limit + 1);
      const page = toPage(rows, query.limit, cursor, (row) => ({ id: row.id }));
      const names = await auditNames(db, page.items);
      return { items: page.items.map((row) => present(row, names)), next: page.next };
    },
  );
  api.define(
    {
      method: 'get',
      path: '/api/v1/audit/verify',
      summary: 'Verify the hash chain of the audit trail (every row)',
      tags: ['Audit'],
      access: { capability: 'audit:read' },
      responses: { 200: { description: 'Rows checked and the breaks found', schema: VerificationSchema } },
    },
    async ({ principal, req }) => {
      const user = requireUser(principal);
      const result = await verifyAuditChain(db);
      // The check itself is recorded (after the walk, so the new row is not part of what was checked).
      await recordAuditNow(db, { userId: user.userId, label: user.email, ip: req.ip ?? null }, {
        action: 'audit.verified',
        details: { rowsChecked: result.rows, problems: result.problems.length },
      });
      return {
        rowsChecked: result.rows,
        intact: result.problems.length === 0,
        problems: result.problems.slice(0, MAX_LISTED_PROBLEMS),
        checkedAt: new Date().toISOString(),
      };
    },
  );
}
