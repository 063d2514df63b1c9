/**
 * OpenPGP keys for mail: a user's own public key (inspect → confirm the fingerprint → save), and the
 * platform's key that signs every notification, published in security.txt (RFC 9116) and as JSON for
 * the profile page.
 */
import type { Request } from 'express';
import { requireUser } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import type { SigningKey } from '../sharing/signing-key.js';
import { deleteOwnKey, findOwnKey, inspectPublicKey, saveOwnKey } from './openpgp-keys.js';

const ArmoredKeySchema = z.string().min(100).max(65_536);
const KeyInfoSchema = z
  .object({ fingerprint: z.string(), userIds: z.array(z.string()), expiresAt: z.string().nullable(), algorithm: z.string(), matchesEmail: z.boolean() })
  .openapi('OpenpgpKey');
/** `GET /me/openpgp-key`: having no key is a state of the account, not a missing resource (no 404 to log). */
const StoredKeySchema = z.object({ key: KeyInfoSchema.nullable().describe('The stored key, or null when none is stored') }).openapi('StoredOpenpgpKey');
const PlatformKeySchema = z.object({ fingerprint: z.string(), armoredPublicKey: z.string(), url: z.string() }).openapi('PlatformOpenpgpKey');

/** Registers the key routes. `signingKey` is the platform key (the CSAF signing key). */
export function registerOpenpgpKeyRoutes(api: Api, deps: { db: Database; baseUrl: string; contact: string; signingKey: () => Promise<SigningKey> }): void {
  const { db } = deps;
  const actorOf = (req: Request, principal: Parameters<typeof requireUser>[0]) => {
    const user = requireUser(principal);
    return { userId: user.userId, label: user.email, ip: req.ip ?? null };
  };
  const keyUrl = async () => `${deps.baseUrl}/.well-known/csaf/openpgp/${(await deps.signingKey()).fingerprint}.asc`;

  api.define(
    { method: 'post', path: '/api/v1/me/openpgp-key/inspect', summary: 'Read an OpenPGP public key and show its fingerprint (nothing is stored)', tags: ['Account'], access: { authenticated: true }, body: z.object({ armoredKey: ArmoredKeySchema }).strict(), responses: { 200: { description: 'The key as it would be stored', schema: KeyInfoSchema } } },
    async ({ body, principal }) => {
      const { key: _key, ...info } = await inspectPublicKey(body.armoredKey, requireUser(principal).email);
      return info;
    },
  );
  api.define(
    {
      method: 'put',
      path: '/api/v1/me/openpgp-key',
      summary: 'Store my OpenPGP public key after confirming its fingerprint; TLP:AMBER mail then reaches me encrypted',
      tags: ['Account'],
      access: { authenticated: true },
      body: z.object({ armoredKey: ArmoredKeySchema, fingerprint: z.string().min(32).max(80) }).strict(),
      responses: { 200: { description: 'Stored', schema: KeyInfoSchema } },
    },
    async ({ body, principal, req }) => saveOwnKey(db, actorOf(req, principal), body.armoredKey, body.fingerprint),
  );
  api.define(
    { method: 'get', path: '/api/v1/me/openpgp-key', summary: 'My stored OpenPGP public key, or key null when none is stored', tags: ['Account'], access: { authenticated: true }, responses: { 200: { description: 'The stored key, or null', schema: StoredKeySchema } } },
    async ({ principal }) => {
      const user = requireUser(principal);
      return { key: (await findOwnKey(db, user.userId, user.email)) ?? null };
    },
  );
  api.define(
    { method: 'delete', path: '/api/v1/me/openpgp-key', summary: 'Remove my OpenPGP public key (AMBER mail becomes link-only)', tags: ['Account'], access: { authenticated: true }, responses: { 204: { description: 'Removed' } } },
    async ({ principal, req }) => deleteOwnKey(db, actorOf(req, principal)),
  );
  api.define(
    { method: 'get', path: '/api/v1/platform/openpgp-key', summary: "The platform's OpenPGP key that signs every notification", tags: ['Account'], access: { public: true }, responses: { 200: { description: 'Fingerprint and public key', schema: PlatformKeySchema } } },
    async () => {
      const key = await deps.signingKey();
      return { fingerprint: key.fingerprint, armoredPublicKey: key.armoredPublicKey, url: await keyUrl() };
    },
  );
  api.define(
    { method: 'get', path: '/.well-known/security.txt', summary: 'security.txt (RFC 9116) with the contact and the OpenPGP key', tags: ['Account'], access: { public: true }, responses: { 200: { description: 'security.txt', schema: z.string(), contentType: 'text/plain' } } },
    async ({ res }) => {
      const expires = new Date(Date.now() + 180 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const email = /[\w.+-]+@[\w.-]+\.\w+/.exec(deps.contact)?.[0];
      const lines = [
        ...(email ? [`Contact: mailto:${email}`] : []),
        `Contact: ${deps.baseUrl}/`,
        `Encryption: ${await keyUrl()}`,
        `Expires: ${expires}`,
        'Preferred-Languages: de, en',
        `Canonical: ${deps.baseUrl}/.well-known/security.txt`,
        `# OpenPGP fingerprint of the key that signs Lagebild's notifications and CSAF documents: ${(await deps.signingKey()).fingerprint}`,
      ];
      res.type('text/plain; charset=utf-8').send(`${lines.join('\n')}\n`);
    },
  );
}
