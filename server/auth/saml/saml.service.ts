import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { Passport, type Strategy as PassportStrategy } from 'passport';
import { SAML, Strategy, ValidateInResponseTo, type Profile, type SamlConfig, type VerifiedCallback } from '@node-saml/passport-saml';
import type { IdentityProviderConfig } from '../../../config/identity-providers.schema.js';
import type { Database } from '../../platform/db/client.js';
import { normalizeAttributes, provisionUser, ProvisioningRefused } from '../../users/provision-user.js';
import { consumeAssertionId, databaseRequestCache } from './saml.cache.js';
import { resolveIdp } from './saml.idp.js';

/** A private passport instance: SAML strategies never touch the global one. */
export type PassportInstance = InstanceType<typeof Passport>;

/** A rejected SAML response, with the audited reason (never assertion content). */
export class SamlRejection extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SamlRejection';
  }
}

/**
 * SAML messages must not carry a DOCTYPE (SAML 2.0 Bindings §3.5.5.2/§3.4.5.2 leave no room for DTDs):
 * refusing any before the XML parser sees it closes XXE, parameter entities and entity expansion
 * (billion laughs) whatever the parser would do. NUL bytes are dropped first so UTF-16 cannot hide it.
 * @throws SamlRejection `doctype_forbidden`
 */
export function refuseDoctype(samlResponseBase64: string): void {
  refuseDoctypeIn(Buffer.from(samlResponseBase64, 'base64'));
}

/** The same for the HTTP-Redirect binding (raw DEFLATE, then base64); what does not inflate is left to node-saml to refuse. */
export function refuseDoctypeDeflated(samlMessageBase64: string): void {
  let xml: Buffer;
  try {
    xml = inflateRawSync(Buffer.from(samlMessageBase64, 'base64'), { maxOutputLength: 1_000_000 });
  } catch {
    return;
  }
  refuseDoctypeIn(xml);
}

function refuseDoctypeIn(xml: Buffer): void {
  const text = xml.toString('latin1').replace(/\0/g, '');
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(text)) throw new SamlRejection('doctype_forbidden');
}

/** What a verified SAML login yields: the local user and the IdP session for Single Logout. */
export type SamlLogin = { userId: string; nameID: string; nameIDFormat: string; sessionIndex?: string | undefined };

/** One configured IdP, ready to use. */
export type SamlProvider = {
  config: IdentityProviderConfig;
  strategyName: string;
  spEntityId: string;
  acsUrl: string;
  sloUrl: string;
  hasSingleLogout: boolean;
  strategy: Strategy;
  /** The same options as the strategy, for Single Logout and metadata. */
  saml: SAML;
  spCertificate: string | null;
};

type ParsedAssertion = {
  Assertion?: {
    $?: { ID?: string };
    Subject?: { SubjectConfirmation?: { SubjectConfirmationData?: { $?: { Recipient?: string; NotOnOrAfter?: string } }[] }[] }[];
    Conditions?: { $?: { NotOnOrAfter?: string } }[];
  };
};

/** node-saml error messages → stable audit reasons. */
export function classifySamlError(error: unknown): string {
  if (error instanceof SamlRejection) return error.reason;
  if (error instanceof ProvisioningRefused) return `provisioning_${error.reason}`;
  let message: string;
  try {
    message = error instanceof Error ? String(error.message) : String(error);
  } catch {
    message = ''; // a thrown value without a usable string form
  }
  const rules: [RegExp, string][] = [
    [/InResponseTo/i, 'in_response_to_mismatch'],
    [/audience|AudienceRestriction/i, 'wrong_audience'],
    [/expired/i, 'expired'],
    // node-saml drops subject confirmations past their NotOnOrAfter and then finds none left.
    [/No valid subject confirmation/i, 'expired'],
    [/not yet valid/i, 'not_yet_valid'],
    [/signature/i, 'invalid_signature'],
    [/issuer/i, 'wrong_issuer'],
    [/status/i, 'idp_status_error'],
  ];
  return rules.find(([pattern]) => pattern.test(message))?.[1] ?? 'malformed';
}

