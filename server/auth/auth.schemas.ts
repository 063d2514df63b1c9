import { z } from '../platform/http/openapi-zod.js';
import { LocaleSchema, MembershipSchema, UserSchema } from '../users/users.schemas.js';

export const LoginBodySchema = z
  .object({
    email: z.string().trim().min(3).max(320),
    password: z.string().min(1).max(1024),
    totp: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
    /** A one-time recovery code instead of the TOTP code, when the authenticator is lost. */
    recoveryCode: z.string().trim().min(8).max(40).optional(),
  })
  .strict()
  .openapi('LoginRequest');
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const SessionResponseSchema = z
  .object({
    user: UserSchema,
    csrfToken: z.string(),
    /** Logged in with a one-time password: every other request answers PASSWORD_CHANGE_REQUIRED until POST /api/v1/me/password. */
    passwordChangeRequired: z.boolean().optional(),
  })
  .openapi('Session');

export const MeResponseSchema = z
  .object({ user: UserSchema, memberships: z.array(MembershipSchema), csrfToken: z.string(), passwordChangeRequired: z.boolean().optional() })
  .openapi('Me');

/**
 * The session probe's answer: whether this browser is signed in, and if so who it is (as `GET /api/v1/me`).
 * Being signed out is a normal state of the login page, not an error, so it is a 200 rather than a 401.
 */
export const SessionStateSchema = z
  .discriminatedUnion('signedIn', [z.object({ signedIn: z.literal(false) }), z.object({ signedIn: z.literal(true), me: MeResponseSchema })])
  .openapi('SessionState');

/** What a user may change about themself: display name and language (e-mail and roles are administered). */
export const UpdateMeBodySchema = z
  .object({ name: z.string().trim().min(1).max(200).optional(), locale: LocaleSchema.optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.locale !== undefined, { message: 'name or locale is required' })
  .openapi('UpdateMeRequest');
