/**
 * Storing what an adapter returned, inside the caller's ONE transaction (STYLE.md "Feeds and jobs"):
 * - feed items upserted by (source, external id) with a content hash: same hash → unchanged, nothing
 *   written; changed → updated (`updated_at`, state back to `new` unless promoted or dismissed; a
 *   promoted item's new revision marks `upstream_updated_at` and re-runs product matching for the
 *   advisory it became);
 * - STIX objects deduplicated by (id, modified), TLP 1.0 markings mapped to TLP 2.0, the source's
 *   default TLP when unmarked, lenient-validated (an invalid object is a problem, not an abort);
 * - CVE enrichments merged field by field (KEV, EPSS, NVD), written only when something differs;
 * - the cursor, and the outbox events `feed.item.created` / `feed.item.updated` (CERT only).
 * New items and enrichments go in through COPY, the rest as multi-row statements in chunks: the
 * ingestion benchmark demands ≥ 2,000 CVE records per second.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { StixObjectLenientSchema } from '../stix/bundle.js';
import { TLP2_MARKING_IDS, tlpLevelFromMarkingId } from '../stix/tlp.js';
import { mostRestrictive, type TlpLevel } from '../access/tlp.js';
import { advisories, advisoryColumns } from '../advisories/advisories.table.js';
import { matchAdvisory } from '../matching/matching.service.js';
import { queryRows, type Executor } from '../platform/db/client.js';
import { CopyLines, copyRows } from '../platform/db/copy.js';
import { selectLines } from '../platform/db/prepared-lines.js';
import { enqueueFeedEvent } from './feeds.events.js';
import { ENRICHMENT_COPY_COLUMNS, enrichmentSetOf, enrichmentSetOfPrepared, mergeEnrichments, type EnrichmentSet } from './enrichment-rows.js';
import { hashOfJson, ITEM_COPY_COLUMNS, itemCopyLine, itemJson, itemRow, itemRowsJson, warningsOf, type ItemWrite, type PreparedItemChunk } from './item-rows.js';
import { feedItems, feedSources, type FeedSourceRow, type StoredCounts } from './feeds.table.js';
import type { BulkSummary } from './bulk/bulk-job.js';
import type { BulkParse } from './bulk/parse-bulk.js';
import type { CveEnrichment, FeedItem, FeedProblem } from '../../feeds/feed.js';

export { contentHashOf, itemJson } from './item-rows.js';

/** Rows per multi-row statement (PostgreSQL allows 65,535 parameters; feed_items rows carry ~16). */
const CHUNK = 1_000;

export type IngestCounts = { new: number; updated: number; unchanged: number; failed: number };

/** New / updated / unchanged per kind of stored thing. */
export type KindCounts = { items: StoredCounts; stixObjects: StoredCounts; enrichments: StoredCounts };

export type IngestResult = IngestCounts & KindCounts & {
  problems: FeedProblem[];
  /** Ids of feed items created / changed by this run. */
  createdIds: string[];
  updatedIds: string[];
  /** Advisories whose promoted item got a new upstream revision. */
  upstreamUpdatedAdvisoryIds: string[];
  /** External ids of the items this run delivered (stored or unchanged). */
  arrivedExternalIds: string[];
  /** What the bulk parse left besides its items (problems, records…), when the run had bulk documents. */
  bulk: BulkSummary | undefined;
};

export type IngestInput = {
  items: FeedItem[];
  stixObjects: Record<string, unknown>[];
  enrichments: CveEnrichment[];
  cursor: unknown;
  /** Bulk documents being parsed (server/feeds/bulk/): their items are written as they arrive. */
  bulk?: BulkParse;
};

function chunks<T>(values: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < values.length; index += size) out.push(values.slice(index, index + size));
  return out;
}

/** JSON with sorted keys and ISO dates, so the hash ignores key order (JSONB reorders keys). */
export function stableJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const ITEM_COLUMNS = sql.raw('source_id, external_id, kind, title_de, title_en, url, published, source_updated, revision, cves, severity, cvss_score, products, tlp, content, findings, warnings, content_hash, first_seen_at, updated_at');

/**
 * `json_to_recordset`, not `jsonb_to_recordset`: the `content` column is json, so each row's content
 * is taken over as the text sent instead of being built into jsonb first (the other jsonb columns
 * are small).
 */
