import { z } from 'zod';

const ROLE = z.enum(['cert_admin', 'cert_analyst', 'org_admin', 'member', 'read_only']);

/**
 * One SAML 2.0 identity provider (state IdP, municipal IdPs). Either `metadataFile` (IdP metadata XML)
 * or `entityId` + `ssoUrl` + `certificate`/`certificateFile`. Paths are relative to the JSON file.
 */
export const IdentityProviderSchema = z
  .object({
    /** URL-safe id: /auth/saml/<id>/login, …/acs, …/metadata. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes'),
    displayName: z.object({ de: z.string().min(1), en: z.string().min(1) }).strict(),
    metadataFile: z.string().min(1).optional(),
    entityId: z.string().min(1).optional(),
    ssoUrl: z.url().optional(),
    sloUrl: z.url().optional(),
    /** PEM (or bare base64) signing certificate of the IdP. */
    certificate: z.string().min(1).optional(),
    certificateFile: z.string().min(1).optional(),
    /** Our SP entity id towards this IdP. Default: the metadata URL. */
    spEntityId: z.string().min(1).optional(),
    /** Key and certificate signing our AuthnRequests and LogoutRequests (recommended; some IdPs require it). */
    spPrivateKeyFile: z.string().min(1).optional(),
    spCertificateFile: z.string().min(1).optional(),
    /** Allowed clock difference for NotBefore/NotOnOrAfter. */
    clockSkewSeconds: z.number().int().min(0).max(600).default(60),
    /** IdP attribute names (Name attribute of saml:Attribute). */
    attributes: z
      .object({
        email: z.string().default('mail'),
        name: z.string().default('displayName'),
        groups: z.string().default('eduPersonAffiliation'),
        /** Attribute with the organization's Amtlicher Gemeindeschlüssel. */
        ags: z.string().default('ags'),
      })
      .strict()
      .default({ email: 'mail', name: 'displayName', groups: 'eduPersonAffiliation', ags: 'ags' }),
    /** Just-in-time provisioning rules (applied by `provisionUser`). */
    provisioning: z
      .object({
        /** Create unknown users at first login; false: only known e-mail addresses may log in. */
        createUsers: z.boolean().default(true),
        /** Organization: fixed by AGS (e.g. a municipal IdP), else from the `ags` attribute. */
        fixedOrganizationAgs: z.string().regex(/^\d{8}$/).optional(),
        /** Organization fixed by exact name (organizations without AGS, e.g. the CERT). */
        fixedOrganizationName: z.string().min(1).optional(),
        defaultRole: ROLE.default('member'),
        /** Group attribute value → role; the most privileged match wins. */
        groupRoles: z.record(z.string(), ROLE).default({}),
        /** E-mail domains accepted from this IdP (lower-case); empty: any. */
        allowedEmailDomains: z.array(z.string().min(1)).default([]),
      })
      .strict(),
  })
  .strict()
  .refine((idp) => idp.metadataFile !== undefined || (idp.entityId && idp.ssoUrl && (idp.certificate ?? idp.certificateFile)), {
    message: 'needs metadataFile, or entityId + ssoUrl + certificate/certificateFile',
  });

export const IdentityProvidersSchema = z.array(IdentityProviderSchema).refine((list) => new Set(list.map((idp) => idp.id)).size === list.length, {
  message: 'IdP ids must be unique',
});

export type IdentityProviderConfig = z.infer<typeof IdentityProviderSchema>;
