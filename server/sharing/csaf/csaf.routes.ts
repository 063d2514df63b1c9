/**
 * CSAF 2.0 provider endpoints under `/.well-known/csaf/` (docs/sharing/csaf-provider.md). The
 * routes are declared public because the WHITE distribution is; every other folder demands a
 * caller (401 with a Basic challenge) and shows only what the policy lets that caller see.
 * Path parameters are matched against closed patterns, so no path traversal reaches a lookup.
 */
import type { Response } from 'express';
import type { Api } from '../../platform/http/api.js';
import type { Database } from '../../platform/db/client.js';
import { z, type Fits } from '../../platform/http/openapi-zod.js';
import { notFound } from '../../platform/errors.js';
import { xmlEscape } from '../rss/advisory-feeds.js';
import { requireSharingPrincipal, sharingPrincipal } from '../sharing-auth.js';
import { CSAF_FOLDERS, type CsafFolder, type CsafProvider } from './csaf.provider.js';
import { CsafProviderMetadataSchema } from './csaf.responses.js';

const TAGS = ['CSAF provider'];
const Text = z.string();

const FolderParams = z.object({ folder: z.enum(CSAF_FOLDERS), file: z.string().regex(/^(index\.txt|changes\.csv|feed-tlp-[a-z]+\.json|\d{4})$/) });
const ListingParams = z.object({ folder: z.enum(CSAF_FOLDERS) });
const DocumentParams = z.object({
  folder: z.enum(CSAF_FOLDERS),
  year: z.string().regex(/^\d{4}$/),
  file: z.string().regex(/^[+\-a-z0-9_]+\.json(\.sha256|\.sha512|\.asc)?$/),
});
const KeyParams = z.object({ file: z.string().regex(/^[0-9A-F]{40,64}\.asc$/) });

/** A minimal HTML directory listing (names come from closed patterns and are escaped anyway). */
function listingHtml(base: string, names: string[]): string {
  const items = names.map((name) => `<li><a href="${xmlEscape(base + name)}">${xmlEscape(name)}</a></li>`).join('\n');
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${xmlEscape(base)}</title></head>\n<body><h1>${xmlEscape(base)}</h1><ul>\n${items}\n</ul></body></html>\n`;
}

function send(res: Response, contentType: string, body: string, isPublic: boolean): void {
  // The answer depends on who asks: caches must key on the credentials.
  res.vary('Authorization').vary('Cookie');
  res.set('Cache-Control', isPublic ? 'public, max-age=300' : 'private, no-store');
  res.type(contentType).send(body);
}

export function registerCsafRoutes(api: Api, deps: { db: Database; provider: CsafProvider }): void {
  const { db, provider } = deps;
  const callerOf = (folder: CsafFolder, req: Parameters<typeof sharingPrincipal>[1], res: Response) =>
    folder === 'white' ? sharingPrincipal(db, req, res) : requireSharingPrincipal(db, req, res);

  api.define(
    { method: 'get', path: '/.well-known/csaf/provider-metadata.json', summary: 'CSAF 2.0 provider metadata', tags: TAGS, access: { public: true }, responses: { 200: { description: 'provider-metadata.json', schema: CsafProviderMetadataSchema } } },
    async ({ res }) => send(res, 'application/json', JSON.stringify(await provider.metadata(), null, 2), true),
  );

  api.define(
    { method: 'get', path: '/.well-known/csaf/openpgp/:file', summary: "The CERT's public OpenPGP key that signs the CSAF documents", tags: TAGS, access: { public: true }, params: KeyParams, responses: { 200: { description: 'ASCII-armored public key', schema: Text, contentType: 'application/pgp-keys' } } },
    async ({ params, res }) => {
      const signing = await provider.signingKey();
      if (params.file !== `${signing.fingerprint}.asc`) throw notFound('OpenPGP key');
      send(res, 'application/pgp-keys', signing.armoredPublicKey, true);
    },
  );

  api.define(
    { method: 'get', path: '/.well-known/csaf/:folder/', summary: 'Directory listing of a CSAF distribution folder', tags: TAGS, access: { public: true }, params: ListingParams, responses: { 200: { description: 'HTML listing', schema: Text, contentType: 'text/html' } } },
    async ({ params, req, res }) => {
      const principal = await callerOf(params.folder, req, res);
      send(res, 'text/html; charset=utf-8', listingHtml(`/.well-known/csaf/${params.folder}/`, await provider.listing(principal, params.folder)), params.folder === 'white');
    },
  );

  api.define(
    { method: 'get', path: '/.well-known/csaf/:folder/:file', summary: 'A CSAF distribution: ROLIE feed, index.txt or changes.csv (non-WHITE: authenticated, filtered by TLP)', tags: TAGS, access: { public: true }, params: FolderParams, responses: { 200: { description: 'The listing', schema: Text } } },
    async ({ params, req, res }) => {
      const principal = await callerOf(params.folder, req, res);
      const isPublic = params.folder === 'white';
      if (/^\d{4}$/.test(params.file)) return send(res, 'text/html; charset=utf-8', listingHtml(`/.well-known/csaf/${params.folder}/${params.file}/`, await provider.listing(principal, params.folder, params.file)), isPublic);
      if (params.file === 'index.txt') return send(res, 'text/plain; charset=utf-8', await provider.indexTxt(principal, params.folder), isPublic);
      if (params.file === 'changes.csv') return send(res, 'text/csv; charset=utf-8', await provider.changesCsv(principal, params.folder), isPublic);
      if (params.file !== `feed-tlp-${params.folder}.json`) throw notFound('CSAF feed');
      return send(res, 'application/json', JSON.stringify(await provider.rolieFeed(principal, params.folder), null, 2), isPublic);
    },
  );

  api.define(
    { method: 'get', path: '/.well-known/csaf/:folder/:year/:file', summary: 'A CSAF document, its SHA-256/SHA-512 hash or its OpenPGP signature', tags: TAGS, access: { public: true }, params: DocumentParams, responses: { 200: { description: 'The document or file', schema: Text } } },
    async ({ params, req, res }) => {
      const principal = await callerOf(params.folder, req, res);
      const isPublic = params.folder === 'white';
      const suffix = /\.(sha256|sha512|asc)$/.exec(params.file)?.[1];
      const documentName = suffix ? params.file.slice(0, -(suffix.length + 1)) : params.file;
      // Fetching the document itself counts as an export (audited for AMBER and RED); its hash and signature do not.
      const artifact = await provider.artifact(principal, params.folder, params.year, documentName, { audit: !suffix, ip: req.ip ?? null });
      if (suffix === 'sha256') return send(res, 'text/plain; charset=utf-8', artifact.sha256, isPublic);
      if (suffix === 'sha512') return send(res, 'text/plain; charset=utf-8', artifact.sha512, isPublic);
      if (suffix === 'asc') return send(res, 'application/pgp-signature', artifact.asc, isPublic);
      return send(res, 'application/json', artifact.json, isPublic);
    },
  );
}

// The declared response schema describes what the provider emits (checked by the compiler).
const _metadata: Fits<Awaited<ReturnType<CsafProvider['metadata']>>, typeof CsafProviderMetadataSchema> = true;