function itemSelect(json: string, now: Date) {
  return sql`select r.source_id, r.external_id, r.kind, r.title_de, r.title_en, r.url, r.published, r.source_updated, r.revision, r.cves, r.severity, r.cvss_score, r.products, r.tlp, r.content, coalesce(r.findings, '[]'::jsonb), coalesce(r.warnings, '[]'::jsonb), r.content_hash, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from json_to_recordset(${json}::json) as r(source_id uuid, external_id text, kind text, title_de text, title_en text, url text, published timestamptz, source_updated timestamptz, revision text, cves text[], severity text, cvss_score real, products jsonb, tlp text, content json, findings jsonb, warnings jsonb, content_hash text)`;
}

/** Upserts the rows `select` gives (in {@link ITEM_COLUMNS} order): from a JSON parameter, or staged by COPY. */
async function upsertItemRows(tx: Executor, select: SQL, result: IngestResult): Promise<void> {
  const rows = await queryRows<{ id: string; inserted: boolean }>(
    tx,
    sql`insert into feed_items as f (${ITEM_COLUMNS}) ${select}
        on conflict (source_id, external_id) do update set
          kind = excluded.kind, title_de = excluded.title_de, title_en = excluded.title_en, url = excluded.url,
          published = excluded.published, source_updated = excluded.source_updated, revision = excluded.revision,
          cves = excluded.cves, severity = excluded.severity, cvss_score = excluded.cvss_score, products = excluded.products,
          tlp = excluded.tlp, content = excluded.content, findings = excluded.findings, warnings = excluded.warnings, content_hash = excluded.content_hash, updated_at = excluded.updated_at,
          state = case when f.state in ('promoted','dismissed') then f.state else 'new' end,
          upstream_updated_at = case when f.state = 'promoted' then excluded.updated_at else f.upstream_updated_at end
        returning f.id, (f.xmax = 0) as inserted`,
  );
  for (const row of rows) if (row.inserted) result.createdIds.push(row.id);
}

function upsertItems(tx: Executor, json: string, now: Date, result: IngestResult): Promise<void> {
  return upsertItemRows(tx, itemSelect(json, now), result);
}

/**
 * Upserts rows rendered as COPY lines (bulk parsing renders each item once, not knowing whether it is
 * stored): they are copied into a staging table of the transaction, and upserted from there.
 */
async function upsertStagedItems(tx: Executor, lines: Uint8Array, result: IngestResult): Promise<void> {
  await tx.execute(sql`create temp table if not exists feed_items_staged on commit drop as select ${sql.raw(ITEM_COPY_COLUMNS.join(', '))} from feed_items with no data`);
  await copyRows(tx, 'feed_items_staged', ITEM_COPY_COLUMNS, lines);
  await upsertItemRows(tx, sql`select ${ITEM_COLUMNS} from feed_items_staged`, result);
  await tx.execute(sql`truncate feed_items_staged`);
}

/** PostgreSQL's unique_violation (23505), through drizzle's wrapping. */
function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

type Existing = { id: string; externalId: string; contentHash: string; state: string; promotedAdvisoryId: string | null };

/** Counts an item as new, updated or unchanged (`by` −1 takes a count back), in the run's totals and the items'. */
function countItem(result: IngestResult, outcome: keyof StoredCounts, by = 1): void {
  result[outcome] += by;
  result.items[outcome] += by;
}

/** Counts a stored item as updated; a promoted one's advisory is re-matched at the end. */
function countUpdatedItem(result: IngestResult, before: Existing, promotedChanged: string[]): void {
  countItem(result, 'updated');
  result.updatedIds.push(before.id);
  if (before.state === 'promoted' && before.promotedAdvisoryId) promotedChanged.push(before.promotedAdvisoryId);
}

async function existingItems(tx: Executor, sourceId: string, externalIds: string[]): Promise<Map<string, Existing>> {
  const found = new Map<string, Existing>();
  for (const part of chunks(externalIds, 5_000)) {
    const rows = await tx
      .select({ id: feedItems.id, externalId: feedItems.externalId, contentHash: feedItems.contentHash, state: feedItems.state, promotedAdvisoryId: feedItems.promotedAdvisoryId })
      .from(feedItems)
      .where(and(eq(feedItems.sourceId, sourceId), sql`${feedItems.externalId} in (select jsonb_array_elements_text(${JSON.stringify(part)}::jsonb))`));
    for (const row of rows) found.set(row.externalId, row);
  }
  return found;
}

