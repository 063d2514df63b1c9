import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A port number given as text, 1..65535. */
const PortSchema = z
  .string()
  .regex(/^\d+$/, 'must be a whole number between 1 and 65535')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535'));

/** "true"/"false"/"1"/"0" as environment variables spell booleans. */
const BooleanTextSchema = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be one of true, false, 1, 0, yes, no' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * Every environment variable Lagebild reads, each with what it is for.
 * Only `config/` reads `process.env` (lint-enforced); everything else receives the parsed `Config`.
 */
export const EnvSchema = z.object({
  /** HTTP port to listen on. Default 8080. */
  PORT: PortSchema.default(8080),
  /** Address to bind. Default 0.0.0.0 (all interfaces); tests use 127.0.0.1. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Public base URL, used in links (e-mails, SAML metadata, CSAF). Default http://localhost:<PORT>. */
  BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).optional(),
  /** Directory for the embedded database (PGlite) and generated secrets. Default ./data. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL server connection string. Unset: the embedded PGlite database in DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
    .optional(),
  /**
   * Redis for the shared limits (rate limits, login throttling) of several instances, e.g.
   * redis://127.0.0.1:6379. Unset: the PostgreSQL server's `rate_limits` table (DATABASE_URL), or this
   * process's memory (embedded database). Secret when it carries a password.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Secret that signs session cookies (≥ 32 characters). Generated and kept in DATA_DIR when unset in embedded mode. Secret. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Earlier session secrets, comma-separated, still accepted for existing sessions while SESSION_SECRET signs new ones (rotation, docs/operations.md). Secret. */
  SESSION_SECRET_PREVIOUS: z.string().optional(),
  /**
   * Bearer token Prometheus sends to scrape `/metrics` (≥ 32 characters). Unset: `/metrics` is not
   * served (404), since its route names and counters describe the deployment. Secret.
   */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  /** SMTP transport for outgoing mail, e.g. smtp://user:pass@mail.example:587. Unset: mail is logged, not sent. Secret. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  /** Sender address of outgoing mail. */
  MAIL_FROM: z.string().min(3).default('Lagebild CERT-Thüringen <lagebild@localhost>'),
  /** pino log level. Default info. */
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  /** Express "trust proxy" setting: false, true, a hop count, or a comma-separated list of addresses/subnets. */
  TRUST_PROXY: z.string().min(1).default('false'),
  /** Password for the seeded demo accounts. Unset: one is generated and printed once. Secret. */
  LAGEBILD_DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  /** Seed the demo community into an empty database. Default true. */
  LAGEBILD_DEMO: BooleanTextSchema.default(true),
  /** With the demo community, seed a product inventory for some of its organizations (Erfurt runs Citrix NetScaler ADC …). Default true. */
  LAGEBILD_DEMO_INVENTORY: BooleanTextSchema.default(true),
  /** With the demo community, seed a recent history (advisories, answers, incidents, a threat level) so the situation picture is populated. Default true. */
  LAGEBILD_DEMO_HISTORY: BooleanTextSchema.default(true),
  /** Which roles this process runs, comma-separated: web, scheduler. Default both. */
  SERVER_ROLES: z
    .string()
    .regex(/^(web|scheduler)(,(web|scheduler))*$/, 'must be a comma-separated list of web, scheduler')
    .default('web,scheduler'),
  /** Proxy for outgoing HTTPS requests (feeds); state networks use proxies. */
  HTTPS_PROXY: z.url({ error: 'must be an absolute URL' }).optional(),
  /** Hosts that bypass HTTPS_PROXY, comma-separated. */
  NO_PROXY: z.string().optional(),
  /** Path of an additional JSON settings file overriding config/settings.json. */
  LAGEBILD_SETTINGS: z.string().min(1).optional(),
  /** Path of the SAML identity provider list (JSON). Default config/identity-providers.json. */
  LAGEBILD_IDENTITY_PROVIDERS: z.string().min(1).optional(),
  /**
   * ASCII-armored OpenPGP private key file that signs the CSAF provider's documents (`.asc`).
   * Unset: a key is generated at first start and kept like the other instance secrets. Secret.
   */
  CSAF_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** Passphrase of CSAF_SIGNING_KEY_FILE when the key is encrypted. Secret. */
  CSAF_SIGNING_KEY_PASSPHRASE: z.string().min(1).optional(),
  /** Path of the feed source catalog (JSON, see config/feeds.schema.ts). Default config/feeds.json. */
  LAGEBILD_FEEDS: z.string().min(1).optional(),
  /** NVD API key (named by the `nvd` source's credentialEnv): raises NVD's rate limit from 5 to 50 requests per 30 s. Secret. */
  FEED_NVD_API_KEY: z.string().min(1).optional(),
  /** MISP auth key for MISP feeds that require one (named by a source's credentialEnv). Secret. */
  FEED_MISP_API_KEY: z.string().min(1).optional(),
  /** Password for TAXII servers that require HTTP basic authentication (named by a source's credentialEnv). Secret. */
  FEED_TAXII_PASSWORD: z.string().min(1).optional(),
  /** Serve cookies with the Secure flag. Default: true when BASE_URL is https. */
  COOKIE_SECURE: BooleanTextSchema.optional(),
});

export type Env = z.infer<typeof EnvSchema>;
