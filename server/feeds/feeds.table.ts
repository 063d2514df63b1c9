import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { advisories } from '../advisories/advisories.table.js';
import { users } from '../users/users.table.js';
import type { TlpLevel } from '../access/tlp.js';
import type { FeedItem, FeedProduct, FeedType } from '../../feeds/feed.js';

/**
 * A configured source. Sources from `config/feeds.json` are upserted at start (`managed_by = config`);
 * CERT admins add and edit more through the API (`managed_by = api`). Credentials are never stored:
 * `credential_env` names the environment variables the adapter receives.
 */
export const feedSources = pgTable(
  'feed_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable slug (`bsi-wid`, `cisa-kev`), unique; config entries are matched by it. */
    key: text('key').notNull(),
    type: text('type').$type<FeedType>().notNull(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    schedule: text('schedule').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    allowPrivateNetwork: boolean('allow_private_network').notNull().default(false),
    defaultTlp: text('default_tlp').$type<TlpLevel>().notNull().default('clear'),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    credentialEnv: jsonb('credential_env').$type<Record<string, string>>().notNull().default({}),
    managedBy: text('managed_by').$type<'config' | 'api'>().notNull().default('api'),
    /** The adapter's incremental state, written in the same transaction as the run's data. */
    cursor: jsonb('cursor').$type<unknown>(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    unique('feed_sources_key_unique').on(t.key),
    check('feed_sources_tlp_check', sql`${t.defaultTlp} in ('clear','green','amber','amber+strict','red')`),
  ],
);

export const FEED_RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed'] as const;
export type FeedRunStatus = (typeof FEED_RUN_STATUSES)[number];

/** One run of one source: who ran it, when, what came of it. */
export const feedRuns = pgTable(
  'feed_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => feedSources.id, { onDelete: 'cascade' }),
    trigger: text('trigger').$type<'schedule' | 'manual'>().notNull(),
    status: text('status').$type<FeedRunStatus>().notNull().default('running'),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
    newCount: integer('new_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    unchangedCount: integer('unchanged_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    error: text('error'),
    /** Per-document problems of the run (capped), for the source status page. */
    problems: jsonb('problems').$type<{ ref: string; message: string }[]>().notNull().default([]),
    /** Which instance ran it (hostname:pid), to show the advisory lock at work. */
    instance: text('instance'),
  },
  (t) => [
    index('feed_runs_source_idx').on(t.sourceId, t.startedAt.desc().nullsFirst()),
    check('feed_runs_status_check', sql`${t.status} in ('running','succeeded','partial','failed')`),
  ],
);

export const FEED_ITEM_STATES = ['new', 'seen', 'promoted', 'dismissed'] as const;
export type FeedItemState = (typeof FEED_ITEM_STATES)[number];

/**
 * The triage inbox: one row per (source, external id), updated in place when the source revises it
 * (`revision` / `content_hash` change → `updated_at`, state back to `new` unless promoted or
 * dismissed; a promoted item's new revision sets `upstream_updated_at`). Items of
 * different sources are correlated by their CVE ids (GIN index) — the inbox groups them.
 * Visible to the CERT only: feed items are raw intake, advisories are what constituents see.
 */
export const feedItems = pgTable(
  'feed_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => feedSources.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    kind: text('kind').$type<FeedItem['kind']>().notNull(),
    titleDe: text('title_de'),
    titleEn: text('title_en'),
    url: text('url'),
    published: timestamp('published', { withTimezone: true, precision: 3 }),
    sourceUpdated: timestamp('source_updated', { withTimezone: true, precision: 3 }),
    revision: text('revision'),
    cves: text('cves').array().notNull().default(sql`'{}'::text[]`),
    severity: text('severity'),
    /** Highest CVSS base score of `content.cvss`, for sorting. */
    cvssScore: real('cvss_score'),
    products: jsonb('products').$type<FeedProduct[]>().notNull().default([]),
    tlp: text('tlp').$type<TlpLevel>().notNull(),
    /** The whole normalized item (summary, remediation, references, document). */
    content: jsonb('content').$type<FeedItem>().notNull(),
    contentHash: text('content_hash').notNull(),
    state: text('state').$type<FeedItemState>().notNull().default('new'),
    promotedAdvisoryId: uuid('promoted_advisory_id').references(() => advisories.id, { onDelete: 'set null' }),
    /** Set when the source revised the item after it was promoted: the advisory has an upstream update to review. */
    upstreamUpdatedAt: timestamp('upstream_updated_at', { withTimezone: true, precision: 3 }),
    triagedBy: uuid('triaged_by').references(() => users.id, { onDelete: 'set null' }),
    triagedAt: timestamp('triaged_at', { withTimezone: true, precision: 3 }),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    unique('feed_items_source_external_unique').on(t.sourceId, t.externalId),
    check('feed_items_state_check', sql`${t.state} in ('new','seen','promoted','dismissed')`),
    check('feed_items_tlp_check', sql`${t.tlp} in ('clear','green','amber','amber+strict','red')`),
    index('feed_items_cves_idx').using('gin', t.cves),
    index('feed_items_inbox_idx').on(t.state, t.updatedAt.desc().nullsFirst()),
  ],
);

/** Per-CVE enrichment merged from KEV, EPSS and NVD; shown beside advisories and inbox items. */
export const cveEnrichments = pgTable('cve_enrichments', {
  cve: text('cve').primaryKey(),
  kev: jsonb('kev').$type<Record<string, unknown>>(),
  epssScore: real('epss_score'),
  epssPercentile: real('epss_percentile'),
  epssDate: text('epss_date'),
  nvd: jsonb('nvd').$type<Record<string, unknown>>(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export type FeedSourceRow = typeof feedSources.$inferSelect;
export type FeedRunRow = typeof feedRuns.$inferSelect;
export type FeedItemRow = typeof feedItems.$inferSelect;