/**
 * Builds each part and writes it, building the next part while the previous part's statements run:
 * on PostgreSQL the server inserts while Node hashes and serializes (one connection, so the
 * statements stay in order). On PGlite both share one thread and nothing changes.
 */
async function pipelined<P, B>(parts: Iterable<P>, build: (part: P) => B, write: (built: B) => Promise<void>): Promise<void> {
  let pending: Promise<void> | undefined;
  for (const part of parts) {
    const built = build(part);
    if (pending) await pending;
    pending = write(built);
    // Awaited at the next part or below; this only keeps a failure from counting as unhandled meanwhile.
    pending.catch(() => undefined);
  }
  if (pending) await pending;
}

/**
 * New items of one chunk: the items (their rows are made again for the upsert fallback, rather than
 * kept alive meanwhile: a chunk's rows hold its content JSON, and what survives a scavenge is copied),
 * their ids and COPY lines.
 */
type FreshItems = { items: FeedItem[]; ids: string[]; copy: CopyLines };

/**
 * Items not stored before are plainly copied in — no speculative ON CONFLICT insertion, no JSON
 * parameter to parse twice; the run holds the source's lock, so only a quarantine release racing it
 * can have stored one meanwhile: then the chunk's savepoint is rolled back and the chunk goes
 * through the upsert.
 */
async function insertNewItems(tx: Executor, fresh: FreshItems, rowOf: (item: FeedItem) => ItemWrite, now: Date, result: IngestResult): Promise<void> {
  try {
    await tx.transaction((savepoint) => copyRows(savepoint, 'feed_items', ITEM_COPY_COLUMNS, fresh.copy));
    result.createdIds.push(...fresh.ids);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await upsertItems(tx, itemRowsJson(fresh.items.map(rowOf)), now, result);
  }
}

async function ingestItems(tx: Executor, source: FeedSourceRow, items: FeedItem[], objects: readonly Record<string, unknown>[], now: Date, result: IngestResult): Promise<void> {
  // The last draft of one external id wins (a source listing a document twice is not two items).
  const byExternalId = new Map<string, FeedItem>();
  for (const item of items) byExternalId.set(item.externalId, item);
  result.arrivedExternalIds.push(...byExternalId.keys());
  const existing = await existingItems(tx, source.id, [...byExternalId.keys()]);
  const indicators = new Map<string, Record<string, unknown>>();
  for (const object of objects) if (object.type === 'indicator' && typeof object.id === 'string') indicators.set(object.id, object);
  const promotedChanged: string[] = [];
  const nowIso = now.toISOString();
  const rowOf = (item: FeedItem) => {
    const json = itemJson(item);
    return itemRow(source.id, item, json.content, hashOfJson(json.item), now, warningsOf(item, indicators));
  };
  // Per chunk of 5,000: new items are copied in; changed ones go through one INSERT … SELECT FROM
  // json_to_recordset(…) … ON CONFLICT (state and upstream_updated_at rules) — one JSON parameter
  // instead of ~16 per row (binding tens of thousands of parameters costs more than the insert itself).
  await pipelined(
    chunks([...byExternalId.values()], 5_000),
    (part) => {
      const fresh: FreshItems = { items: [], ids: [], copy: new CopyLines() };
      const changed: ItemWrite[] = [];
      for (const item of part) {
        const json = itemJson(item);
        const hash = hashOfJson(json.item);
        const before = existing.get(item.externalId);
        if (before && before.contentHash === hash) {
          countItem(result, 'unchanged');
          continue;
        }
        if (before) countUpdatedItem(result, before, promotedChanged);
        else countItem(result, 'new');
        const row = itemRow(source.id, item, json.content, hash, now, warningsOf(item, indicators));
        if (before) {
          changed.push(row);
          continue;
        }
        const id = randomUUID();
        fresh.items.push(item);
        fresh.ids.push(id);
        fresh.copy.add(itemCopyLine(id, row, nowIso));
      }
      return { fresh: fresh.items.length > 0 ? fresh : null, changed: changed.length > 0 ? itemRowsJson(changed) : null };
    },
    async ({ fresh, changed }) => {
      if (fresh) await insertNewItems(tx, fresh, rowOf, now, result);
      if (changed) await upsertItems(tx, changed, now, result);
    },
  );
  await rematchPromoted(tx, promotedChanged, result);
}

