import type { Request, Response } from 'express';
import { sql } from 'drizzle-orm';
import type { Profile } from '@node-saml/passport-saml';
import type { Database } from '../../platform/db/client.js';
import type { Clock } from '../../platform/clock.js';
import type { Api } from '../../platform/http/api.js';
import { z } from '../../platform/http/openapi-zod.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAuditNow } from '../../audit/record-audit.js';
import { requireUser } from '../principal.js';
import { destroySession, establishSession } from '../session-login.js';
import { classifySamlError, refuseDoctype, refuseDoctypeDeflated, type PassportInstance, type SamlLogin, type SamlProvider } from './saml.service.js';

const IdpParams = z.object({ idp: z.string().regex(/^[a-z0-9-]{1,40}$/) });
const ProviderSchema = z.object({ id: z.string(), displayName: z.object({ de: z.string(), en: z.string() }), loginUrl: z.string() }).openapi('IdentityProvider');

/** Only same-site relative paths as post-login targets (no open redirect). */
function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%#]*$/.test(value) && !value.includes('\\') ? value : '/';
}

/**
 * A rejected ACS post. A browser (the IdP's auto-submitted form asks for HTML) goes back to the login
 * page, which explains the reason; API clients and tests get the problem+json answer.
 */
function rejectLogin(req: Request, res: Response, idp: string, reason: string): void {
  if (req.accepts(['json', 'html']) === 'html') {
    res.redirect(303, `/?samlError=${encodeURIComponent(reason)}&idp=${encodeURIComponent(idp)}`);
    return;
  }
  throw new AppError('SAML_RESPONSE_INVALID', `The SAML response was rejected (${reason}). Start the login again.`);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error('SAML strategy failed');
}

function runStrategy(passport: PassportInstance, provider: SamlProvider, req: Request, res: Response): Promise<SamlLogin | undefined> {
  return new Promise((resolve, reject) => {
    res.once('finish', () => resolve(undefined));
    const middleware = passport.authenticate(provider.strategyName, { session: false }, (error: unknown, user: SamlLogin | false, info?: { message?: string }) => {
      if (error) reject(asError(error));
      else if (!user) reject(new Error(info?.message ?? 'no user'));
      else resolve(user);
    }) as (req: Request, res: Response, next: (error?: unknown) => void) => void;
    middleware(req, res, (error?: unknown) => (error ? reject(asError(error)) : resolve(undefined)));
  });
}

/**
 * SAML 2.0 SP endpoints per IdP (login, ACS, metadata, Single Logout) and the public IdP list.
 * Every rejected response is audited as `session.saml.rejected` with its reason.
 */
