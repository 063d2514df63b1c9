import { z } from 'zod';

/** Source types the framework knows (kept equal to `FEED_TYPES` in feeds/feed.ts by a unit test). */
export const FEED_SOURCE_TYPES = ['csaf-provider', 'cisa-kev', 'nvd', 'epss', 'misp', 'taxii', 'rss', 'euvd'] as const;

/** TLP 2.0 levels as stored (lower case). */
const FEED_TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;

/**
 * Environment variables a source may name for its credentials. Only `FEED_*` names are resolved, so a
 * source (also one an admin adds through the API) can never make the platform hand its own secrets
 * (SESSION_SECRET, DATABASE_URL…) to an upstream server.
 */
export const FEED_CREDENTIAL_ENV_PATTERN = /^FEED_[A-Z0-9_]{1,64}$/;

/** A five- or six-field cron expression (node-cron syntax); the scheduler validates it again. */
export const CronExpressionSchema = z
  .string()
  .trim()
  .regex(/^(\S+\s+){4,5}\S+$/, 'must be a cron expression with 5 or 6 fields');

/** The key (slug) that names a source in config, the CLI and logs. */
export const FeedSourceKeySchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lower-case slug (a-z, 0-9, -)');

/**
 * One source of `config/feeds.json`. Upserted into `feed_sources` at start by its `key`
 * (`managed_by = config`); an admin's enable/disable through the API is kept across restarts.
 */
export const FeedSourceEntrySchema = z
  .object({
    /** Stable slug, unique (`bsi-wid`, `cisa-kev`). */
    key: FeedSourceKeySchema,
    /** Which adapter (`feeds/<type>/`) reads it. */
    type: z.enum(FEED_SOURCE_TYPES),
    /** Name shown in the UI. */
    name: z.string().trim().min(1).max(200),
    /** Entry URL (CSAF provider-metadata.json, KEV JSON, NVD API base, EPSS CSV, MISP feed, TAXII discovery, RSS). */
    url: z.url({ protocol: /^https?$/ }),
    /** node-cron expression (minute hour day month weekday, optional leading seconds). */
    schedule: CronExpressionSchema,
    /** Disabled sources are never scheduled; default false so a fresh `npm start` never reaches out. */
    enabled: z.boolean().default(false),
    /** Lets the fetcher reach loopback/private addresses (tests, internal mirrors). Default false. */
    allowPrivateNetwork: z.boolean().default(false),
    /** TLP for items and STIX objects that carry no marking of their own. */
    defaultTlp: z.enum(FEED_TLP_LEVELS).default('clear'),
    /** Adapter-specific options, validated by the adapter's own `optionsSchema`. */
    options: z.record(z.string(), z.unknown()).default({}),
    /** Credential name → environment variable name (`{"apiKey": "FEED_NVD_API_KEY"}`); values are never stored. */
    credentialEnv: z.record(z.string().min(1).max(64), z.string().regex(FEED_CREDENTIAL_ENV_PATTERN, 'must name a FEED_* environment variable')).default({}),
  })
  .strict();
export type FeedSourceEntry = z.output<typeof FeedSourceEntrySchema>;

/** `config/feeds.json`: the default source catalog. Keys must be unique. */
export const FeedCatalogSchema = z
  .object({ sources: z.array(FeedSourceEntrySchema).max(500) })
  .strict()
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    catalog.sources.forEach((source, index) => {
      if (seen.has(source.key)) ctx.addIssue({ code: 'custom', path: ['sources', index, 'key'], message: `duplicate key ${source.key}` });
      seen.add(source.key);
    });
  });
export type FeedCatalog = z.output<typeof FeedCatalogSchema>;
