import type { Router } from 'express';
import type { Config } from '../config/index.js';
import type { DatabaseHandle } from './platform/db/client.js';
import type { Api } from './platform/http/api.js';
import type { Metrics } from './platform/metrics.js';
import { registerAdvisoryRoutes } from './advisories/advisories.routes.js';
import { registerAuthRoutes } from './auth/auth.routes.js';
import { registerHealthRoutes } from './health/health.routes.js';
import { registerOpenApiRoutes } from './openapi/openapi.routes.js';
import { registerOrganizationRoutes } from './organizations/organizations.routes.js';

export type RouteDeps = { config: Config; database: DatabaseHandle; metrics: Metrics };

/**
 * The single list of feature routes. Returns plain routers for the few non-API pages (docs assets).
 * The OpenAPI route registers last so the document includes every route.
 */
export function registerRoutes(api: Api, deps: RouteDeps): Router[] {
  const { db, driver } = deps.database;
  registerHealthRoutes(api, db, driver, deps.metrics.registry);
  registerAuthRoutes(api, db);
  registerOrganizationRoutes(api, db);
  registerAdvisoryRoutes(api, db);
  const docs = registerOpenApiRoutes(api, deps.config.baseUrl);
  return [docs];
}
