import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { z } from 'zod';
import { hasCapability, type Principal } from '../../auth/principal.js';
import { isCsrfTokenValid } from '../../auth/csrf.js';
import type { Capability } from '../../access/capabilities.js';
import { AppError } from '../errors.js';
import { ProblemSchema } from './openapi-zod.js';
import { parseOrThrow } from './validate.js';
import { assertIfMatch, etagOf, KeyedQueue, parseIfMatch, type IfMatch } from './etag.js';
import { z as zo } from './openapi-zod.js';

/** The If-Match request header of conditional writes, as the OpenAPI document declares it. */
/** The body of a file download. */
const BinarySchema = zo.string().openapi({ format: 'binary' });

const IfMatchHeaderSchema = zo.object({
  'If-Match': zo.string().optional().openapi({
    description: 'The ETag of the version this change is based on. Stale → 412 with the current version. Without it the write proceeds (kept for API clients; the web client always sends it).',
  }),
});
import { JSON_MEDIA_TYPES } from './body-guards.js';

/** Who may call a route. There is no default: a route without an access declaration cannot be written. */
export type RouteAccess = { public: true } | { authenticated: true } | { capability: Capability };

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type ResponseSpec = { description: string; schema?: z.ZodType; contentType?: string };

export type RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodObject | undefined, P extends z.ZodObject | undefined> = {
  method: Method;
  path: string;
  summary: string;
  tags: string[];
  access: RouteAccess;
  body?: B;
  query?: Q;
  params?: P;
  /** Status of a successful reply when the handler returns a value. */
  successStatus?: number;
  responses: Record<number, ResponseSpec>;
  /** Cookie-authenticated unsafe requests need X-CSRF-Token unless this is false (only for login itself). */
  csrf?: boolean;
  /**
   * Error code of an invalid body: VALIDATION_FAILED (400) by default; UNPROCESSABLE_CONTENT (422)
   * for domain documents such as advisories, whose problems are semantic rather than syntactic.
   */
  bodyErrorCode?: 'VALIDATION_FAILED' | 'UNPROCESSABLE_CONTENT';
  /**
   * Optimistic concurrency (etag.ts): the success answer carries the strong ETag of its body, and a
   * write reads `If-Match` (absent: it proceeds).
   * - `'response'`: only the ETag (reads);
   * - `'service'`: the handler passes `ifMatch` to a service that checks it under its row lock;
   * - `{ current }`: `current(context)` loads the editable version of the resource (safe to show:
   *   it is sent back with a 412); the ETag is of that version, on reads and writes alike, and the
   *   API checks If-Match against it before the handler runs, serialized per resource path within
   *   this process.
   */
  etag?: 'response' | 'service' | { current: (context: RouteContext<undefined, Q, P>) => Promise<unknown> };
  /** Media type of the body: JSON (UTF-8) by default; `form` only for the SAML HTTP-POST binding. */
  bodyType?: 'json' | 'form';
};

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export type RouteContext<B, Q, P> = {
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  principal: Principal;
  /** The request's If-Match (null when absent); see `RouteSpec.etag`. */
  ifMatch: IfMatch;
  req: Request;
  res: Response;
};

/** A declared route, kept for the route-inventory test and the OpenAPI document. */
export type RouteRecord = { method: Method; path: string; access: RouteAccess; csrf: boolean };

const SAFE_METHODS = new Set(['get', 'head', 'options']);

function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function checkAccess(access: RouteAccess, principal: Principal, method: Method): void {
  if ('public' in access) return;
  if (principal.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Log in or send a bearer token.');
  // Account self-service (password, MFA, tokens, sessions) changes credentials: a bearer token must not
  // be able to mint tokens or switch off MFA, whatever its scopes.
  if ('authenticated' in access && !SAFE_METHODS.has(method) && principal.kind === 'user' && principal.authenticatedBy === 'token') {
    throw new AppError('FORBIDDEN', 'This action needs an interactive session, not an API token.');
  }
  if ('capability' in access && !hasCapability(principal, access.capability)) {
    throw new AppError('FORBIDDEN', `This action needs the capability ${access.capability}.`);
  }
}

const BODY_MEDIA_TYPES = { json: JSON_MEDIA_TYPES, form: ['application/x-www-form-urlencoded'] } as const;

/** A body in another media type than the route takes is 415 (the parsers left it unread). */
function checkBodyType(req: Request, bodyType: 'json' | 'form'): void {
  // An empty body (`Content-Length: 0`, as clients send a POST without one) has no media type to check.
  if (req.get('content-length') === '0' && req.get('transfer-encoding') === undefined) return;
  if (req.is([...BODY_MEDIA_TYPES[bodyType]]) === false) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', bodyType === 'json' ? 'Send the body as application/json; charset=utf-8.' : 'Send the body as application/x-www-form-urlencoded.');
  }
}

function checkCsrf(req: Request, method: Method, csrf: boolean): void {
  if (!csrf || SAFE_METHODS.has(method)) return;
  const principal = req.principal;
  if (principal.kind !== 'user' || principal.authenticatedBy !== 'session') return;
  if (!isCsrfTokenValid(req.session.csrfToken, req.get('x-csrf-token'))) {
    throw new AppError('CSRF_TOKEN_INVALID', 'Send the csrfToken from the session response in the X-CSRF-Token header.');
  }
}

/**
 * The API surface: an Express router plus the OpenAPI registry, fed by the same declarations.
 * Each feature registers its routes through `define`; handlers stay thin (parse, call a service, reply).
 */
