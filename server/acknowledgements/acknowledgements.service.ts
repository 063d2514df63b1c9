/**
 * Acknowledgements ("does this affect you?" answered by the organization) and read receipts.
 * Each answer is a new row (history kept) plus an outbox event that the CERT sees live; the event
 * is addressed like "affects you" events (never wider than the advisory, see access/organization-view).
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { assertCanView } from '../access/assert.js';
import { loadOrganizationStandings, organizationCanView } from '../access/organization-view.js';
import { tlpLabel } from '../access/tlp.js';
import { accessObjectOf, auditActorOf, isPublished } from '../advisories/advisories.policy.js';
import { findAdvisoryVisibleTo } from '../advisories/advisories.repo.js';
import { recordAudit } from '../audit/record-audit.js';
import { requireUser, type Principal, type UserPrincipal } from '../auth/principal.js';
import { advisoryAffected } from '../matching/matching.table.js';
import type { Database, Executor } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { emitEvent } from '../access/event-declaration.js';
import { ADVISORY_ACKNOWLEDGED } from './acknowledgements.events.js';
import { users } from '../users/users.table.js';
import { acknowledgements, advisoryReads, type AckStatus } from './acknowledgements.table.js';


export type AckContext = { db: Database; principal: Principal; ip: string | null };

/** The organization a user acts for: the given one (must be theirs), or their only one. */
export function actingOrganization(principal: UserPrincipal, organizationId: string | undefined): string {
  if (organizationId) {
    if (!principal.organizationIds.includes(organizationId)) throw new AppError('FORBIDDEN', 'You answer for your own organization only.');
    return organizationId;
  }
  const own = principal.memberships.filter((membership) => membership.organizationKind !== 'cert');
  if (own.length === 1) return own[0]!.organizationId;
  throw new AppError('VALIDATION_FAILED', 'Say for which of your organizations you answer.', [{ path: 'organizationId', message: 'required' }]);
}

/** One acknowledgement as the API gives it. */
function presentAck(row: { id: number; status: AckStatus; comment: string | null; createdAt: Date; userId: string | null; userName: string | null; organizationId: string }) {
  return { id: row.id, organizationId: row.organizationId, status: row.status, comment: row.comment, at: row.createdAt.toISOString(), by: row.userName ?? null };
}

/** The history of one organization's answers to one advisory, newest first. */
export async function acknowledgementHistory(db: Executor, advisoryId: string, organizationId: string) {
  const rows = await db
    .select({ id: acknowledgements.id, status: acknowledgements.status, comment: acknowledgements.comment, createdAt: acknowledgements.createdAt, userId: acknowledgements.userId, userName: users.name, organizationId: acknowledgements.organizationId })
    .from(acknowledgements)
    .leftJoin(users, eq(users.id, acknowledgements.userId))
    .where(and(eq(acknowledgements.advisoryId, advisoryId), eq(acknowledgements.organizationId, organizationId)))
    .orderBy(desc(acknowledgements.id));
  return rows.map(presentAck);
}

/**
 * Records an organization's answer to a published advisory it may see.
 * @throws NOT_FOUND (invisible) | INVALID_STATE (draft) | FORBIDDEN (not their organization)
 */
export async function acknowledge(ctx: AckContext, advisoryId: string, input: { status: AckStatus; comment?: string | undefined; organizationId?: string | undefined }) {
  const principal = requireUser(ctx.principal);
  const organizationId = actingOrganization(principal, input.organizationId);
  return ctx.db.transaction(async (tx) => {
    const row = await findAdvisoryVisibleTo(tx, principal, advisoryId);
    if (!row) throw notFound('Advisory');
    assertCanView(principal, accessObjectOf(row), 'Advisory');
    if (!isPublished(row.status)) throw new AppError('INVALID_STATE', 'Only published advisories are acknowledged.');
    const [ack] = await tx.insert(acknowledgements).values({ advisoryId, organizationId, userId: principal.userId, status: input.status, comment: input.comment ?? null }).returning();
    await recordAudit(tx, auditActorOf(principal, ctx.ip), { action: 'advisory.acknowledged', objectType: 'advisory', objectId: advisoryId, tlp: row.tlp, details: { organizationId, status: input.status } });
    const org = (await loadOrganizationStandings(tx, [organizationId])).get(organizationId)!;
    if (organizationCanView(org, accessObjectOf(row))) {
      await emitEvent(tx, ADVISORY_ACKNOWLEDGED, advisoryId, {
        advisoryId,
        organizationId,
        organizationName: org.name,
        status: input.status,
        comment: input.comment ?? null,
        at: ack!.createdAt.toISOString(),
        by: principal.name,
        tlp: tlpLabel(row.tlp),
      });
    }
    return { current: presentAck({ ...ack!, userName: principal.name }), history: await acknowledgementHistory(tx, advisoryId, organizationId) };
  });
}

/** The caller's organizations' answers to an advisory they see. @throws NOT_FOUND */
export async function listOwnAcknowledgements(ctx: AckContext, advisoryId: string) {
  const principal = requireUser(ctx.principal);
  const row = await findAdvisoryVisibleTo(ctx.db, principal, advisoryId);
  if (!row) throw notFound('Advisory');
  const items = [];
  for (const organizationId of principal.organizationIds) items.push(...(await acknowledgementHistory(ctx.db, advisoryId, organizationId)));
  return { items };
}

/**
 * A read receipt: a member of an affected organization opened the advisory. One statement, and a
 * no-op for everyone else (and for repeated reads).
 */
export async function recordRead(db: Executor, principal: Principal, advisoryId: string): Promise<void> {
  if (principal.kind !== 'user' || principal.organizationIds.length === 0) return;
  await db.execute(sql`
    insert into ${advisoryReads} (advisory_id, user_id, organization_id)
    select ${advisoryId}::uuid, ${principal.userId}::uuid, a.organization_id from ${advisoryAffected} a
    where a.advisory_id = ${advisoryId}::uuid and a.organization_id in ${principal.organizationIds}
    on conflict do nothing`);
}

/** Current (newest) answer per organization for the given advisories. */
export async function currentAcknowledgements(db: Executor, advisoryIds: readonly string[]) {
  if (advisoryIds.length === 0) return new Map<string, ReturnType<typeof presentAck>>();
  const rows = await db
    .selectDistinctOn([acknowledgements.advisoryId, acknowledgements.organizationId], {
      id: acknowledgements.id,
      advisoryId: acknowledgements.advisoryId,
      organizationId: acknowledgements.organizationId,
      status: acknowledgements.status,
      comment: acknowledgements.comment,
      createdAt: acknowledgements.createdAt,
      userId: acknowledgements.userId,
      userName: users.name,
    })
    .from(acknowledgements)
    .leftJoin(users, eq(users.id, acknowledgements.userId))
    .where(inArray(acknowledgements.advisoryId, [...advisoryIds]))
    .orderBy(acknowledgements.advisoryId, acknowledgements.organizationId, desc(acknowledgements.id));
  return new Map(rows.map((row) => [`${row.advisoryId}|${row.organizationId}`, presentAck(row)]));
}

