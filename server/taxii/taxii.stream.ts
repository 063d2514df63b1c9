/**
 * The object stream of a TAXII collection: ONE ordered sequence over the three places shareable
 * STIX objects live, each filtered by the collection's label and by `visibleTo`:
 *
 * | rank | source                                   | date_added                    | key within a timestamp |
 * |------|------------------------------------------|-------------------------------|------------------------|
 * | 0    | fixed objects: CERT identity, TLP marks  | 2022-10-01 (marking created)  | position in the list   |
 * | 1    | published advisories' STIX export        | the revision's publication    | advisory id, then index|
 * | 2    | shared `indicator_objects`               | created_at                    | row id                 |
 * | 3    | `stix_objects` (feeds, TAXII, imports)   | added_at                      | added_seq              |
 *
 * The order is (date_added, rank, key, index) — total, and fixed once an object version exists, so
 * a cursor (`next`) is simply the position of the last object served, and the next page is
 * everything strictly after it: no object is returned twice or skipped, however many share a
 * millisecond. `added_after` is "date_added strictly later than". A revised advisory moves to the
 * position of its new revision (TAXII: a new version was added); its old revision is no longer served.
 */
import { and, asc, inArray, ne, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { visibleTo } from '../access/visible-to.js';
import { tlpMarkingDefinition } from '../access/tlp.js';
import type { Executor } from '../platform/db/client.js';
import { queryRows } from '../platform/db/client.js';
import { advisories, advisoryColumns, type AdvisoryRow } from '../advisories/advisories.table.js';
import { ADVISORY_VISIBILITY } from '../advisories/advisories.repo.js';
import { advisoryToStixBundle } from '../advisories/advisories.stix.js';
import { certIdentity } from '../stix-objects/cert-identity.js';
import { INDICATOR_VISIBILITY } from '../indicators/indicators.repo.js';
import { indicatorObjects } from '../indicators/indicators.table.js';
import { STIX_OBJECT_VISIBILITY } from '../stix-objects/stix-objects.repo.js';
import { stixObjects } from '../stix-objects/stix-objects.table.js';
import type { TaxiiCollection } from './taxii.collections.js';
import { defineCursor } from '../platform/http/cursor.js';

/** A stream position: date_added in ms, source rank, key, index within the key. */
export type Position = { t: number; r: number; k: string; i: number };

/** One object version in the stream. */
export type StreamItem = { position: Position; object: Record<string, unknown> & { id: string; type: string }; dateAdded: string; version: string; specVersion: string };

/** TAXII filters (§3.5). `versions` holds `first`, `last`, `all` and/or timestamps (OR). */
export type StreamFilter = {
  addedAfter?: Date | undefined;
  ids?: string[] | undefined;
  types?: string[] | undefined;
  versions: string[];
  specVersions?: string[] | undefined;
};

const STATIC_DATE_ADDED = Date.parse('2022-10-01T00:00:00.000Z');

export function comparePositions(a: Position, b: Position): number {
  return a.t - b.t || a.r - b.r || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0) || a.i - b.i;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `next` is the platform's cursor codec (server/platform/http/cursor.ts) over the last position
 * served; the key's form follows its source rank (0 static, 1 and 2 uuid rows, 3 zero-padded sequence numbers; `t` is epoch milliseconds with the
 * microseconds as fraction),
 * so a forged `next` never reaches a cast in SQL.
 */
const PositionCursor = defineCursor(
  'taxii',
  { t: z.number().min(-8.64e15).max(8.64e15), r: z.number().int().min(0).max(3), k: z.string().max(64), i: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) },
  (position) => (position.r === 0 ? position.k === 'static' : position.r === 3 ? /^\d{1,20}$/.test(position.k) : UUID.test(position.k)),
);

/** `next` is opaque to clients. */
export function encodePosition(position: Position): string {
  return PositionCursor.encode(position);
}