export function registerSamlRoutes(
  api: Api,
  deps: { db: Database; clock: Clock; passport: PassportInstance; providers: Map<string, SamlProvider> },
): void {
  const { db, clock, passport, providers } = deps;
  const providerOf = (id: string): SamlProvider => {
    const provider = providers.get(id);
    if (!provider) throw notFound('Identity provider');
    return provider;
  };

  api.define(
    {
      method: 'get', path: '/api/v1/auth/providers', summary: 'SAML identity providers (one login button each)', tags: ['Session'],
      access: { public: true }, responses: { 200: { description: 'Providers', schema: z.object({ items: z.array(ProviderSchema) }) } },
    },
    () => ({ items: [...providers.values()].map((p) => ({ id: p.config.id, displayName: p.config.displayName, loginUrl: `/auth/saml/${p.config.id}/login` })) }),
  );

  api.define(
    {
      method: 'get', path: '/auth/saml/:idp/metadata', summary: 'SP metadata for this IdP', tags: ['SAML'], access: { public: true }, params: IdpParams,
      responses: { 200: { description: 'SAML metadata', contentType: 'application/samlmetadata+xml' } },
    },
    ({ params, res }) => {
      const provider = providerOf(params.idp);
      res.type('application/samlmetadata+xml').send(provider.strategy.generateServiceProviderMetadata(null, provider.spCertificate));
    },
  );

  api.define(
    {
      method: 'get', path: '/auth/saml/:idp/login', summary: 'Start SP-initiated login (redirect to the IdP)', tags: ['SAML'], access: { public: true },
      params: IdpParams, query: z.object({ RelayState: z.string().max(500).optional() }), responses: { 302: { description: 'To the IdP' } },
    },
    async ({ params, req, res }) => {
      await runStrategy(passport, providerOf(params.idp), req, res);
    },
  );

  api.define(
    {
      method: 'post', path: '/auth/saml/:idp/acs', summary: 'Assertion Consumer Service (HTTP-POST binding)', tags: ['SAML'],
      access: { public: true }, csrf: false, params: IdpParams,
      bodyType: 'form',
      body: z.object({ SAMLResponse: z.string().min(1).max(1_000_000), RelayState: z.string().max(500).optional() }),
      responses: { 303: { description: 'Logged in; to the RelayState path' } },
    },
    async ({ params, body, req, res }) => {
      const provider = providerOf(params.idp);
      let login: SamlLogin | undefined;
      try {
        refuseDoctype(body.SAMLResponse);
        login = await runStrategy(passport, provider, req, res);
      } catch (error) {
        const reason = classifySamlError(error);
        await recordAuditNow(db, { userId: null, label: `idp:${provider.config.id}`, ip: req.ip ?? null }, { action: 'session.saml.rejected', details: { idp: provider.config.id, reason } });
        return rejectLogin(req, res, provider.config.id, reason);
      }
      if (!login) return rejectLogin(req, res, provider.config.id, 'malformed');
      await establishSession(req, login.userId, 'saml', { idp: provider.config.id, nameID: login.nameID, nameIDFormat: login.nameIDFormat, sessionIndex: login.sessionIndex }, clock.now().getTime());
      await recordAuditNow(db, { userId: login.userId, label: login.nameID, ip: req.ip ?? null }, {
        action: 'session.login.succeeded', objectType: 'user', objectId: login.userId, details: { method: 'saml', idp: provider.config.id },
      });
      res.redirect(303, safeReturnPath(body.RelayState));
    },
  );

  api.define(
    {
      method: 'post', path: '/api/v1/session/saml-logout', summary: 'Single Logout: end the session here and at the IdP', tags: ['Session'],
      access: { authenticated: true }, responses: { 200: { description: 'Where to send the browser', schema: z.object({ redirectUrl: z.string() }) } },
    },
    async ({ principal, req }) => {
      const user = requireUser(principal);
      const saml = req.session.saml;
      const provider = saml ? providers.get(saml.idp) : undefined;
      let redirectUrl = '/';
      if (saml && provider?.hasSingleLogout) {
        const profile = { issuer: provider.spEntityId, nameID: saml.nameID, nameIDFormat: saml.nameIDFormat, sessionIndex: saml.sessionIndex } as Profile;
        redirectUrl = await provider.saml.getLogoutUrlAsync(profile, '/', {});
      }
      await recordAuditNow(db, { userId: user.userId, label: user.email, ip: req.ip ?? null }, { action: 'session.logout', details: { singleLogout: redirectUrl !== '/' } });
      await destroySession(req);
      return { redirectUrl };
    },
  );

  api.define(
    {
      method: 'get', path: '/auth/saml/:idp/slo', summary: 'Single Logout endpoint (HTTP-Redirect binding)', tags: ['SAML'], access: { public: true },
      params: IdpParams, responses: { 302: { description: 'Logged out' } },
    },
    async ({ params, req, res }) => {
      const provider = providerOf(params.idp);
      const originalQuery = req.originalUrl.split('?')[1] ?? '';
      const reject = async (reason: string): Promise<never> => {
        await recordAuditNow(db, { userId: null, label: `idp:${provider.config.id}`, ip: req.ip ?? null }, { action: 'session.saml.rejected', details: { idp: provider.config.id, reason: `logout_${reason}` } });
        throw new AppError('SAML_RESPONSE_INVALID', 'The logout message was rejected.');
      };
      // A LogoutRequest ends sessions of whomever it names, so it must be signed: node-saml checks a
      // redirect signature only when one is present and would accept an unsigned request.
      const isRequest = typeof req.query.SAMLRequest === 'string';
      if (isRequest && (typeof req.query.Signature !== 'string' || typeof req.query.SigAlg !== 'string')) await reject('unsigned');
      let result;
      try {
        for (const message of [req.query.SAMLRequest, req.query.SAMLResponse]) if (typeof message === 'string') refuseDoctypeDeflated(message);
        result = await provider.saml.validateRedirectAsync(req.query, originalQuery);
      } catch (error) {
        return reject(classifySamlError(error));
      }
      // node-saml reports `loggedOut` for both message kinds; what decides is which one arrived.
      if (!isRequest || !result.profile) {
        await destroySession(req);
        res.redirect(302, '/');
        return;
      }
      // IdP-initiated logout: end every session of this IdP subject, then answer the IdP.
      const profile = result.profile;
      await db.execute(sql`delete from sessions where data->'saml'->>'idp' = ${provider.config.id} and data->'saml'->>'nameID' = ${profile.nameID}`);
      const relayState = typeof req.query.RelayState === 'string' ? req.query.RelayState : '';
      res.redirect(302, await provider.saml.getLogoutResponseUrlAsync(profile, relayState, {}, true));
    },
  );
}
