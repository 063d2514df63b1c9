import type { IndicatorWarning } from './indicator-warnings.js';
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, json, jsonb, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
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

/** New / updated / unchanged of one kind of stored thing. */
export type StoredCounts = { new: number; updated: number; unchanged: number };
/** A run's counts in full (feed_runs.counts); `records` is what the new/updated/… columns count. */
export type RunCounts = {
  /** What a record of this source is: `entries` (KEV), `documents` (CSAF), `CVE records` (NVD) … */
  noun?: string;
  /** Records the source delivered in this run, unchanged ones included. */
  records?: number;
  items?: StoredCounts;
  stixObjects?: StoredCounts;
  enrichments?: StoredCounts;
  /** Documents stored although they failed checks that do not touch integrity (CSAF schema, mandatory tests). */
  withFindings?: number;
  /** Documents held back for an integrity failure (hash, signature, provider key). */
  quarantined?: number;
};

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
    /**
     * What the counts above mean and what was stored beside: the source's records (KEV entries,
     * CSAF documents, CVE records …) with their noun, and items, STIX objects, enrichments,
     * documents accepted with findings and quarantined documents separately.
     */
    counts: jsonb('counts').$type<RunCounts>().notNull().default({}),
  },
  (t) => [
    index('feed_runs_source_idx').on(t.sourceId, t.startedAt.desc().nullsFirst()),
    check('feed_runs_status_check', sql`${t.status} in ('running','succeeded','partial','failed')`),
  ],
);

/** One failed check of a source document: the test, where, what. */
export type ItemFinding = { test: string; path: string; message: string };

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
    /**
     * What of the normalized item has no column: summary, remediation, CVSS vectors, references and
     * the source document (rows stored before 2026-12-07 hold the whole item). `json`, not `jsonb`:
     * nothing queries inside it, and storing the text as sent costs about a third less on ingestion
     * than building the binary form (docs/benchmarks.md "ingest", 2026-12-07).
     */
    content: json('content').$type<FeedItemContent>().notNull(),
    /**
     * What the source document failed that does not touch its integrity (CSAF schema or mandatory
     * tests): the item is in the inbox with them, shown on its card; never promoted automatically.
     */
    findings: jsonb('findings').$type<ItemFinding[]>().notNull().default([]),
    /**
     * The item's indicators that are on a warninglist (private address, empty-file hash, well-known
     * service…), checked at ingestion: shown on the card; promoting the item needs an override.
     */
    warnings: jsonb('warnings').$type<IndicatorWarning[]>().notNull().default([]),
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

export const QUARANTINE_CHECKS = ['hash', 'signature', 'provider_key', 'unacceptable'] as const;
export type QuarantineCheck = (typeof QUARANTINE_CHECKS)[number];
export const QUARANTINE_STATES = ['held', 'released', 'resolved'] as const;
export type QuarantineState = (typeof QUARANTINE_STATES)[number];

/**
 * Documents held back because their integrity failed (a hash that does not match, a bad signature,
 * a key that is not the provider's): not ingested, listed with the reason in the source's run
 * view. A cert_admin may release one with a reason (audited); it is then ingested with the
 * integrity failure as a finding. A later run that receives the document intact marks it
 * `resolved`. One row per (source, document reference).
 */
export const feedQuarantine = pgTable(
  'feed_quarantine',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => feedSources.id, { onDelete: 'cascade' }),
    runId: uuid('run_id').references(() => feedRuns.id, { onDelete: 'set null' }),
    /** The document's URL (provider) or file name (CLI import). */
    ref: text('ref').notNull(),
    check: text('check').$type<QuarantineCheck>().notNull(),
    reason: text('reason').notNull(),
    externalId: text('external_id'),
    title: text('title'),
    /** The document as received, when it was JSON (kept for release; never served to constituents). */
    document: jsonb('document').$type<Record<string, unknown>>(),
    state: text('state').$type<QuarantineState>().notNull().default('held'),
    attempts: integer('attempts').notNull().default(1),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    releasedBy: uuid('released_by').references(() => users.id, { onDelete: 'set null' }),
    releasedAt: timestamp('released_at', { withTimezone: true, precision: 3 }),
    releaseReason: text('release_reason'),
    itemId: uuid('item_id').references(() => feedItems.id, { onDelete: 'set null' }),
  },
  (t) => [
    unique('feed_quarantine_source_ref_unique').on(t.sourceId, t.ref),
    index('feed_quarantine_state_idx').on(t.sourceId, t.state),
    check('feed_quarantine_check_check', sql`${t.check} in ('hash','signature','provider_key','unacceptable')`),
    check('feed_quarantine_state_check', sql`${t.state} in ('held','released','resolved')`),
  ],
);
export type FeedQuarantineRow = typeof feedQuarantine.$inferSelect;

/** Per-CVE enrichment merged from KEV, EPSS, NVD and EUVD; shown beside advisories and inbox items. */
export const cveEnrichments = pgTable('cve_enrichments', {
  cve: text('cve').primaryKey(),
  kev: jsonb('kev').$type<Record<string, unknown>>(),
  epssScore: real('epss_score'),
  epssPercentile: real('epss_percentile'),
  epssDate: text('epss_date'),
  nvd: jsonb('nvd').$type<Record<string, unknown>>(),
  /** ENISA EUVD: its id, exploitation status, products (feeds/euvd). */
  euvd: jsonb('euvd').$type<Record<string, unknown>>(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export type FeedSourceRow = typeof feedSources.$inferSelect;
export type FeedRunRow = typeof feedRuns.$inferSelect;
export type FeedItemRow = typeof feedItems.$inferSelect;

/** The fields of a feed item stored in `feed_items.content`; the rest have columns of their own. */
export const FEED_ITEM_CONTENT_KEYS = ['summary', 'remediation', 'cvss', 'references', 'document'] as const;
export type FeedItemContent = Pick<FeedItem, (typeof FEED_ITEM_CONTENT_KEYS)[number]>;
