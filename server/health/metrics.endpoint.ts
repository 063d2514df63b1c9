/**
 * `GET /metrics` for Prometheus. Route names, counters and queue depths describe the deployment, so
 * the endpoint is never public: it answers only `Authorization: Bearer <METRICS_TOKEN>`, and is not
 * served at all (404) when no token is configured. A plain handler mounted before the session and
 * API-token authentication: the metrics token is not an API token and opens nothing else.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Api } from '../platform/http/api.js';
import { sendProblem } from '../platform/http/problem.js';
import { requestIdOf } from '../platform/http/request-id.js';
import { ProblemSchema, z } from '../platform/http/openapi-zod.js';

export const METRICS_PATH = '/metrics';

/** Constant-time comparison of the presented token with the configured one (hashed to equal lengths). */
function sameToken(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function metricsEndpoint(token: string | undefined, registry: Registry): RequestHandler {
  return async (req, res) => {
    const requestId = requestIdOf(req);
    if (token === undefined) {
      sendProblem(res, 'NOT_FOUND', `No resource at GET ${METRICS_PATH}.`, { requestId });
      return;
    }
    const authorization = req.get('authorization') ?? '';
    const given = /^bearer /i.test(authorization) ? authorization.slice(7).trim() : '';
    if (given === '' || !sameToken(given, token)) {
      res.set('WWW-Authenticate', 'Bearer realm="Lagebild metrics"');
      sendProblem(res, 'UNAUTHENTICATED', 'Send the metrics token (METRICS_TOKEN) as a bearer token.', { requestId });
      return;
    }
    res.set('Cache-Control', 'no-store').type(registry.contentType).send(await registry.metrics());
  };
}

/** Declares the endpoint in the OpenAPI document (it is not an `api.define` route: see above). */
export function documentMetricsEndpoint(api: Api): void {
  api.registry.registerComponent('securitySchemes', 'metricsToken', { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' });
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
  api.registry.registerPath({
    method: 'get',
    path: METRICS_PATH,
    summary: 'Prometheus metrics (bearer METRICS_TOKEN; 404 when no token is configured)',
    tags: ['Operations'],
    security: [{ metricsToken: [] }],
    responses: {
      200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
      401: problem('No or a wrong metrics token'),
      404: problem('Not served: METRICS_TOKEN is not configured'),
    },
  });
}
