import { and, eq } from 'drizzle-orm';
import type { IdentityProviderConfig } from '../../config/identity-providers.schema.js';
import type { Database } from '../platform/db/client.js';
import { recordAudit } from '../audit/record-audit.js';
import { organizations } from '../organizations/organizations.table.js';
import { userIdentities } from '../auth/saml/saml.table.js';
import { memberships, users } from './users.table.js';
import { ROLES, type Role } from './users.schemas.js';
import { enqueuePrincipalChanged } from './users.events.js';

/** What an IdP said about the user, attributes normalized to string arrays. */
export type IdpProfile = { nameID: string; attributes: Record<string, string[]> };

/** Why provisioning refused a login (audited with `session.saml.rejected`). */
export class ProvisioningRefused extends Error {
  constructor(readonly reason: 'no_email' | 'email_domain_not_allowed' | 'no_organization' | 'unknown_user' | 'user_inactive') {
    super(reason);
    this.name = 'ProvisioningRefused';
  }
}

/** IdPs send one value as a string and several as an array (STACK.md gotcha 10): always an array. */
export function normalizeAttributes(raw: Record<string, unknown> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const values = (Array.isArray(value) ? value : [value]).filter((inner): inner is string | number => typeof inner === 'string' || typeof inner === 'number');
    out[name] = values.map(String);
  }
  return out;
}

// ROLES is ordered most privileged first.
function mostPrivileged(roles: Role[]): Role | undefined {
  return [...roles].sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b))[0];
}

function roleFor(profile: IdpProfile, idp: IdentityProviderConfig, organizationKind: string): Role {
  const groups = profile.attributes[idp.attributes.groups] ?? [];
  const mapped = groups.map((group) => idp.provisioning.groupRoles[group]).filter((role): role is Role => role !== undefined);
  // CERT roles from an IdP only count inside the CERT organization; elsewhere they would be meaningless.
  const allowed = mapped.filter((role) => organizationKind === 'cert' || (role !== 'cert_admin' && role !== 'cert_analyst'));
  return mostPrivileged(allowed) ?? idp.provisioning.defaultRole;
}

/**
 * The single just-in-time provisioning function every SAML login goes through: maps IdP attributes to
 * the user, their organization (fixed or by AGS) and role, creating or updating as the IdP's rules say.
 * Audits `user.provisioned` and `membership.role_changed`.
 * @returns the local user id.
 * @throws ProvisioningRefused when the rules do not allow this login.
 */
export async function provisionUser(db: Database, profile: IdpProfile, idp: IdentityProviderConfig): Promise<string> {
  const email = (profile.attributes[idp.attributes.email]?.[0] ?? (profile.nameID.includes('@') ? profile.nameID : '')).trim().toLowerCase();
  if (!email) throw new ProvisioningRefused('no_email');
  const domain = email.split('@')[1] ?? '';
  if (idp.provisioning.allowedEmailDomains.length > 0 && !idp.provisioning.allowedEmailDomains.includes(domain)) {
    throw new ProvisioningRefused('email_domain_not_allowed');
  }
  const ags = idp.provisioning.fixedOrganizationAgs ?? profile.attributes[idp.attributes.ags]?.[0];
  const [organization] = idp.provisioning.fixedOrganizationName
    ? await db.select().from(organizations).where(eq(organizations.name, idp.provisioning.fixedOrganizationName)).limit(1)
    : ags
      ? await db.select().from(organizations).where(eq(organizations.ags, ags)).limit(1)
      : [];
  if (!organization?.active) throw new ProvisioningRefused('no_organization');
  const role = roleFor(profile, idp, organization.kind);
  const name = profile.attributes[idp.attributes.name]?.[0] ?? email;
  const actor = { userId: null, label: `idp:${idp.id}` };

  return db.transaction(async (tx) => {
    const [identity] = await tx.select().from(userIdentities).where(and(eq(userIdentities.idp, idp.id), eq(userIdentities.subject, profile.nameID))).limit(1);
    let [user] = identity
      ? await tx.select().from(users).where(eq(users.id, identity.userId)).limit(1)
      : await tx.select().from(users).where(eq(users.email, email)).limit(1);
    if (!user) {
      if (!idp.provisioning.createUsers) throw new ProvisioningRefused('unknown_user');
      [user] = await tx.insert(users).values({ email, name }).returning();
      if (!user) throw new ProvisioningRefused('unknown_user');
      await recordAudit(tx, actor, { action: 'user.provisioned', objectType: 'user', objectId: user.id, details: { idp: idp.id, organizationId: organization.id, role } });
    }
    if (!user.active) throw new ProvisioningRefused('user_inactive');
    await tx
      .insert(userIdentities)
      .values({ idp: idp.id, subject: profile.nameID, userId: user.id })
      .onConflictDoUpdate({ target: [userIdentities.idp, userIdentities.subject], set: { lastLoginAt: new Date() } });
    const [membership] = await tx.select().from(memberships).where(and(eq(memberships.userId, user.id), eq(memberships.organizationId, organization.id))).limit(1);
    if (!membership) {
      await tx.insert(memberships).values({ userId: user.id, organizationId: organization.id, role });
      await recordAudit(tx, actor, { action: 'membership.added', objectType: 'user', objectId: user.id, details: { organizationId: organization.id, role, idp: idp.id } });
      await enqueuePrincipalChanged(tx, [user.id]);
    } else if (membership.role !== role && Object.keys(idp.provisioning.groupRoles).length > 0) {
      // Only an IdP that maps groups to roles is authoritative for the role; otherwise local admins decide.
      await tx.update(memberships).set({ role }).where(and(eq(memberships.userId, user.id), eq(memberships.organizationId, organization.id)));
      await recordAudit(tx, actor, { action: 'membership.role_changed', objectType: 'user', objectId: user.id, details: { organizationId: organization.id, from: membership.role, to: role, idp: idp.id } });
      await enqueuePrincipalChanged(tx, [user.id]);
    }
    return user.id;
  });
}
