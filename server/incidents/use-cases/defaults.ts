/**
 * What the reporting wizard starts from, so a KRITIS energy operator never starts at "–": the
 * organization profile's sector, NIS2 entity type and KRITIS status, and a contact (the user
 * reporting, with the organization's primary contact's phone number when the user has none).
 */
import { eq } from 'drizzle-orm';
import { requireUser } from '../../auth/principal.js';
import { users } from '../../users/users.table.js';
import type { IncidentUseCaseContext } from '../incidents.policy.js';
import { organizationOf } from './load.js';
import { reportingOrganizationOf } from './write-incident.js';

/** @throws AppError VALIDATION_FAILED for an organization the caller does not belong to */
export async function incidentDefaults(ctx: IncidentUseCaseContext, requested: string | undefined) {
  const user = requireUser(ctx.principal);
  const organizationId = reportingOrganizationOf(ctx, requested);
  const organization = await organizationOf(ctx.db, organizationId);
  const [me] = await ctx.db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, user.userId)).limit(1);
  const primary = organization.contacts.find((contact) => contact.role === 'primary');
  const emergency = organization.contacts.find((contact) => contact.role === 'emergency');
  const entityType = organization.nis2EntityType ?? 'none';
  return {
    organization: { id: organization.id, name: organization.name, kind: organization.kind },
    sector: organization.sector,
    entityType,
    kritis: organization.kritisOperator,
    contact: { name: me?.name ?? user.name, email: me?.email ?? user.email, phone: emergency?.phone ?? primary?.phone ?? null },
    /** Whether the profile has been filled in: the wizard asks to complete it otherwise. */
    profileComplete: organization.sector !== null && organization.nis2EntityType !== null,
  };
}