export class Api {
  readonly router = Router();
  readonly registry = new OpenAPIRegistry();
  readonly routes: RouteRecord[] = [];
  readonly #conditionalWrites = new KeyedQueue();

  constructor() {
    this.registry.register('Problem', ProblemSchema);
  }

  define<B extends z.ZodType | undefined = undefined, Q extends z.ZodObject | undefined = undefined, P extends z.ZodObject | undefined = undefined>(
    spec: RouteSpec<B, Q, P>,
    handler: (context: RouteContext<B, Q, P>) => unknown,
  ): void {
    const csrf = spec.csrf ?? true;
    this.routes.push({ method: spec.method, path: spec.path, access: spec.access, csrf });
    this.registerOpenApi(spec);
    this.router[spec.method](spec.path, async (req: Request, res: Response, _next: NextFunction) => {
      checkAccess(spec.access, req.principal, spec.method);
      checkCsrf(req, spec.method, csrf);
      if (spec.body) checkBodyType(req, spec.bodyType ?? 'json');
      const context = {
        body: (spec.body ? parseOrThrow(spec.body, req.body, 'body', spec.bodyErrorCode) : undefined) as Infer<B>,
        query: (spec.query ? parseOrThrow(spec.query, req.query, 'query') : undefined) as Infer<Q>,
        params: (spec.params ? parseOrThrow(spec.params, req.params, 'params') : undefined) as Infer<P>,
        principal: req.principal,
        ifMatch: spec.etag && !SAFE_METHODS.has(spec.method) ? parseIfMatch(req.get('if-match')) : null,
        req,
        res,
      };
      const guard = spec.etag;
      const result =
        typeof guard === 'object' && context.ifMatch !== null
          ? await this.#conditionalWrites.run(req.path, async () => {
              assertIfMatch(context.ifMatch, await guard.current({ ...context, body: undefined }));
              return handler(context);
            })
          : await handler(context);
      if (res.headersSent) return;
      // The ETag names the version: of the body itself, or of the editable resource `current` loads
      // (a representation with clocks in it, such as an incident's SLA timers, is not a version).
      if (typeof guard === 'object') {
        res.set('ETag', etagOf(await guard.current({ ...context, body: undefined })));
        // Such an ETag does not name the bytes sent (stages, messages, timers change beside it): it
        // must never turn a conditional GET into a 304 that leaves the browser showing stale data.
        delete req.headers['if-none-match'];
      } else if (spec.etag && result !== undefined) res.set('ETag', etagOf(result));
      // API answers carry TLP-marked data: never kept in a shared PC's browser or a proxy cache.
      if (!res.get('Cache-Control')) res.set('Cache-Control', 'private, no-store');
      const status = spec.successStatus ?? 200;
      if (result === undefined) res.status(status === 200 ? 204 : status).end();
      else res.status(status).json(result);
    });
  }

  private registerOpenApi(spec: RouteSpec<z.ZodType | undefined, z.ZodObject | undefined, z.ZodObject | undefined>): void {
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      // A declared media type without a zod schema is a file (PDF, CSV, XML, octet-stream): its
      // body is bytes, not JSON, and the document says so.
      responses[status] = response.schema
        ? { description: response.description, content: { [response.contentType ?? 'application/json']: { schema: response.schema } } }
        : response.contentType
          ? { description: response.description, content: { [response.contentType]: { schema: BinarySchema } } }
          : { description: response.description };
    }
    if (spec.etag) {
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 300) Object.assign(response, { headers: { ETag: { description: 'Strong entity tag of this version; send it as If-Match with the next write', schema: { type: 'string' } } } });
      }
      if (!SAFE_METHODS.has(spec.method)) {
        responses['412'] = { description: 'If-Match names a version that is no longer current: nothing changed; the problem carries `current` (the current version) and `etag` (also the ETag header)', content: { 'application/problem+json': { schema: ProblemSchema } } };
      }
    }
    const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
    if (spec.body || spec.query || spec.params) {
      responses['400'] ??= problem('Invalid request: VALIDATION_FAILED (every issue listed; also a malformed cursor), MALFORMED_JSON, MALFORMED_TEXT (not UTF-8, or a lone UTF-16 surrogate)');
    }
    if (spec.body) responses['415'] ??= problem(spec.bodyType === 'form' ? 'The body is not application/x-www-form-urlencoded' : 'The body is not application/json, or declares a charset other than UTF-8');
    responses.default = { description: 'Error (RFC 9457 problem details)', content: { 'application/problem+json': { schema: ProblemSchema } } };
    const security: Record<string, string[]>[] = 'public' in spec.access ? [] : [{ session: [] }, { bearer: [] }];
    this.registry.registerPath({
      method: spec.method,
      path: toOpenApiPath(spec.path),
      summary: spec.summary,
      tags: spec.tags,
      security,
      request: {
        ...(spec.body ? { body: { content: { [spec.bodyType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: spec.body } } } } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.etag && !SAFE_METHODS.has(spec.method) ? { headers: IfMatchHeaderSchema } : {}),
      },
      responses,
    });
  }

  /** The OpenAPI 3.1 document generated from every registered route. */
  document(baseUrl: string): ReturnType<OpenApiGeneratorV31['generateDocument']> {
    this.registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'lagebild.sid' });
    this.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
    return new OpenApiGeneratorV31(this.registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: {
        title: 'Lagebild API',
        version: '1',
        description:
          'Security advisories, incidents and indicators of the CERT-Thüringen network. Errors are RFC 9457 problem+json; lists are cursor-paginated.',
      },
      servers: [{ url: baseUrl }],
    });
  }
}
