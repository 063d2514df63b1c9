/**
 * The TAXII 2.1 server at `/taxii2/` (FORMATS.md "TAXII 2.1"; OASIS TAXII 2.1 §4, §5): discovery,
 * one API root (`/taxii2/lagebild/`), collections, objects (envelopes), manifest, object by id,
 * versions, "Add Objects" with a status resource.
 *
 * A plain Express router rather than `api.define`: TAXII has its own media types, its own error
 * message shape and HTTP Basic authentication, none of which the JSON API speaks. Access is still
 * decided only by server/access/ (collections by `canView`, objects by `visibleTo`, writing by the
 * `taxii:write` capability). Mounted before the JSON body parser, so TAXII bodies get TAXII's limit.
 *
 * Authentication, in this order: `Authorization: Bearer <api token>`, `Authorization: Basic`
 * (the one rule of server/tokens/basic-auth.ts: user = token id or owner e-mail, password = API
 * token), the session cookie; else anonymous,
 * who sees the public collection only. Bad credentials are always a 401, never a silent fall-back.
 */
import express, { Router, type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { and, eq } from 'drizzle-orm';
import { rateLimit, type Store } from 'express-rate-limit';
import type { Settings } from '../../config/settings.schema.js';
import { ANONYMOUS, type Principal, type UserPrincipal } from '../auth/principal.js';
import { sessionPrincipal } from '../auth/authenticate.js';
import type { DatabaseSessionStore } from '../auth/session-store.js';
import { authenticateToken } from '../tokens/tokens.service.js';
import { authenticateBasicAuthorization } from '../tokens/basic-auth.js';
import { isStixId, isStixTimestamp } from '../stix/common.js';
import type { Database } from '../platform/db/client.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { emptyAudience } from '../access/audience.js';
import { recordAuditNow } from '../audit/record-audit.js';
import { addStixObjects } from '../stix-objects/stix-objects.service.js';
import { canWriteCollection, findVisibleCollection, visibleCollections, type TaxiiCollection } from './taxii.collections.js';
import { acceptsTaxii21, isTaxii21ContentType, sendTaxii, sendTaxiiError, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from './taxii.media.js';
import { decodePosition, encodePosition, readStream, type Position, type StreamFilter, type StreamItem } from './taxii.stream.js';
import { taxiiStatuses, type TaxiiStatusRow } from './taxii.table.js';
import { isCsrfTokenValid } from '../auth/csrf.js';
import { charsetOf, isUtf8Charset } from '../platform/http/body-guards.js';
import { isWellFormedUtf8 } from '../platform/http/text.js';
import { loneSurrogatePath } from '../platform/http/validate.js';

export const TAXII_API_ROOT = 'lagebild';
const REALM = 'Basic realm="Lagebild TAXII", Bearer realm="Lagebild TAXII"';

export type TaxiiDeps = {
  db: Database;
  baseUrl: string;
  settings: Settings;
  sessionMiddleware: RequestHandler;
  sessionStore: DatabaseSessionStore;
  absoluteTimeoutMs: number;
  clock: Clock;
  logger: Logger;
  /** Where the rate limit counts (shared by the instances); default: this process. */
  rateLimitStore?: Store;
};

/** Thrown inside handlers; the router's error handler answers it as a TAXII error message. */
class TaxiiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly description?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(title);
  }
}

function unauthenticated(description: string): TaxiiError {
  return new TaxiiError(401, 'Unauthorized', description);
}

/** Resolves the caller from bearer token, Basic credentials or session. @throws TaxiiError 401 for bad credentials */
async function principalOf(req: Request, deps: TaxiiDeps): Promise<Principal> {
  const authorization = req.get('authorization');
  try {
    if (authorization !== undefined && /^bearer /i.test(authorization)) return await authenticateToken(deps.db, authorization.slice(7).trim());
    const basic = await authenticateBasicAuthorization(deps.db, authorization);
    if (basic) return basic;
    if (authorization !== undefined) throw unauthenticated('Use Bearer or Basic authentication.');
  } catch (error) {
    if (error instanceof TaxiiError) throw error;
    throw unauthenticated('The credentials are invalid, expired or revoked.');
  }
  const principal = await sessionPrincipal(deps.db, req.session, deps.absoluteTimeoutMs, deps.clock.now().getTime(), (userId) => deps.sessionStore.takePrincipal(req.sessionID, userId));
  return principal ?? ANONYMOUS;
}

