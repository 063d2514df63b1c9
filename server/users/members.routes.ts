import type { Request } from 'express';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import type { Mailer } from '../platform/mail.js';
import { z } from '../platform/http/openapi-zod.js';
import { requestPasswordReset } from '../auth/account.service.js';
import { requireUser, type Principal } from '../auth/principal.js';
import { RoleSchema } from './users.schemas.js';
import { addMember, changeMemberRole, deactivateMember, listMembers, mailAddedMember, reactivateMember, removeMember } from './members.service.js';

const OrgParams = z.object({ id: z.uuid() });
const MemberParams = z.object({ id: z.uuid(), userId: z.uuid() });
const MemberSchema = z
  .object({ userId: z.uuid(), email: z.string(), name: z.string(), active: z.boolean(), role: RoleSchema })
  .openapi('Member');

function actorOf(principal: Principal, req: Request) {
  const user = requireUser(principal);
  return { userId: user.userId, label: user.email, ip: req.ip ?? null };
}

/**
 * Member administration of one organization: org_admins for their own, cert_admins for all (CERT staff
 * included). `members:manage` on the route, the org scope in `access/org-scope.ts`.
 */
export function registerMemberRoutes(api: Api, deps: { db: Database; mailer: Mailer; baseUrl: string }): void {
  const { db } = deps;
  const access = { capability: 'members:manage' } as const;
  api.define(
    {
      method: 'get', path: '/api/v1/organizations/:id/members', summary: 'Members of an organization', tags: ['Members'], access, params: OrgParams,
      responses: { 200: { description: 'Members', schema: z.object({ items: z.array(MemberSchema), next: z.null() }) } },
    },
    async ({ params, principal }) => ({ items: await listMembers(db, principal, params.id), next: null }),
  );

  api.define(
    {
      method: 'post', path: '/api/v1/organizations/:id/members', summary: 'Add a member by e-mail: an existing account is added, a new address invited', tags: ['Members'], access,
      params: OrgParams, body: z.object({ email: z.email(), name: z.string().trim().min(1).max(200).optional(), role: RoleSchema }).strict(),
      successStatus: 201,
      responses: { 201: { description: 'Added; the same answer whether or not the address already had an account (a new one is invited by e-mail)', schema: z.object({ userId: z.uuid() }) } },
    },
    async ({ params, body, principal, req }) => {
      const result = await addMember(db, principal, actorOf(principal, req), params.id, body);
      // The invitation is a password reset link: one mechanism for setting a password, one token table.
      // An existing account is told of its new membership instead; the answer is the same either way.
      if (result.invited) await requestPasswordReset(db, deps.mailer, deps.baseUrl, body.email, req.ip ?? null);
      else if (result.active) await mailAddedMember(deps.mailer, deps.baseUrl, body.email.trim().toLowerCase(), result.organizationName, body.role);
      return { userId: result.userId };
    },
  );

  api.define(
    {
      method: 'patch', path: '/api/v1/organizations/:id/members/:userId', summary: "Change a member's role", tags: ['Members'], access,
      params: MemberParams, body: z.object({ role: RoleSchema }).strict(), responses: { 204: { description: 'Changed' } },
    },
    ({ params, body, principal, req }) => changeMemberRole(db, principal, actorOf(principal, req), params.id, params.userId, body.role),
  );

  api.define(
    {
      method: 'delete', path: '/api/v1/organizations/:id/members/:userId', summary: 'Remove a member', tags: ['Members'], access,
      params: MemberParams, responses: { 204: { description: 'Removed' } },
    },
    ({ params, principal, req }) => removeMember(db, principal, actorOf(principal, req), params.id, params.userId),
  );

  api.define(
    {
      method: 'post', path: '/api/v1/organizations/:id/members/:userId/deactivate', summary: "Deactivate a member's account", tags: ['Members'], access,
      params: MemberParams, responses: { 204: { description: 'Deactivated' } },
    },
    ({ params, principal, req }) => deactivateMember(db, principal, actorOf(principal, req), params.id, params.userId),
  );

  api.define(
    {
      method: 'post', path: '/api/v1/organizations/:id/members/:userId/reactivate', summary: "Reactivate (unlock) a member's deactivated account", tags: ['Members'], access,
      params: MemberParams, responses: { 204: { description: 'Reactivated (or already active)' } },
    },
    ({ params, principal, req }) => reactivateMember(db, principal, actorOf(principal, req), params.id, params.userId),
  );
}
