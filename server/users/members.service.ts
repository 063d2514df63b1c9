import { and, asc, eq } from 'drizzle-orm';
import type { Database, Executor } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { recordAudit, type AuditActor } from '../audit/record-audit.js';
import type { Principal } from '../auth/principal.js';
import { assertManagesAccount, assertManagesOrganization } from '../access/org-scope.js';
import { findOrganization } from '../organizations/organizations.repo.js';
import { organizations } from '../organizations/organizations.table.js';
import { endUserSessions } from '../auth/session-end.js';
import { memberships, users } from './users.table.js';
import type { Role } from './users.schemas.js';
import { enqueuePrincipalChanged } from './users.events.js';
import type { Mailer } from '../platform/mail.js';

async function organizationFor(db: Database, principal: Principal, organizationId: string, role?: Role) {
  const organization = await findOrganization(db, organizationId);
  if (!organization?.active) throw notFound('Organization');
  assertManagesOrganization(principal, organization.id, organization.kind, role);
  return organization;
}

/** Members of an organization the caller administers. */
export async function listMembers(db: Database, principal: Principal, organizationId: string) {
  await organizationFor(db, principal, organizationId);
  return db
    .select({ userId: users.id, email: users.email, name: users.name, active: users.active, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(users.email));
}

/**
 * Adds a member: an existing user by e-mail, or a new account (invited: no password until they use
 * the reset link mailed by the caller). Audited as `membership.added` (and `user.invited`).
 * `invited` and `active` are for the caller's mail only: the answer to the org_admin must not say
 * whether the address already had an account.
 * @returns the user id, whether the account is new, whether it is active, and the organization's name.
 */
export async function addMember(
  db: Database,
  principal: Principal,
  actor: AuditActor,
  organizationId: string,
  input: { email: string; name?: string | undefined; role: Role },
): Promise<{ userId: string; invited: boolean; active: boolean; organizationName: string }> {
  const organization = await organizationFor(db, principal, organizationId, input.role);
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    let [user] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
    const invited = !user;
    if (!user) {
      [user] = await tx.insert(users).values({ email, name: input.name ?? email }).returning();
      if (!user) throw new AppError('INTERNAL');
      await recordAudit(tx, actor, { action: 'user.invited', objectType: 'user', objectId: user.id, details: { organizationId } });
    }
    const inserted = await tx.insert(memberships).values({ userId: user.id, organizationId, role: input.role }).onConflictDoNothing().returning();
    if (inserted.length === 0) throw new AppError('CONFLICT', 'The user is already a member of this organization.');
    await recordAudit(tx, actor, { action: 'membership.added', objectType: 'user', objectId: user.id, details: { organizationId, role: input.role } });
    await enqueuePrincipalChanged(tx, [user.id]);
    return { userId: user.id, invited, active: user.active, organizationName: organization.name };
  });
}

/**
 * Tells an existing account it was added to an organization: it learns of the new access, and the
 * request sends one mail whether or not the address had an account (no timing difference to read).
 */
export async function mailAddedMember(mailer: Mailer, baseUrl: string, email: string, organizationName: string, role: Role): Promise<void> {
  await mailer.send({
    to: email,
    subject: `Lagebild: Mitglied von ${organizationName} / member of ${organizationName}`,
    text: [
      `Sie wurden in Lagebild der Organisation ${organizationName} hinzugefügt (Rolle: ${role}).`,
      `You were added to the organization ${organizationName} in Lagebild (role: ${role}).`,
      '',
      baseUrl,
      '',
      'Erwarten Sie das nicht, wenden Sie sich an das CERT. / If you did not expect this, contact the CERT.',
    ].join('\n'),
  });
}

/** Changes a member's role (within what the caller may grant). Audited as `membership.role_changed`. */
export async function changeMemberRole(db: Database, principal: Principal, actor: AuditActor, organizationId: string, userId: string, role: Role) {
  const organization = await organizationFor(db, principal, organizationId, role);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
    if (!before) throw notFound('Member');
    // An org_admin may not demote or touch a role they could not grant themselves.
    assertManagesOrganization(principal, organizationId, organization.kind, before.role);
    await tx.update(memberships).set({ role }).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
    await recordAudit(tx, actor, { action: 'membership.role_changed', objectType: 'user', objectId: userId, details: { organizationId, from: before.role, to: role } });
    await enqueuePrincipalChanged(tx, [userId]);
  });
}

/** Removes a membership. Audited as `membership.removed`. */
export async function removeMember(db: Database, principal: Principal, actor: AuditActor, organizationId: string, userId: string) {
  await organizationFor(db, principal, organizationId);
  await db.transaction(async (tx) => {
    const removed = await tx.delete(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId))).returning();
    if (removed.length === 0) throw notFound('Member');
    await recordAudit(tx, actor, { action: 'membership.removed', objectType: 'user', objectId: userId, details: { organizationId, role: removed[0]?.role } });
    await enqueuePrincipalChanged(tx, [userId]);
  });
}

/**
 * Loads a member's every membership and checks the caller administers all of them (the rule in
 * `access/org-scope.ts`), inside the transaction that then changes the account.
 * @throws NOT_FOUND when the user is no member of `organizationId`, FORBIDDEN per `assertManagesAccount`.
 */
async function assertManagesMemberAccount(tx: Executor, principal: Principal, organizationId: string, userId: string): Promise<void> {
  const all = await tx
    .select({ organizationId: memberships.organizationId, organizationKind: organizations.kind })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId));
  if (!all.some((membership) => membership.organizationId === organizationId)) throw notFound('Member');
  assertManagesAccount(principal, all);
}

/**
 * Deactivates (locks) a member's account and ends their sessions. Only for users whose every membership
 * is in organizations the caller administers, so one org_admin cannot lock out another organization's staff.
 */
export async function deactivateMember(db: Database, principal: Principal, actor: AuditActor, organizationId: string, userId: string) {
  await organizationFor(db, principal, organizationId);
  await db.transaction(async (tx) => {
    await assertManagesMemberAccount(tx, principal, organizationId, userId);
    await tx.update(users).set({ active: false, updatedAt: new Date() }).where(eq(users.id, userId));
    await endUserSessions(tx, userId);
    await recordAudit(tx, actor, { action: 'user.deactivated', objectType: 'user', objectId: userId, details: { organizationId } });
    await enqueuePrincipalChanged(tx, [userId]);
  });
}

/**
 * Reactivates (unlocks) a locked account, under the same rule as locking it: the user signs in again
 * with their password or IdP. Audited as `user.reactivated`; an account already active is left as it is
 * and not audited again.
 */
export async function reactivateMember(db: Database, principal: Principal, actor: AuditActor, organizationId: string, userId: string) {
  await organizationFor(db, principal, organizationId);
  await db.transaction(async (tx) => {
    await assertManagesMemberAccount(tx, principal, organizationId, userId);
    const changed = await tx.update(users).set({ active: true, updatedAt: new Date() }).where(and(eq(users.id, userId), eq(users.active, false))).returning({ id: users.id });
    if (changed.length === 0) return;
    await recordAudit(tx, actor, { action: 'user.reactivated', objectType: 'user', objectId: userId, details: { organizationId } });
    await enqueuePrincipalChanged(tx, [userId]);
  });
}