function requireUserPrincipal(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user') throw unauthenticated('Authenticate with an API token (Bearer or Basic) or a session.');
  return principal;
}

/** The collection or a 404 (401 for anonymous callers, who may simply not have logged in). */
async function collectionOr404(deps: TaxiiDeps, principal: Principal, id: string): Promise<TaxiiCollection> {
  const collection = await findVisibleCollection(deps.db, principal, id);
  if (collection) return collection;
  if (principal.kind === 'anonymous') throw unauthenticated('This collection needs authentication.');
  throw new TaxiiError(404, 'Collection not found', 'No collection with this id is visible to you.');
}

function listParam(params: URLSearchParams, name: string): string[] | undefined {
  const values = params.getAll(name).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
  return values.length > 0 ? values : undefined;
}

/** Parses the TAXII query (§3.4, §3.5) from the raw URL. @throws TaxiiError 400 listing what is wrong */
function parseQuery(req: Request, settings: Settings, defaults: { versions: string[] }): { filter: StreamFilter; after: Position | undefined; limit: number } {
  const params = new URL(req.originalUrl, 'http://taxii.invalid').searchParams;
  const problems: { parameter: string; message: string }[] = [];
  const addedAfterRaw = params.get('added_after');
  let addedAfter: Date | undefined;
  if (addedAfterRaw !== null) {
    if (isStixTimestamp(addedAfterRaw)) addedAfter = new Date(addedAfterRaw);
    else problems.push({ parameter: 'added_after', message: 'Expected an RFC 3339 timestamp in UTC, e.g. 2026-01-01T00:00:00.000Z' });
  }
  let limit = settings.taxii.defaultPageSize;
  const limitRaw = params.get('limit');
  if (limitRaw !== null) {
    const value = Number(limitRaw);
    if (/^\d+$/.test(limitRaw) && value >= 1) limit = Math.min(value, settings.taxii.maxPageSize);
    else problems.push({ parameter: 'limit', message: 'Expected a positive integer' });
  }
  const nextRaw = params.get('next');
  let after: Position | undefined;
  if (nextRaw !== null) {
    after = decodePosition(nextRaw);
    if (!after) problems.push({ parameter: 'next', message: 'Not a next value this server issued' });
  }
  const ids = listParam(params, 'match[id]');
  for (const id of ids ?? []) if (!isStixId(id)) problems.push({ parameter: 'match[id]', message: `Not a STIX id: ${id.slice(0, 100)}` });
  const types = listParam(params, 'match[type]');
  const versions = listParam(params, 'match[version]') ?? defaults.versions;
  for (const version of versions) if (version !== 'first' && version !== 'last' && version !== 'all' && !isStixTimestamp(version)) problems.push({ parameter: 'match[version]', message: `Expected first, last, all or a timestamp: ${String(version).slice(0, 100)}` });
  const specVersions = listParam(params, 'match[spec_version]');
  if (problems.length > 0) throw new TaxiiError(400, 'Invalid query', 'One or more query parameters are invalid.', { problems });
  return { filter: { addedAfter, ids, types, versions, specVersions }, after, limit };
}

function setDateAddedHeaders(res: Response, items: readonly StreamItem[]): void {
  const first = items.at(0);
  const last = items.at(-1);
  if (first && last) {
    res.set('X-TAXII-Date-Added-First', first.dateAdded);
    res.set('X-TAXII-Date-Added-Last', last.dateAdded);
  }
}

function envelopeOf(items: StreamItem[], more: boolean): Record<string, unknown> {
  const last = items.at(-1);
  return { more, ...(more && last ? { next: encodePosition(last.position) } : {}), ...(items.length > 0 ? { objects: items.map((item) => item.object) } : {}) };
}

function presentCollection(principal: Principal, collection: TaxiiCollection) {
  return { id: collection.id, title: collection.title, description: collection.description, alias: collection.alias, can_read: true, can_write: canWriteCollection(principal, collection), media_types: [STIX_MEDIA_TYPE] };
}

