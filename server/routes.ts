import type { Router } from 'express';
import { moduleLogger } from './platform/logger.js';
import type { Config } from '../config/index.js';
import type { DatabaseHandle } from './platform/db/client.js';
import type { Api } from './platform/http/api.js';
import type { Metrics } from './platform/metrics.js';
import { registerAdvisoryRoutes } from './advisories/advisories.routes.js';
import { registerSearchRoutes } from './search/search.routes.js';
import { registerSavedFilterRoutes } from './saved-filters/saved-filters.routes.js';
import type { Mailer } from './platform/mail.js';
import type { Clock } from './platform/clock.js';
import { registerAccountRoutes } from './auth/account.routes.js';
import { registerAuthRoutes, type PasswordLoginDeps } from './auth/auth.routes.js';
import { registerSamlRoutes } from './auth/saml/saml.routes.js';
import { createSamlProviders } from './auth/saml/saml.service.js';
import { registerAuditRoutes } from './audit/audit.routes.js';
import { registerJobRoutes } from './operations/jobs.routes.js';
import { registerOpenpgpKeyRoutes } from './users/openpgp-keys.routes.js';
import { lazySigningKey } from './sharing/signing-key.js';
import { registerIncidentRoutes } from './incidents/incidents.routes.js';
import { registerIndicatorRoutes } from './indicators/indicators.routes.js';
import { registerStixRoutes } from './stix-objects/stix-objects.routes.js';
import { registerHealthRoutes } from './health/health.routes.js';
import { registerInventoryRoutes } from './inventory/inventory.routes.js';
import { registerAcknowledgementRoutes } from './acknowledgements/acknowledgements.routes.js';
import { registerMatchingRoutes } from './matching/matching.routes.js';
import { registerNotificationRoutes } from './notifications/notifications.routes.js';
import { registerOpenApiRoutes } from './openapi/openapi.routes.js';
import { registerOrganizationAdminRoutes } from './organizations/organizations.admin.js';
import { registerOrganizationContactRoutes } from './organizations/organizations.contacts.js';
import { registerOrganizationProfileRoutes } from './organizations/organizations.profile.js';
import { registerOrganizationRoutes } from './organizations/organizations.routes.js';
import { registerTokenRoutes } from './tokens/tokens.routes.js';
import { registerMemberRoutes } from './users/members.routes.js';
import { registerUserDirectoryRoutes } from './users/users.routes.js';
import { registerSharingRoutes } from './sharing/sharing.routes.js';
import type { SigningKey } from './sharing/signing-key.js';
import { registerFeedRoutes } from './feeds/feeds.routes.js';
import { registerProductAliasRoutes } from './products/product-aliases.routes.js';
import { registerSituationRoutes } from './situation/situation.routes.js';
import type { FeedAdapters, FeedHttpFactory } from './feeds/runner.js';
import type { Logger } from './platform/logger.js';

export type RouteDeps = {
  /** Password logins: the shared throttle and the device cookie settings. */
  login: PasswordLoginDeps;
  config: Config;
  database: DatabaseHandle;
  metrics: Metrics;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  feedHttp: FeedHttpFactory;
  feedAdapters: FeedAdapters;
  /** The CERT's OpenPGP key (CSAF signatures); resolved on first use when absent. */
  signingKey?: (() => Promise<SigningKey>) | undefined;
};

/**
 * The single list of feature routes. Returns plain routers for the few non-API pages (docs assets).
 * The OpenAPI route registers last so the document includes every route.
 */
export function registerRoutes(api: Api, deps: RouteDeps): Router[] {
  const { db, driver } = deps.database;
  const { baseUrl } = deps.config;
  registerHealthRoutes(api, db, driver);
  registerAuthRoutes(api, db, deps.clock, deps.login);
  registerAccountRoutes(api, { db, mailer: deps.mailer, baseUrl, throttle: deps.login.throttle });
  registerSamlRoutes(api, { db, clock: deps.clock, ...createSamlProviders(db, deps.config.identityProviders, baseUrl) });
  registerTokenRoutes(api, db);
  registerOrganizationRoutes(api, db);
  // Whether mail can leave at all decides what the publish preview promises (no SMTP_URL: none).
  registerAdvisoryRoutes(api, db, { mailEnabled: Boolean(deps.config.smtpUrl) });
  registerSearchRoutes(api, db);
  registerSavedFilterRoutes(api, db);
  registerOrganizationAdminRoutes(api, db);
  registerOrganizationContactRoutes(api, db);
  registerOrganizationProfileRoutes(api, db);
  registerMemberRoutes(api, { db, mailer: deps.mailer, baseUrl });
  registerUserDirectoryRoutes(api, db);
  registerAuditRoutes(api, db);
  registerJobRoutes(api, { config: deps.config, database: deps.database });
  registerOpenpgpKeyRoutes(api, { db, baseUrl, contact: deps.config.settings.csaf.contactDetails, signingKey: deps.signingKey ?? lazySigningKey(deps.config, deps.database) });
  registerIncidentRoutes(api, { db, dataDir: deps.config.dataDir });
  registerIndicatorRoutes(api, { db });
  registerStixRoutes(api, db);
  registerInventoryRoutes(api, db);
  registerMatchingRoutes(api, { db, settings: deps.config.settings });
  registerAcknowledgementRoutes(api, { db, settings: deps.config.settings });
  registerSharingRoutes(api, { config: deps.config, database: deps.database, signingKey: deps.signingKey });
  registerNotificationRoutes(api, { db, settings: deps.config.settings, logger: moduleLogger(deps.logger, 'notifications') });
  registerFeedRoutes(api, { database: deps.database, config: deps.config, logger: moduleLogger(deps.logger, 'feeds'), feedHttp: deps.feedHttp, adapters: deps.feedAdapters, clock: deps.clock });
  registerProductAliasRoutes(api, { db, clock: deps.clock });
  registerSituationRoutes(api, { db, settings: deps.config.settings, clock: deps.clock });
  const docs = registerOpenApiRoutes(api, baseUrl);
  return [docs];
}