/** Checks what node-saml leaves to us: Recipient and Destination are our ACS; the assertion is new. */
async function checkAssertion(db: Database, provider: SamlProvider, profile: Profile): Promise<void> {
  const parsed = (profile.getAssertion?.() ?? {}) as ParsedAssertion;
  const assertion = parsed.Assertion;
  const data = assertion?.Subject?.[0]?.SubjectConfirmation?.[0]?.SubjectConfirmationData?.[0]?.$;
  if (data?.Recipient !== provider.acsUrl) throw new SamlRejection('wrong_recipient');
  const destination = /<(?:\w+:)?Response\b[^>]*\sDestination="([^"]*)"/.exec(profile.getSamlResponseXml?.() ?? '')?.[1];
  if (destination !== undefined && destination !== provider.acsUrl) throw new SamlRejection('wrong_destination');
  const assertionId = assertion?.$?.ID;
  if (!assertionId) throw new SamlRejection('malformed');
  const until = assertion.Conditions?.[0]?.$?.NotOnOrAfter ?? data.NotOnOrAfter;
  const expiresAt = until ? new Date(until) : new Date(Date.now() + 24 * 3_600_000);
  if (!(await consumeAssertionId(db, provider.config.id, assertionId, expiresAt))) throw new SamlRejection('assertion_replayed');
}

/** Builds one passport-saml strategy (and its SAML twin) per configured IdP, on a private Passport. */
export function createSamlProviders(
  db: Database,
  idps: readonly IdentityProviderConfig[],
  baseUrl: string,
): { passport: PassportInstance; providers: Map<string, SamlProvider> } {
  const passport = new Passport();
  const providers = new Map<string, SamlProvider>();
  for (const idp of idps) {
    const resolved = resolveIdp(idp);
    const base = `${baseUrl}/auth/saml/${idp.id}`;
    const spEntityId = idp.spEntityId ?? `${base}/metadata`;
    const privateKey = idp.spPrivateKeyFile ? readFileSync(idp.spPrivateKeyFile, 'utf8') : undefined;
    const spCertificate = idp.spCertificateFile ? readFileSync(idp.spCertificateFile, 'utf8') : null;
    const options: SamlConfig = {
      callbackUrl: `${base}/acs`,
      entryPoint: resolved.ssoUrl,
      idpIssuer: resolved.entityId,
      issuer: spEntityId,
      audience: spEntityId,
      idpCert: resolved.certificates,
      ...(privateKey ? { privateKey, signatureAlgorithm: 'sha256' as const } : {}),
      ...(spCertificate ? { publicCert: spCertificate } : {}),
      logoutUrl: resolved.sloUrl ?? resolved.ssoUrl,
      logoutCallbackUrl: `${base}/slo`,
      identifierFormat: null,
      // Both the response and the assertion must be signed: an unsigned assertion inside a signed
      // response is refused too, so a signature can never be moved to wrap foreign content.
      wantAuthnResponseSigned: true,
      wantAssertionsSigned: true,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: 15 * 60_000,
      cacheProvider: databaseRequestCache(db, idp.id),
      acceptedClockSkewMs: idp.clockSkewSeconds * 1000,
      maxAssertionAgeMs: 10 * 60_000,
      disableRequestedAuthnContext: true,
    };
    const provider: SamlProvider = {
      config: idp,
      strategyName: `saml-${idp.id}`,
      spEntityId,
      acsUrl: `${base}/acs`,
      sloUrl: `${base}/slo`,
      hasSingleLogout: resolved.sloUrl !== undefined,
      saml: new SAML(options),
      spCertificate,
      strategy: new Strategy(
        { ...options, passReqToCallback: false },
        (profile: Profile | null, done: VerifiedCallback) => {
          const run = async (): Promise<SamlLogin> => {
            if (!profile) throw new SamlRejection('malformed');
            await checkAssertion(db, provider, profile);
            const attributes = normalizeAttributes(profile.attributes as Record<string, unknown> | undefined);
            const userId = await provisionUser(db, { nameID: profile.nameID, attributes }, idp);
            return { userId, nameID: profile.nameID, nameIDFormat: profile.nameIDFormat, sessionIndex: profile.sessionIndex };
          };
          run().then((login) => done(null, login), (error: unknown) => done(error as Error));
        },
        (profile: Profile | null, done: VerifiedCallback) => done(null, profile ?? undefined),
      ),
    };
    // passport-saml is typed against Express 4's Request; at runtime it is the same object.
    passport.use(provider.strategyName, provider.strategy as unknown as PassportStrategy);
    providers.set(idp.id, provider);
  }
  return { passport, providers };
}
