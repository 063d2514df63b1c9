import express, { type Express, type RequestHandler, type Router } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { rateLimit, type Store } from 'express-rate-limit';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config/index.js';
import type { DatabaseHandle } from './platform/db/client.js';
import type { Logger } from './platform/logger.js';
import { Api } from './platform/http/api.js';
import { errorHandler, notFoundHandler } from './platform/http/error-handler.js';
import { sendProblem } from './platform/http/problem.js';
import { jsonCharsetGuard, JSON_MEDIA_TYPES, verifyUtf8Body, wellFormedJsonGuard } from './platform/http/body-guards.js';
import { requestId, requestIdOf } from './platform/http/request-id.js';

import { createMetrics, type Metrics } from './platform/metrics.js';
import { METRICS_PATH, metricsEndpoint } from './health/metrics.endpoint.js';
import { createMailer, type Mailer } from './platform/mail.js';
import { moduleLogger } from './platform/logger.js';
import { authenticate } from './auth/authenticate.js';
import { DatabaseSessionStore } from './auth/session-store.js';
import { registerRoutes } from './routes.js';
import { createTaxiiRouter } from './taxii/taxii.routes.js';
import { systemClock, type Clock } from './platform/clock.js';
import { lazySigningKey, type SigningKey } from './sharing/signing-key.js';
import { mailProtectionFor } from './users/openpgp-keys.js';
import { type FeedAdapters, type FeedHttpFactory } from './feeds/runner.js';
import { ADAPTERS } from '../feeds/index.js';
import { platformFeedHttp } from './feeds/http-factory.js';
import { createLimitStore, type LimitStore } from './platform/limits/limit-store.js';
import { SharedRateLimitStore } from './platform/limits/express-store.js';
import { createLoginThrottle } from './auth/login-throttle.js';
import { passwordChangeGate } from './auth/password-change-gate.js';

export type AppDeps = {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  sessionSecret: string;
  /** Router serving the built web client, or null (API only, e.g. in most tests). */
  client: Router | null;
  /** Outgoing mail; default: SMTP_URL from the config. */
  mailer?: Mailer;
  /** Time source for session timeouts and login times; tests move a fixed clock instead of waiting. */
  clock?: Clock;
  /** The CERT's OpenPGP signing key (resolved at start by server.ts); default: resolved on first use. */
  signingKey?: () => Promise<SigningKey>;
  /** The fetcher for feed runs started through the API; default: the platform fetcher. */
  feedHttp?: FeedHttpFactory;
  /** The adapter registry for feed runs; default feeds/index.ts. */
  feedAdapters?: FeedAdapters;
};

export type BuiltApp = {
  app: Express;
  api: Api;
  metrics: Metrics;
  sessionMiddleware: RequestHandler;
  sessionStore: DatabaseSessionStore;
  /** The shared limit store (rate limits, login throttle); closed with the server. */
  limits: LimitStore;
  /** The time source sessions expire on (shared with the realtime layer). */
  clock: Clock;
};

function rateLimited(limit: number, windowMs: number, store: Store): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store,
    // A limit that cannot be counted (Redis or the database away) lets the request through: the login
    // throttle behind it fails closed on its own.
    passOnStoreError: true,
    handler: (req, res) => sendProblem(res, 'RATE_LIMITED', 'Too many requests; slow down and retry later.', { requestId: requestIdOf(req) }),
  });
}

/** Builds the Express app without listening; `server/main.ts` and the tests both use it. */
export function buildApp(deps: AppDeps): BuiltApp {
  const { config, database, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'extended');

  const metrics = createMetrics();
  app.use(
    pinoHttp({
      logger,
      genReqId: requestId,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
      // Method, path and status only: headers carry cookies and query strings may carry search terms.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
    }),
  );
  app.use(metrics.httpMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(config.baseUrl.startsWith('https:') ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: config.baseUrl.startsWith('https:'),
    }),
  );
  // Before sessions and API-token authentication: the metrics token is its own credential.
  app.get(METRICS_PATH, metricsEndpoint(config.metricsToken, metrics.registry));
  // Rate limits and the login throttle count in one store shared by every instance (issue 19).
  const limits = createLimitStore(database, config.redisUrl);
  app.use('/api', rateLimited(config.settings.http.rateLimitPerMinute, 60_000, new SharedRateLimitStore(limits, 'http-api')));
  app.post('/api/v1/session', rateLimited(config.settings.http.loginAttemptsPer15Minutes, 15 * 60_000, new SharedRateLimitStore(limits, 'http-login')));
  const idleMs = config.settings.session.idleTimeoutMinutes * 60_000;
  const clock = deps.clock ?? systemClock;
  const sessionStore = new DatabaseSessionStore(database.db, idleMs, clock);
  const sessionMiddleware = session({
    name: 'lagebild.sid',
    // The first secret signs new cookies; previous ones still verify existing sessions during a rotation.
    secret: [deps.sessionSecret, ...config.previousSessionSecrets],
    store: sessionStore,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: idleMs, path: '/' },
  });
  const absoluteTimeoutMs = config.settings.session.absoluteTimeoutHours * 3_600_000;
  // TAXII 2.1 speaks its own media types, errors, body limit and HTTP Basic: mounted before the JSON
  // parser and the API authentication (it authenticates itself, through the same token and session code).
  app.use(
    '/taxii2',
    createTaxiiRouter({ db: database.db, baseUrl: config.baseUrl, settings: config.settings, sessionMiddleware, sessionStore, absoluteTimeoutMs, clock, logger: moduleLogger(logger, 'taxii'), rateLimitStore: new SharedRateLimitStore(limits, 'http-taxii') }),
  );

  // The SAML HTTP-POST binding posts a form to the ACS and SLO endpoints.
  app.use('/auth/saml', express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(jsonCharsetGuard);
  app.use(express.json({ limit: config.settings.http.jsonBodyLimit, type: JSON_MEDIA_TYPES, verify: verifyUtf8Body }));
  app.use(wellFormedJsonGuard);
  app.use(sessionMiddleware);
  app.use(authenticate(database.db, absoluteTimeoutMs, clock, sessionStore));
  app.use(passwordChangeGate);

  const api = new Api();
  const signingKey = deps.signingKey ?? lazySigningKey(config, database);
  const extraRouters = registerRoutes(api, {
    config,
    database,
    metrics,
    clock,
    signingKey,
    logger,
    feedHttp: deps.feedHttp ?? platformFeedHttp(config),
    feedAdapters: deps.feedAdapters ?? ADAPTERS,
    mailer: deps.mailer ?? createMailer(config.smtpUrl, config.mailFrom, moduleLogger(logger, 'auth'), mailProtectionFor(database.db, signingKey)),
    login: {
      throttle: createLoginThrottle(limits, config.settings.login),
      deviceSecret: deps.sessionSecret,
      deviceCookieDays: config.settings.login.deviceCookieDays,
      cookieSecure: config.cookieSecure,
    },
  });
  app.use(api.router);
  for (const router of extraRouters) app.use(router);
  app.use('/api', notFoundHandler);
  if (deps.client) app.use(deps.client);
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return { app, api, metrics, sessionMiddleware, sessionStore, limits, clock };
}