function presentStatus(row: TaxiiStatusRow) {
  return {
    id: row.id,
    status: row.status,
    request_timestamp: row.requestTimestamp.toISOString(),
    total_count: row.totalCount,
    success_count: row.successCount,
    successes: row.successes,
    failure_count: row.failureCount,
    failures: row.failures,
    pending_count: row.pendingCount,
    pendings: row.pendings,
  };
}

type Handler = (req: Request, res: Response, principal: Principal) => Promise<void>;

/** Reads of AMBER collections are exports of AMBER content: audited like advisory STIX exports. */
async function auditAmberRead(deps: TaxiiDeps, req: Request, principal: Principal, collection: TaxiiCollection, items: readonly StreamItem[]): Promise<void> {
  if (principal.kind !== 'user' || items.length === 0 || !collection.levels.includes('amber')) return;
  await recordAuditNow(deps.db, { userId: principal.userId, label: principal.email, ip: req.ip ?? null }, { action: 'taxii.objects.read', objectType: 'taxii_collection', objectId: collection.id, tlp: 'amber', details: { collection: collection.alias, objects: items.length, first: items[0]!.dateAdded, last: items.at(-1)!.dateAdded } });
}

/** The `/taxii2` router. */
export function createTaxiiRouter(deps: TaxiiDeps): Router {
  const router = Router({ strict: false });
  const root = `/${TAXII_API_ROOT}`;
  const rootUrl = `${deps.baseUrl.replace(/\/$/, '')}/taxii2${root}/`;
  const maxContentLength = deps.settings.taxii.maxContentLength;

  // The same per-IP budget as /api, answered as a TAXII error.
  router.use(
    rateLimit({
      windowMs: 60_000,
      limit: deps.settings.http.rateLimitPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) => sendTaxiiError(res, 429, 'Too many requests', 'Slow down and retry later.'),
      ...(deps.rateLimitStore ? { store: deps.rateLimitStore } : {}),
    }),
  );
  router.use(deps.sessionMiddleware);
  router.use((req, _res, next) => {
    if (!acceptsTaxii21(req.get('accept'))) throw new TaxiiError(406, 'Not acceptable', `This server speaks ${TAXII_MEDIA_TYPE}.`, { supported: [TAXII_MEDIA_TYPE] });
    next();
  });

  const handle =
    (handler: Handler): RequestHandler =>
    async (req, res) => {
      const principal = await principalOf(req, deps);
      await handler(req, res, principal);
    };

  router.get('/', handle(async (_req, res) => {
    await Promise.resolve();
    sendTaxii(res, 200, { title: 'Lagebild TAXII 2.1', description: 'CERT-Thüringen: advisories, indicators and shared STIX objects under TLP 2.0.', contact: 'CERT-Thüringen', default: rootUrl, api_roots: [rootUrl] });
  }));

  router.get(`${root}/`, handle(async (_req, res) => {
    await Promise.resolve();
    sendTaxii(res, 200, { title: 'Lagebild', description: 'Collections by TLP: public (CLEAR), community (GREEN), one per sharing group (AMBER).', versions: [TAXII_MEDIA_TYPE], max_content_length: maxContentLength });
  }));

  router.get(`${root}/collections/`, handle(async (_req, res, principal) => {
    const collections = await visibleCollections(deps.db, principal);
    sendTaxii(res, 200, collections.length > 0 ? { collections: collections.map((collection) => presentCollection(principal, collection)) } : {});
  }));

  router.get(`${root}/collections/:id/`, handle(async (req, res, principal) => {
    const collection = await collectionOr404(deps, principal, String(req.params.id));
    sendTaxii(res, 200, presentCollection(principal, collection));
  }));

  router.get(`${root}/collections/:id/objects/`, handle(async (req, res, principal) => {
    const collection = await collectionOr404(deps, principal, String(req.params.id));
    const { filter, after, limit } = parseQuery(req, deps.settings, { versions: ['last'] });
    const page = await readStream(deps.db, principal, collection, filter, after, limit);
    await auditAmberRead(deps, req, principal, collection, page.items);
    setDateAddedHeaders(res, page.items);
    sendTaxii(res, 200, envelopeOf(page.items, page.more));
  }));

  router.get(`${root}/collections/:id/manifest/`, handle(async (req, res, principal) => {
    const collection = await collectionOr404(deps, principal, String(req.params.id));
    const { filter, after, limit } = parseQuery(req, deps.settings, { versions: ['last'] });
    const page = await readStream(deps.db, principal, collection, filter, after, limit);
    setDateAddedHeaders(res, page.items);
    const last = page.items.at(-1);
    sendTaxii(res, 200, {
      more: page.more,
      ...(page.more && last ? { next: encodePosition(last.position) } : {}),
      ...(page.items.length > 0 ? { objects: page.items.map((item) => ({ id: item.object.id, date_added: item.dateAdded, version: item.version, media_type: STIX_MEDIA_TYPE })) } : {}),
    });
  }));

  const objectIdOf = (req: Request): string => {
    const id = String(req.params.objectId);
    if (!isStixId(id)) throw new TaxiiError(404, 'Object not found', 'Not a STIX object id.');
    return id;
  };

  /** 404 unless the collection holds some version of the object the caller may see. */
  const assertObjectExists = async (principal: Principal, collection: TaxiiCollection, id: string) => {
    const any = await readStream(deps.db, principal, collection, { ids: [id], versions: ['all'] }, undefined, 1);
    if (any.items.length === 0) throw new TaxiiError(404, 'Object not found', 'No object with this id is visible in this collection.');
  };

  router.get(`${root}/collections/:id/objects/:objectId/`, handle(async (req, res, principal) => {
    const collection = await collectionOr404(deps, principal, String(req.params.id));
    const id = objectIdOf(req);
    await assertObjectExists(principal, collection, id);
    const { filter, after, limit } = parseQuery(req, deps.settings, { versions: ['last'] });
    const page = await readStream(deps.db, principal, collection, { ...filter, ids: [id], types: undefined }, after, limit);
    await auditAmberRead(deps, req, principal, collection, page.items);
    setDateAddedHeaders(res, page.items);
    sendTaxii(res, 200, envelopeOf(page.items, page.more));
  }));

  router.get(`${root}/collections/:id/objects/:objectId/versions/`, handle(async (req, res, principal) => {
    const collection = await collectionOr404(deps, principal, String(req.params.id));
    const id = objectIdOf(req);
    await assertObjectExists(principal, collection, id);
    const { filter, after, limit } = parseQuery(req, deps.settings, { versions: ['all'] });
    const page = await readStream(deps.db, principal, collection, { ...filter, ids: [id], types: undefined, versions: ['all'] }, after, limit);
    setDateAddedHeaders(res, page.items);
    const last = page.items.at(-1);
    sendTaxii(res, 200, { more: page.more, ...(page.more && last ? { next: encodePosition(last.position) } : {}), versions: page.items.map((item) => item.version) });
  }));

  const rawBody = express.raw({ type: () => true, limit: maxContentLength });
  router.post(
    `${root}/collections/:id/objects/`,
    (req: Request, _res: Response, next: NextFunction) => {
      const length = Number(req.get('content-length') ?? '0');
      if (length > maxContentLength) throw new TaxiiError(413, 'Content too large', `The API root accepts at most ${maxContentLength} bytes (max_content_length).`, { max_content_length: maxContentLength });
      const contentType = req.get('content-type');
      if (!isTaxii21ContentType(contentType) || !isUtf8Charset(charsetOf(contentType))) throw new TaxiiError(415, 'Unsupported media type', `Send the envelope as ${TAXII_MEDIA_TYPE} in UTF-8.`, { supported: [TAXII_MEDIA_TYPE] });
      next();
    },
    rawBody,
    handle(async (req, res, principal) => {
      const collection = await collectionOr404(deps, principal, String(req.params.id));
      const user = requireUserPrincipal(principal);
      // A session cookie rides along with any cross-site form post: writing with it needs the
      // session's CSRF token, exactly as on the JSON API. Tokens (Bearer, Basic) are not ambient.
      if (user.authenticatedBy === 'session' && !isCsrfTokenValid(req.session.csrfToken, req.get('x-csrf-token'))) {
        throw new TaxiiError(403, 'CSRF token missing or invalid', 'Send the csrfToken from the session response in the X-CSRF-Token header, or authenticate with an API token.');
      }
      if (!canWriteCollection(user, collection)) throw new TaxiiError(403, 'Forbidden', 'Adding objects needs the taxii:write capability (CERT roles; API tokens with the taxii scope).');
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!isWellFormedUtf8(bytes)) throw new TaxiiError(400, 'Malformed text', 'The body is not well-formed UTF-8.');
      let envelope: unknown;
      try {
        envelope = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new TaxiiError(400, 'Malformed JSON', 'The body is not valid JSON.');
      }
      const surrogate = loneSurrogatePath(envelope);
      if (surrogate !== undefined) throw new TaxiiError(400, 'Malformed text', 'A string in the envelope holds a lone UTF-16 surrogate.', { problems: [{ path: surrogate, message: 'lone UTF-16 surrogate' }] });
      const objects = (envelope as { objects?: unknown } | null)?.objects;
      if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope) || !Array.isArray(objects)) {
        throw new TaxiiError(400, 'Invalid envelope', 'Expected an envelope: {"objects": [ ... ]}.', { problems: [{ path: 'objects', message: 'Expected an array of STIX objects' }] });
      }
      const target = { allowed: collection.levels, defaultTlp: collection.defaultLevel, audience: collection.sharingGroupId ? { ...emptyAudience(), sharingGroups: [collection.sharingGroupId] } : emptyAudience() };
      const status = await deps.db.transaction(async (tx) => {
        const [pending] = await tx.insert(taxiiStatuses).values({ collectionId: collection.id, requestedBy: user.userId, totalCount: objects.length, pendingCount: objects.length }).returning();
        const outcomes = await addStixObjects(tx, user, objects, target, `taxii-post:${user.organizationIds[0] ?? user.userId}`, { allOrNothing: false, ip: req.ip ?? null, where: `taxii:${collection.alias}` });
        const detail = (outcome: (typeof outcomes)[number]) => ({ id: outcome.id, version: outcome.version ?? '', message: outcome.message });
        const successes = outcomes.filter((outcome) => outcome.ok).map(detail);
        const failures = outcomes.filter((outcome) => !outcome.ok).map(detail);
        const [complete] = await tx
          .update(taxiiStatuses)
          .set({ status: 'complete', successCount: successes.length, successes, failureCount: failures.length, failures, pendingCount: 0, pendings: [] })
          .where(eq(taxiiStatuses.id, pending!.id))
          .returning();
        return complete!;
      });
      sendTaxii(res, 202, presentStatus(status));
    }),
  );

  router.get(`${root}/status/:statusId/`, handle(async (req, res, principal) => {
    const user = requireUserPrincipal(principal);
    const id = String(req.params.statusId);
    const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await deps.db.select().from(taxiiStatuses).where(and(eq(taxiiStatuses.id, id), eq(taxiiStatuses.requestedBy, user.userId))).limit(1) : [];
    if (!row) throw new TaxiiError(404, 'Status not found', 'No status resource with this id belongs to you.');
    sendTaxii(res, 200, presentStatus(row));
  }));

  router.delete(`${root}/collections/:id/objects/:objectId/`, () => {
    throw new TaxiiError(405, 'Method not allowed', 'Objects are not deleted over TAXII here; revoke them with a new version instead.');
  });

  router.use(() => {
    throw new TaxiiError(404, 'Not found', 'No TAXII resource at this URL.');
  });

  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    if (error instanceof TaxiiError) {
      if (error.status === 401) res.set('WWW-Authenticate', REALM);
      sendTaxiiError(res, error.status, error.title, error.description, error.details);
      return;
    }
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      sendTaxiiError(res, 413, 'Content too large', `The API root accepts at most ${maxContentLength} bytes (max_content_length).`, { max_content_length: maxContentLength });
      return;
    }
    deps.logger.error({ err: error }, 'taxii request failed');
    sendTaxiiError(res, 500, 'Internal server error', 'The request failed; the cause is logged.');
  };
  router.use(onError);
  return router;
}
