import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { requireUser } from '../auth/principal.js';
import { CreatedTokenSchema, CreateTokenBodySchema, TokenSchema } from './tokens.schemas.js';
import { createToken, listTokens, revokeToken } from './tokens.service.js';

/** /api/v1/tokens: personal and organization service API tokens. */
export function registerTokenRoutes(api: Api, db: Database): void {
  api.define(
    {
      method: 'post',
      path: '/api/v1/tokens',
      summary: 'Create an API token (the secret is shown once)',
      tags: ['Tokens'],
      access: { authenticated: true },
      body: CreateTokenBodySchema,
      successStatus: 201,
      responses: { 201: { description: 'The token, with its secret', schema: CreatedTokenSchema } },
    },
    ({ body, principal, req }) => createToken(db, requireUser(principal), body, req.ip ?? null),
  );

  api.define(
    {
      method: 'get',
      path: '/api/v1/tokens',
      summary: 'My tokens and the service tokens of organizations I administer',
      tags: ['Tokens'],
      access: { authenticated: true },
      responses: { 200: { description: 'Tokens (never their secrets)', schema: z.object({ items: z.array(TokenSchema), next: z.null() }) } },
    },
    async ({ principal }) => ({ items: await listTokens(db, requireUser(principal)), next: null }),
  );

  api.define(
    {
      method: 'delete',
      path: '/api/v1/tokens/:id',
      summary: 'Revoke a token',
      tags: ['Tokens'],
      access: { authenticated: true },
      params: z.object({ id: z.uuid() }),
      responses: { 204: { description: 'Revoked' } },
    },
    async ({ params, principal, req }) => {
      await revokeToken(db, requireUser(principal), params.id, req.ip ?? null);
    },
  );
}
