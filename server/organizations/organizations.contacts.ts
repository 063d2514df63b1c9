/**
 * An organization's contacts (primary, second/secondary, security officer, emergency: name, e-mail,
 * phone). The escalation job mails the `secondary` contacts when nobody acknowledges a critical
 * advisory in time, so the organization keeps them current itself. Managed by the organization's
 * org_admins and by cert_admins; read also by CERT staff (who phone them in an emergency).
 * Contacts are personal data: no other member and no other organization reads them.
 */
import { eq } from 'drizzle-orm';
import { managesOrganization } from '../access/org-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import { requireUser, type Principal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { ContactSchema } from './organizations.schemas.js';
import { organizations } from './organizations.table.js';

const TAGS = ['Organizations'];
const IdParams = z.object({ id: z.uuid() });
const ContactInput = ContactSchema.extend({
  name: z.string().trim().min(1).max(200),
  email: z.email().trim().toLowerCase().optional(),
  // Digits with the usual separators and an optional leading +; no letters, no markup.
  phone: z.string().trim().min(3).max(50).regex(/^\+?[0-9][0-9 ()/.-]*$/, 'digits, spaces and + ( ) / . - only').optional(),
})
  .strict()
  .refine((contact) => contact.email !== undefined || contact.phone !== undefined, { message: 'a contact needs an e-mail address or a phone number', path: ['email'] });
const ContactsBody = z
  .strictObject({ contacts: z.array(ContactInput).max(20) })
  .superRefine((body, ctx) => {
    for (const role of ['primary', 'secondary'] as const) {
      const indexes = body.contacts.flatMap((contact, index) => (contact.role === role ? [index] : []));
      for (const index of indexes.slice(1)) ctx.addIssue({ code: 'custom', path: ['contacts', index, 'role'], message: `only one ${role} contact` });
    }
  });
const ContactsDto = z.object({ organizationId: z.uuid(), contacts: z.array(ContactSchema) }).openapi('OrganizationContacts');

function isCertStaff(principal: Principal): boolean {
  return principal.kind === 'user' && principal.isCert;
}

/** The contact routes of an organization. */
export function registerOrganizationContactRoutes(api: Api, db: Database): void {
  api.define(
    { method: 'get', path: '/api/v1/organizations/:id/contacts', summary: "The organization's contacts (its administrators and the CERT)", tags: TAGS, access: { authenticated: true }, params: IdParams, responses: { 200: { description: 'Contacts', schema: ContactsDto } } },
    async ({ principal, params }) => {
      const mayRead = managesOrganization(principal, params.id) || isCertStaff(principal);
      const [row] = mayRead ? await db.select({ contacts: organizations.contacts, active: organizations.active }).from(organizations).where(eq(organizations.id, params.id)) : [];
      if (!mayRead) throw new AppError('FORBIDDEN', 'Contacts are read by the administrators of the organization and the CERT.');
      if (!row?.active) throw notFound('Organization');
      return { organizationId: params.id, contacts: row.contacts };
    },
  );
  api.define(
    { method: 'put', path: '/api/v1/organizations/:id/contacts', summary: "Replace the organization's contacts (primary, second contact for escalation, …)", tags: TAGS, access: { authenticated: true }, params: IdParams, body: ContactsBody, responses: { 200: { description: 'Contacts', schema: ContactsDto } } },
    async ({ principal, params, body, req }) => {
      if (!managesOrganization(principal, params.id)) throw new AppError('FORBIDDEN', 'Contacts are managed by the administrators of the organization.');
      const user = requireUser(principal);
      return db.transaction(async (tx) => {
        const [row] = await tx.update(organizations).set({ contacts: body.contacts, updatedAt: new Date() }).where(eq(organizations.id, params.id)).returning({ contacts: organizations.contacts });
        if (!row) throw notFound('Organization');
        // Roles only: the audit trail needs who changed what, not a copy of the personal data.
        await recordAudit(tx, { userId: user.userId, label: user.email, ip: req.ip ?? null }, { action: 'organization.contacts_updated', objectType: 'organization', objectId: params.id, details: { roles: body.contacts.map((contact) => contact.role) } });
        return { organizationId: params.id, contacts: row.contacts };
      });
    },
  );
}