/** @returns the position, or undefined for a `next` this server did not issue */
export function decodePosition(next: string): Position | undefined {
  try {
    return PositionCursor.decode(next);
  } catch {
    return undefined;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Rows of a source of `rank` at or after the cursor: strictly later timestamps always; the same
 * timestamp only for a later rank, or the same rank and a key after (or, for multi-object rows,
 * equal to) the cursor's.
 */
function afterCursor(rank: number, dateAdded: SQL, key: SQL, after: Position | undefined, keyValue: (k: string) => SQL, inclusiveKey: boolean): SQL | undefined {
  if (!after) return undefined;
  const at = sql`${iso(after.t)}::timestamptz`;
  if (rank < after.r) return sql`${dateAdded} > ${at}`;
  if (rank > after.r) return sql`${dateAdded} >= ${at}`;
  return inclusiveKey ? sql`(${dateAdded}, ${key}) >= (${at}, ${keyValue(after.k)})` : sql`(${dateAdded}, ${key}) > (${at}, ${keyValue(after.k)})`;
}

function versionAllowed(filter: StreamFilter, version: string, isFirst: boolean, isLast: boolean): boolean {
  return filter.versions.some((wanted) => wanted === 'all' || (wanted === 'last' && isLast) || (wanted === 'first' && isFirst) || (wanted !== 'first' && wanted !== 'last' && Date.parse(wanted) === Date.parse(version)));
}

function itemAllowed(filter: StreamFilter, item: StreamItem): boolean {
  if (filter.ids && !filter.ids.includes(item.object.id)) return false;
  if (filter.types && !filter.types.includes(item.object.type)) return false;
  if (filter.specVersions && !filter.specVersions.includes(item.specVersion)) return false;
  if (filter.addedAfter && Date.parse(item.dateAdded) <= filter.addedAfter.getTime()) return false;
  return true;
}

/** Rank 0: the objects every other object refers to (producer identity, TLP 2.0 marking-definitions). */
function staticItems(collection: TaxiiCollection): StreamItem[] {
  const identity = certIdentity([tlpMarkingDefinition(collection.defaultLevel).id]);
  const objects: StreamItem['object'][] = [identity, ...collection.levels.map((level) => ({ ...tlpMarkingDefinition(level) }))];
  return objects.map((object, index) => ({
    position: { t: STATIC_DATE_ADDED, r: 0, k: 'static', i: index },
    object,
    dateAdded: iso(STATIC_DATE_ADDED),
    version: typeof object.modified === 'string' ? object.modified : String(object.created),
    specVersion: '2.1',
  }));
}

function collectionLabel(tlp: AnyColumn, groups: AnyColumn, collection: TaxiiCollection): SQL {
  const label = inArray(tlp, [...collection.levels]);
  return collection.sharingGroupId ? and(label, sql`${collection.sharingGroupId}::uuid = any(${groups})`)! : label;
}

const ADVISORY_DATE_ADDED = sql`greatest(${advisories.updatedAt}, coalesce(${advisories.publishedAt}, ${advisories.updatedAt}))`;
const ADVISORY_TYPES = new Set(['report', 'vulnerability', 'course-of-action', 'language-content']);

/** Rank 1: objects of published advisories (the export minus identity and marking, which rank 0 serves). */
async function advisoryItems(db: Executor, principal: Principal, collection: TaxiiCollection, filter: StreamFilter, after: Position | undefined, wanted: number): Promise<StreamItem[]> {
  if (filter.types && !filter.types.some((type) => ADVISORY_TYPES.has(type))) return [];
  const items: StreamItem[] = [];
  let cursor = after;
  const batch = wanted + 2;
  for (;;) {
    const rows = await db
      .select({ advisory: advisoryColumns, t: sql<string>`(extract(epoch from ${ADVISORY_DATE_ADDED}) * 1000)::float8` })
      .from(advisories)
      .where(
        and(
          ne(advisories.status, 'draft'),
          collectionLabel(advisories.tlp, advisories.audienceSharingGroupIds, collection),
          visibleTo(principal, ADVISORY_VISIBILITY),
          filter.addedAfter ? sql`${ADVISORY_DATE_ADDED} > ${filter.addedAfter.toISOString()}::timestamptz` : undefined,
          afterCursor(1, ADVISORY_DATE_ADDED, sql`${advisories.id}`, cursor, (k) => sql`${k}::uuid`, true),
        ),
      )
      .orderBy(asc(ADVISORY_DATE_ADDED), asc(advisories.id))
      .limit(batch);
    for (const { advisory, t } of rows) items.push(...expandAdvisory(advisory, Number(t)).filter((item) => itemAllowed(filter, item) && versionAllowed(filter, item.version, true, true) && (!cursor || comparePositions(item.position, cursor) > 0)));
    const last = rows.at(-1);
    if (rows.length < batch || items.length >= wanted || !last) return items;
    cursor = { t: Number(last.t), r: 1, k: last.advisory.id, i: Number.MAX_SAFE_INTEGER };
  }
}

/** The advisory's objects; a withdrawn advisory's objects are served revoked (STIX §3.2), so consumers drop them. */
function expandAdvisory(row: AdvisoryRow, t: number): StreamItem[] {
  const objects = advisoryToStixBundle(row).objects.filter((object) => object.type !== 'identity' && object.type !== 'marking-definition');
  return objects.map((object, index) => ({
    position: { t, r: 1, k: row.id, i: index },
    object: (row.status === 'withdrawn' ? { ...object, revoked: true } : object) as StreamItem['object'],
    dateAdded: iso(t),
    version: String(object.modified),
    specVersion: '2.1',
  }));
}

type VersionedRow = { t: number; key: string; body: StreamItem['object']; version_ms: number; spec_version: string; is_first: boolean; is_last: boolean };

function timestampList(filter: StreamFilter): string[] {
  return filter.versions.filter((version) => version !== 'first' && version !== 'last' && version !== 'all');
}

/** The SQL version filter over the window columns (first/last per id within the collection). */
function versionCondition(filter: StreamFilter, modified: SQL): SQL {
  if (filter.versions.includes('all')) return sql`true`;
  const parts: SQL[] = [];
  if (filter.versions.includes('last')) parts.push(sql`is_last`);
  if (filter.versions.includes('first')) parts.push(sql`is_first`);
  const stamps = timestampList(filter);
  if (stamps.length > 0) parts.push(sql`${modified} in (${sql.join(stamps.map((stamp) => sql`${stamp}::timestamptz`), sql`, `)})`);
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

function rowItem(row: VersionedRow, rank: number): StreamItem {
  const t = Number(row.t);
  const version = typeof row.body.modified === 'string' ? row.body.modified : typeof row.body.created === 'string' ? row.body.created : iso(t);
  return { position: { t, r: rank, k: row.key, i: 0 }, object: row.body, dateAdded: iso(t), version, specVersion: row.spec_version };
}

/** Rank 2: shared indicator objects (indicators, packages) — never incident-bound ones. */
async function indicatorItems(db: Executor, principal: Principal, collection: TaxiiCollection, filter: StreamFilter, after: Position | undefined, wanted: number): Promise<StreamItem[]> {
  const t = indicatorObjects;
  const rows = await queryRows<VersionedRow>(
    db,
    sql`select * from (
      select (extract(epoch from ${t.createdAt}) * 1000)::float8 as t, ${t.id}::text as key, ${t.body} as body, ${t.createdAt} as date_added, ${t.modified} as modified, '2.1' as spec_version,
        row_number() over (partition by ${t.stixId} order by ${t.modified} asc) = 1 as is_first,
        row_number() over (partition by ${t.stixId} order by ${t.modified} desc) = 1 as is_last
      from ${t}
      where ${and(
        sql`${t.incidentId} is null`,
        collectionLabel(t.tlp, t.audienceSharingGroupIds, collection),
        visibleTo(principal, INDICATOR_VISIBILITY),
        filter.ids ? inArray(t.stixId, filter.ids) : undefined,
        filter.types ? inArray(t.type, filter.types as ('indicator' | 'grouping' | 'sighting')[]) : undefined,
      )}
    ) v
    where ${and(
      versionCondition(filter, sql`v.modified`),
      filter.specVersions && !filter.specVersions.includes('2.1') ? sql`false` : undefined,
      filter.addedAfter ? sql`v.date_added > ${filter.addedAfter.toISOString()}::timestamptz` : undefined,
      afterCursor(2, sql`v.date_added`, sql`v.key::uuid`, after, (k) => sql`${k}::uuid`, false),
    )}
    order by v.date_added asc, v.key::uuid asc
    limit ${wanted}`,
  );
  return rows.map((row) => rowItem(row, 2));
}

/** Rank 3: stored STIX objects of every version (feeds, TAXII posts, API imports). */
async function storedItems(db: Executor, principal: Principal, collection: TaxiiCollection, filter: StreamFilter, after: Position | undefined, wanted: number): Promise<StreamItem[]> {
  const s = stixObjects;
  const rows = await queryRows<VersionedRow>(
    db,
    sql`select * from (
      select (extract(epoch from ${s.addedAt}) * 1000)::float8 as t, lpad(${s.addedSeq}::text, 20, '0') as key, ${s.addedSeq} as seq, ${s.body} as body, ${s.addedAt} as date_added, ${s.modified} as modified, ${s.specVersion} as spec_version,
        row_number() over (partition by ${s.stixId} order by ${s.modified} asc) = 1 as is_first,
        row_number() over (partition by ${s.stixId} order by ${s.modified} desc) = 1 as is_last
      from ${s}
      where ${and(
        collectionLabel(s.tlp, s.audienceSharingGroupIds, collection),
        visibleTo(principal, STIX_OBJECT_VISIBILITY),
        filter.ids ? inArray(s.stixId, filter.ids) : undefined,
        filter.types ? inArray(s.type, filter.types) : undefined,
        filter.specVersions ? inArray(s.specVersion, filter.specVersions) : undefined,
      )}
    ) v
    where ${and(
      versionCondition(filter, sql`v.modified`),
      filter.addedAfter ? sql`v.date_added > ${filter.addedAfter.toISOString()}::timestamptz` : undefined,
      afterCursor(3, sql`v.date_added`, sql`v.seq`, after, (k) => sql`${Number(k)}::bigint`, false),
    )}
    order by v.date_added asc, v.seq asc
    limit ${wanted}`,
  );
  return rows.map((row) => rowItem(row, 3));
}

/** A page of the stream: the items and whether more follow. */
export type StreamPage = { items: StreamItem[]; more: boolean };

/**
 * The first `limit` objects of the collection after `after` that pass the filters, in stream
 * order; every source is read only as far as the page needs (limit + 1 to know about `more`).
 */
export async function readStream(db: Executor, principal: Principal, collection: TaxiiCollection, filter: StreamFilter, after: Position | undefined, limit: number): Promise<StreamPage> {
  const wanted = limit + 1;
  const statics = staticItems(collection).filter((item) => itemAllowed(filter, item) && versionAllowed(filter, item.version, true, true) && (!after || comparePositions(item.position, after) > 0));
  const [fromAdvisories, fromIndicators, fromStore] = [
    await advisoryItems(db, principal, collection, filter, after, wanted),
    await indicatorItems(db, principal, collection, filter, after, wanted),
    await storedItems(db, principal, collection, filter, after, wanted),
  ];
  const merged = [...statics, ...fromAdvisories, ...fromIndicators, ...fromStore].sort((a, b) => comparePositions(a.position, b.position));
  return { items: merged.slice(0, limit), more: merged.length > limit };
}
