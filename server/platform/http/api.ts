import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { z } from 'zod';
import { hasCapability, type Principal } from '../../auth/principal.js';
import { isCsrfTokenValid } from '../../auth/csrf.js';
import type { Capability } from '../../access/capabilities.js';
import { AppError } from '../errors.js';
import { ProblemSchema } from './openapi-zod.js';
import { parseOrThrow } from './validate.js';

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
};

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export type RouteContext<B, Q, P> = {
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  principal: Principal;
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
      const context = {
        body: (spec.body ? parseOrThrow(spec.body, req.body, 'body', spec.bodyErrorCode) : undefined) as Infer<B>,
        query: (spec.query ? parseOrThrow(spec.query, req.query, 'query') : undefined) as Infer<Q>,
        params: (spec.params ? parseOrThrow(spec.params, req.params, 'params') : undefined) as Infer<P>,
        principal: req.principal,
        req,
        res,
      };
      const result = await handler(context);
      if (res.headersSent) return;
      const status = spec.successStatus ?? 200;
      if (result === undefined) res.status(status === 200 ? 204 : status).end();
      else res.status(status).json(result);
    });
  }

  private registerOpenApi(spec: RouteSpec<z.ZodType | undefined, z.ZodObject | undefined, z.ZodObject | undefined>): void {
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = response.schema
        ? { description: response.description, content: { [response.contentType ?? 'application/json']: { schema: response.schema } } }
        : { description: response.description };
    }
    responses.default = { description: 'Error (RFC 9457 problem details)', content: { 'application/problem+json': { schema: ProblemSchema } } };
    const security: Record<string, string[]>[] = 'public' in spec.access ? [] : [{ session: [] }, { bearer: [] }];
    this.registry.registerPath({
      method: spec.method,
      path: toOpenApiPath(spec.path),
      summary: spec.summary,
      tags: spec.tags,
      security,
      request: {
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.params ? { params: spec.params } : {}),
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