/**
 * A promoted item's new revision: the advisory it became is re-matched (its products may have
 * changed upstream and the analyst will carry them over), and is flagged through the item.
 */
async function rematchPromoted(tx: Executor, promotedChanged: readonly string[], result: IngestResult): Promise<void> {
  const advisoryIds = [...new Set(promotedChanged)];
  if (advisoryIds.length === 0) return;
  const rows = await tx.select(advisoryColumns).from(advisories).where(inArray(advisories.id, advisoryIds));
  for (const row of rows) await matchAdvisory(tx, row);
  result.upstreamUpdatedAdvisoryIds.push(...advisoryIds);
}

/**
 * Items parsed and rendered ahead (bulk documents, server/feeds/bulk/), written chunk by chunk as
 * they arrive: the chunk's stored rows are looked up, new rows copied in (a racing quarantine release
 * → the chunk's savepoint is rolled back and it is upserted), changed ones upserted through the
 * staging table, unchanged ones left alone. An external id repeated in a later chunk is counted once
 * and its last draft is what stays stored, as when items are ingested at once.
 */
async function ingestPreparedItems(tx: Executor, source: FeedSourceRow, prepared: AsyncIterable<PreparedItemChunk> | Iterable<PreparedItemChunk>, result: IngestResult): Promise<void> {
  // What the run did with each external id so far: a repeat is written when it differs from what is
  // stored, and counted only when it turns an unchanged item into an updated one.
  const seen = new Map<string, 'new' | 'updated' | 'unchanged'>();
  const promotedChanged: string[] = [];
  for await (const chunk of prepared) {
    const existing = await existingItems(tx, source.id, chunk.externalIds);
    const fresh: number[] = [];
    const changed: number[] = [];
    chunk.externalIds.forEach((externalId, index) => {
      const before = existing.get(externalId);
      const earlier = seen.get(externalId);
      if (!earlier) result.arrivedExternalIds.push(externalId);
      if (before && before.contentHash === chunk.hashes[index]) {
        if (!earlier) {
          seen.set(externalId, 'unchanged');
          countItem(result, 'unchanged');
        }
        return;
      }
      if (before) {
        changed.push(index);
        if (earlier === 'unchanged') countItem(result, 'unchanged', -1);
        if (!earlier || earlier === 'unchanged') {
          seen.set(externalId, 'updated');
          countUpdatedItem(result, before, promotedChanged);
        }
        return;
      }
      seen.set(externalId, 'new');
      fresh.push(index);
      countItem(result, 'new');
    });
    if (fresh.length > 0) {
      const lines = selectLines(chunk.lines, fresh);
      try {
        await tx.transaction((savepoint) => copyRows(savepoint, 'feed_items', ITEM_COPY_COLUMNS, lines));
        for (const index of fresh) result.createdIds.push(chunk.ids[index]!);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        await upsertStagedItems(tx, lines, result);
      }
    }
    if (changed.length > 0) await upsertStagedItems(tx, selectLines(chunk.lines, changed), result);
  }
  await rematchPromoted(tx, promotedChanged, result);
}

/** The TLP of a STIX object from its markings (TLP 1.0 or 2.0 ids), else the source default. */
function tlpOfObject(object: Record<string, unknown>, fallback: TlpLevel): TlpLevel {
  const refs = Array.isArray(object.object_marking_refs) ? object.object_marking_refs.filter((ref): ref is string => typeof ref === 'string') : [];
  const levels = refs.map(tlpLevelFromMarkingId).filter((level): level is TlpLevel => level !== undefined);
  return levels.length > 0 ? mostRestrictive(...levels) : fallback;
}

/** The object with TLP 1.0 (and OpenCTI) marking ids replaced by the TLP 2.0 ones. */
export function withTlp2Markings(object: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(object.object_marking_refs)) return object;
  const refs = object.object_marking_refs.map((ref: unknown) => {
    const level = typeof ref === 'string' ? tlpLevelFromMarkingId(ref) : undefined;
    return level ? TLP2_MARKING_IDS[level] : ref;
  });
  return { ...object, object_marking_refs: [...new Set(refs)] };
}

