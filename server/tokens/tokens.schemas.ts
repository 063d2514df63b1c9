import { z } from '../platform/http/openapi-zod.js';
import { TOKEN_SCOPES } from '../access/capabilities.js';

export const TokenScopeSchema = z.enum(TOKEN_SCOPES);

export const CreateTokenBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(TokenScopeSchema).min(1).max(TOKEN_SCOPES.length),
    /** Lifetime in days; tokens always expire (BSI ORP.4: no unlimited credentials). */
    expiresInDays: z.number().int().min(1).max(366).default(90),
    /** Set for an organization service token; the caller must administer that organization. */
    organizationId: z.uuid().optional(),
  })
  .strict()
  .openapi('CreateTokenRequest');
export type CreateTokenBody = z.infer<typeof CreateTokenBodySchema>;

export const TokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    kind: z.enum(['personal', 'service']),
    organizationId: z.uuid().nullable(),
    scopes: z.array(z.string()),
    createdAt: z.string(),
    expiresAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiToken');
export type TokenDto = z.infer<typeof TokenSchema>;

/** The creation answer: the only time the secret is shown. */
export const CreatedTokenSchema = TokenSchema.extend({ token: z.string() }).openapi('CreatedApiToken');
