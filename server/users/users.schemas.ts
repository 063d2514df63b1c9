import { z } from 'zod';
import { OrganizationKindSchema } from '../organizations/organizations.schemas.js';

/** Roles a user holds in one organization (DESIGN.md). */
export const ROLES = ['cert_admin', 'cert_analyst', 'org_admin', 'member', 'read_only'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const LocaleSchema = z.enum(['de', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;

export const UserSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string(),
  locale: LocaleSchema,
});
export type UserDto = z.infer<typeof UserSchema>;

export const MembershipSchema = z.object({
  role: RoleSchema,
  organization: z.object({ id: z.uuid(), name: z.string(), kind: OrganizationKindSchema }),
});
export type MembershipDto = z.infer<typeof MembershipSchema>;
