import type { Database } from '../platform/db/client.js';
import { pingDatabase } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { AppError } from '../platform/errors.js';
import { documentMetricsEndpoint } from './metrics.endpoint.js';

const HealthSchema = z.object({ status: z.literal('ok') });
const ReadySchema = z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'pg']) });

/** Liveness, readiness (checks the database); the metrics endpoint is served by metrics.endpoint.ts. */
export function registerHealthRoutes(api: Api, db: Database, driver: 'pglite' | 'pg'): void {
  api.define(
    {
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: the process answers',
      tags: ['Operations'],
      access: { public: true },
      responses: { 200: { description: 'Alive', schema: HealthSchema } },
    },
    () => ({ status: 'ok' as const }),
  );

  api.define(
    {
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: the database answers',
      tags: ['Operations'],
      access: { public: true },
      responses: { 200: { description: 'Ready for traffic', schema: ReadySchema } },
    },
    async () => {
      try {
        await pingDatabase(db);
      } catch {
        throw new AppError('SERVICE_UNAVAILABLE', 'The database is not reachable.');
      }
      return { status: 'ready' as const, database: driver };
    },
  );

  documentMetricsEndpoint(api);
}
