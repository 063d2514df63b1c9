/**
 * Accounts an operator manages from the command line (`npm run admin`): the first cert_admin of a
 * platform without the demo community, password resets for locked-out administrators, the list of
 * administrators. Every change is audited with the operator command as actor.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../platform/db/client.js';
import { recordAudit, type AuditActor } from '../audit/record-audit.js';
import { organizations } from '../organizations/organizations.table.js';
import { endUserSessions } from '../auth/session-end.js';
import { memberships, users } from './users.table.js';

/** Why an account command could not do what it was asked; the message is shown to the operator. */
export class AccountCommandError extends Error {}

/** A cert_admin as `list-admins` shows it. */
export type AdminAccount = { email: string; name: string; organization: string; active: boolean; lastLoginAt: Date | null; passwordChangeRequired: boolean };

/**
 * The CERT organization a new administrator joins: the one named, else the only organization of kind
 * `cert`, else a new one named `fallbackName` (a platform started without the demo has none).
 */
async function certOrganization(db: Database, named: string | undefined, fallbackName: string, actor: AuditActor): Promise<{ id: string; name: string }> {
  if (named) {
    const [row] = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(eq(organizations.name, named));
    if (!row) throw new AccountCommandError(`Organisation „${named}“ gibt es nicht / no such organization`);
    return row;
  }
  const certs = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(eq(organizations.kind, 'cert'));
  if (certs.length === 1) return certs[0]!;
  if (certs.length > 1) throw new AccountCommandError(`Mehrere CERT-Organisationen – mit --organization wählen: ${certs.map((org) => org.name).join(', ')}`);
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(organizations).values({ name: fallbackName, kind: 'cert' }).returning({ id: organizations.id, name: organizations.name });
    await recordAudit(tx, actor, { action: 'organization.created', objectType: 'organization', objectId: created!.id, details: { kind: 'cert', via: 'cli' } });
    return created!;
  });
}

/**
 * Creates a cert_admin with the given password hash. `oneTime` marks the password as one the user
 * must replace at the first login.
 * @throws AccountCommandError when the address is taken or the organization is ambiguous
 */
export async function createCertAdmin(
  db: Database,
  input: { email: string; name: string; passwordHash: string; oneTime: boolean; organization?: string | undefined; fallbackOrganization: string },
  actor: AuditActor,
): Promise<{ userId: string; organization: string }> {
  const email = input.email.trim().toLowerCase();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) throw new AccountCommandError(`${email} hat bereits ein Konto – reset-password verwenden / already has an account`);
  const organization = await certOrganization(db, input.organization, input.fallbackOrganization, actor);
  return db.transaction(async (tx) => {
    const [user] = await tx.insert(users).values({ email, name: input.name.trim(), passwordHash: input.passwordHash, passwordChangeRequired: input.oneTime }).returning({ id: users.id });
    await tx.insert(memberships).values({ userId: user!.id, organizationId: organization.id, role: 'cert_admin' });
    await recordAudit(tx, actor, { action: 'user.admin.created', objectType: 'user', objectId: user!.id, details: { role: 'cert_admin', organizationId: organization.id, oneTimePassword: input.oneTime } });
    return { userId: user!.id, organization: organization.name };
  });
}

/**
 * Sets a new password for an account and ends all its sessions (whoever had them must log in again).
 * @throws AccountCommandError for an unknown address
 */
export async function resetAccountPassword(db: Database, email: string, passwordHash: string, oneTime: boolean, actor: AuditActor): Promise<{ userId: string }> {
  const normalized = email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ passwordHash, passwordChangeRequired: oneTime, updatedAt: new Date() })
      .where(eq(users.email, normalized))
      .returning({ id: users.id });
    if (!user) throw new AccountCommandError(`Kein Konto mit ${normalized} / no such account`);
    await endUserSessions(tx, user.id);
    await recordAudit(tx, actor, { action: 'user.password.reset_by_operator', objectType: 'user', objectId: user.id, details: { oneTimePassword: oneTime } });
    return { userId: user.id };
  });
}

/** Every cert_admin, by e-mail. */
export async function listCertAdmins(db: Database): Promise<AdminAccount[]> {
  return db
    .select({ email: users.email, name: users.name, organization: organizations.name, active: users.active, lastLoginAt: users.lastLoginAt, passwordChangeRequired: users.passwordChangeRequired })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.role, 'cert_admin')))
    .orderBy(asc(users.email));
}