function searchText(body: Record<string, unknown>): string {
  const labels: unknown[] = Array.isArray(body.labels) ? (body.labels as unknown[]) : [];
  const parts: unknown[] = [body.name, body.description, body.pattern, ...labels];
  return parts.filter((part): part is string => typeof part === 'string').join(' ').slice(0, 100_000);
}

type StixRow = { stix_id: string; type: string; spec_version: string; created: string | null; modified: string; revoked: boolean; tlp: TlpLevel; body: Record<string, unknown>; search_text: string };

/** The (stix id, modified) keys among `keys` that are stored already (one JSON parameter per 5,000). */
async function storedStixVersions(tx: Executor, keys: { stix_id: string; modified: string }[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (const part of chunks(keys, 5_000)) {
    const rows = await queryRows<{ stix_id: string; modified: string }>(
      tx,
      sql`select s.stix_id, to_char(s.modified at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as modified
          from stix_objects s join jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as r(stix_id text, modified timestamptz)
            on s.stix_id = r.stix_id and s.modified = r.modified`,
    );
    for (const row of rows) stored.add(`${row.stix_id}|${row.modified}`);
  }
  return stored;
}

/** The valid objects of `part` as rows (invalid ones are problems; versions seen earlier in the run are skipped). */
function stixRows(part: readonly Record<string, unknown>[], source: FeedSourceRow, seen: Set<string>, result: IngestResult): StixRow[] {
  const rows: StixRow[] = [];
  for (const raw of part) {
    const parsed = StixObjectLenientSchema.safeParse(raw);
    const ref = typeof raw.id === 'string' ? raw.id : '(object without id)';
    if (!parsed.success) {
      result.failed += 1;
      result.problems.push({ ref, message: `invalid STIX object: ${parsed.error.issues[0]?.message ?? 'rejected'}` });
      continue;
    }
    const body = withTlp2Markings(parsed.data) as Record<string, unknown> & { id: string; type: string };
    const modifiedText = typeof body.modified === 'string' ? body.modified : typeof body.created === 'string' ? body.created : null;
    // SCOs have neither created nor modified: their id is deterministic and they never change.
    const modified = (modifiedText ? new Date(modifiedText) : new Date(0)).toISOString();
    const key = `${body.id}|${modified}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({
      stix_id: body.id,
      type: body.type,
      spec_version: typeof body.spec_version === 'string' ? body.spec_version : '2.1',
      created: typeof body.created === 'string' ? new Date(body.created).toISOString() : null,
      modified,
      revoked: body.revoked === true,
      tlp: tlpOfObject(body, source.defaultTlp),
      body,
      search_text: searchText(body),
    });
  }
  return rows;
}

/**
 * A chunk's rows as the one JSON parameter of its insert: only what the body does not hold as it
 * is (normalized times, TLP, search text); id, type, spec version and revocation are read from the
 * body in SQL. Parsing the duplicates cost the database about a twentieth of the insert.
 */
function stixRowsJson(rows: readonly StixRow[]): string {
  return JSON.stringify(rows.map((row) => ({ created: row.created, modified: row.modified, tlp: row.tlp, search_text: row.search_text, body: row.body })));
}

/**
 * One JSON parameter per chunk (rows in delivery order, so added_seq follows it), the search vector
 * computed in SQL. The versions are not stored (looked up before, or none of the run's were so far)
 * and unique within the run, so a plain insert does — without the speculative insertion of ON
 * CONFLICT, which cost about as much as the insert itself. Another source's run may store one of
 * them meanwhile (stix_objects are shared): then the chunk's savepoint is rolled back and it goes
 * through ON CONFLICT DO NOTHING.
 * @returns how many rows were inserted, and whether some were stored already
 */
async function insertStixRows(tx: Executor, source: FeedSourceRow, rows: readonly StixRow[]): Promise<{ inserted: number; conflicted: boolean }> {
  const json = stixRowsJson(rows);
  // spec_version and revoked as stixRows read them: a string, else 2.1; true only when true.
  const insert = (executor: Executor, onConflict: ReturnType<typeof sql>) =>
    queryRows<{ id: string }>(
      executor,
      sql`insert into stix_objects (stix_id, type, spec_version, created, modified, revoked, source, feed_source_id, tlp, body, search_vector)
          select r.body->>'id', r.body->>'type', case jsonb_typeof(r.body->'spec_version') when 'string' then r.body->>'spec_version' else '2.1' end,
            r.created, r.modified, coalesce(r.body->'revoked' = 'true'::jsonb, false), ${`feed:${source.id}`}, ${source.id}::uuid, r.tlp, r.body, to_tsvector('simple', r.search_text)
          from jsonb_to_recordset(${json}::jsonb) as r(created timestamptz, modified timestamptz, tlp text, search_text text, body jsonb)
          ${onConflict}
          returning id`,
    );
  try {
    return { inserted: (await tx.transaction((savepoint) => insert(savepoint, sql``))).length, conflicted: false };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { inserted: (await insert(tx, sql`on conflict (stix_id, modified) do nothing`)).length, conflicted: true };
  }
}

async function ingestStixObjects(tx: Executor, source: FeedSourceRow, objects: Record<string, unknown>[], result: IngestResult): Promise<void> {
  const seen = new Set<string>();
  let valid = 0;
  let inserted = 0;
  // Whether to look the chunk's versions up before inserting: always until a chunk had none stored
  // (a new collection: the lookups would find nothing), again once an insert met a stored one.
  let lookUp = true;
  // Per chunk: validated (Node) while the previous chunk is written (database). Versions stored
  // already are left out before the bodies are sent, so a re-run of an unchanged collection ships
  // keys only.
  await pipelined(
    chunks(objects, 2_000),
    (part) => stixRows(part, source, seen, result),
    async (rows) => {
      valid += rows.length;
      if (rows.length === 0) return;
      let missing: readonly StixRow[] = rows;
      if (lookUp) {
        const stored = await storedStixVersions(tx, rows.map((row) => ({ stix_id: row.stix_id, modified: row.modified })));
        missing = rows.filter((row) => !stored.has(`${row.stix_id}|${row.modified}`));
        lookUp = stored.size > 0;
      }
      if (missing.length === 0) return;
      const outcome = await insertStixRows(tx, source, missing);
      inserted += outcome.inserted;
      if (outcome.conflicted) lookUp = true;
    },
  );
  result.new += inserted;
  result.unchanged += valid - inserted;
  result.stixObjects.new += inserted;
  result.stixObjects.unchanged += valid - inserted;
}

/** The CVEs among `cves` that have an enrichment row (one JSON parameter per 5,000). */
async function storedEnrichmentCves(tx: Executor, cves: string[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (const part of chunks(cves, 5_000)) {
    const rows = await queryRows<{ cve: string }>(tx, sql`select cve from cve_enrichments where cve in (select jsonb_array_elements_text(${JSON.stringify(part)}::jsonb))`);
    for (const row of rows) stored.add(row.cve);
  }
  return stored;
}

/** The enrichment rows' upsert (merging field by field; nothing written when nothing differs). */
function upsertEnrichments(tx: Executor, json: string, now: Date): Promise<{ inserted: boolean }[]> {
  return queryRows<{ inserted: boolean }>(
    tx,
    sql`insert into cve_enrichments as e (cve, kev, epss_score, epss_percentile, epss_date, nvd, euvd, updated_at)
        select r.cve, r.kev, r.epss_score, r.epss_percentile, r.epss_date, r.nvd, r.euvd, ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${json}::jsonb) as r(cve text, kev jsonb, epss_score real, epss_percentile real, epss_date text, nvd jsonb, euvd jsonb)
        on conflict (cve) do update set
          kev = coalesce(excluded.kev, e.kev),
          epss_score = coalesce(excluded.epss_score, e.epss_score),
          epss_percentile = coalesce(excluded.epss_percentile, e.epss_percentile),
          epss_date = coalesce(excluded.epss_date, e.epss_date),
          nvd = coalesce(excluded.nvd, e.nvd),
          euvd = coalesce(excluded.euvd, e.euvd),
          updated_at = excluded.updated_at
        -- nothing differs → no write at all (a re-run of an unchanged source writes nothing)
        where (excluded.kev is not null and excluded.kev is distinct from e.kev)
           or (excluded.epss_score is not null and (excluded.epss_score, excluded.epss_percentile, excluded.epss_date) is distinct from (e.epss_score, e.epss_percentile, e.epss_date))
           or (excluded.nvd is not null and excluded.nvd is distinct from e.nvd)
           or (excluded.euvd is not null and excluded.euvd is distinct from e.euvd)
        returning (e.xmax = 0) as inserted`,
  );
}

async function ingestEnrichments(tx: Executor, set: EnrichmentSet, now: Date, result: IngestResult): Promise<void> {
  const stored = await storedEnrichmentCves(tx, [...set.cves]);
  let written = 0;
  const count = (rows: readonly { inserted: boolean }[]) => {
    for (const row of rows) {
      if (row.inserted) {
        result.new += 1;
        result.enrichments.new += 1;
      } else {
        result.updated += 1;
        result.enrichments.updated += 1;
      }
    }
    written += rows.length;
  };
  const fresh: number[] = [];
  const known: number[] = [];
  set.cves.forEach((cve, index) => (stored.has(cve) ? known : fresh).push(index));
  // CVEs without a row yet are plainly copied in (the speculative insertion of ON CONFLICT cost about
  // as much again); the table is shared by every source, so another run may insert one meanwhile:
  // then the chunk's savepoint is rolled back and it goes through the upsert. CVEs with a row are merged.
  await pipelined(
    chunks(fresh, 5_000),
    (part) => ({ part, lines: set.copy(part) }),
    async ({ part, lines }) => {
      try {
        await tx.transaction((savepoint) => copyRows(savepoint, 'cve_enrichments', ENRICHMENT_COPY_COLUMNS, lines));
        count(part.map(() => ({ inserted: true })));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        count(await upsertEnrichments(tx, set.json(part), now));
      }
    },
  );
  await pipelined(chunks(known, 5_000), (part) => set.json(part), async (json) => count(await upsertEnrichments(tx, json, now)));
  result.unchanged += set.cves.length - written;
  result.enrichments.unchanged += set.cves.length - written;
}

/**
 * Stores one run's output for `source` in the caller's transaction and writes its events.
 * @returns the counts (items, STIX objects and enrichments together) and the affected ids.
 */
export async function ingestRunOutput(tx: Executor, source: FeedSourceRow, input: IngestInput, now: Date): Promise<IngestResult> {
  const zero = (): StoredCounts => ({ new: 0, updated: 0, unchanged: 0 });
  const result: IngestResult = { new: 0, updated: 0, unchanged: 0, failed: 0, items: zero(), stixObjects: zero(), enrichments: zero(), problems: [], createdIds: [], updatedIds: [], upstreamUpdatedAdvisoryIds: [], arrivedExternalIds: [], bulk: undefined };
  await ingestItems(tx, source, input.items, input.stixObjects, now, result);
  if (input.bulk) {
    await ingestPreparedItems(tx, source, input.bulk.chunks, result);
    result.bulk = await input.bulk.summary;
  }
  await ingestStixObjects(tx, source, result.bulk ? [...input.stixObjects, ...result.bulk.stixObjects] : input.stixObjects, result);
  await ingestEnrichments(tx, enrichmentSetOf(mergeEnrichments(input.enrichments), now.toISOString()), now, result);
  if (result.bulk) await ingestEnrichments(tx, enrichmentSetOfPrepared(result.bulk.enrichments), now, result);
  if (stableJson(input.cursor ?? null) !== stableJson(source.cursor ?? null)) {
    await tx.update(feedSources).set({ cursor: input.cursor ?? null }).where(eq(feedSources.id, source.id));
  }
  if (result.createdIds.length > 0) await enqueueFeedEvent(tx, 'feed.item.created', { sourceId: source.id, count: result.createdIds.length, itemIds: result.createdIds.slice(0, 100) });
  if (result.updatedIds.length > 0) await enqueueFeedEvent(tx, 'feed.item.updated', { sourceId: source.id, count: result.updatedIds.length, itemIds: result.updatedIds.slice(0, 100), upstreamUpdatedAdvisoryIds: result.upstreamUpdatedAdvisoryIds });
  return result;
}
