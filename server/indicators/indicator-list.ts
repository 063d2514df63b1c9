/**
 * The defenders' list of shared indicators: what the caller may see (`visibleTo`), filtered by
 * type, TLP, value text and "for blocking", sorted by any column, with each indicator's community
 * sighting totals. Exports use the same query, so an export never holds more than the list.
 */
import { and, asc, desc, eq, ilike, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import { visibleTo } from '../access/visible-to.js';
import { TLP_LEVELS } from '../access/tlp.js';
import type { Executor } from '../platform/db/client.js';
import { z } from '../platform/http/openapi-zod.js';
import { TlpInputSchema } from '../access/tlp.js';
import { OBSERVABLE_TYPES } from './extract.js';
import { INDICATOR_VISIBILITY } from './indicators.repo.js';
import { indicatorObjects, type IndicatorObjectRow } from './indicators.table.js';

export const INDICATOR_SORTS = ['created', 'value', 'type', 'tlp', 'sightings'] as const;

/** Filters and sort of `GET /api/v1/indicators` and its exports (all optional). */
export const IndicatorFilterSchema = z.object({
  type: z.enum(OBSERVABLE_TYPES).optional(),
  tlp: TlpInputSchema.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  forBlocking: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  sort: z.enum(INDICATOR_SORTS).default('created'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type IndicatorFilter = z.output<typeof IndicatorFilterSchema>;

const sightingCount = sql<number>`(select count(*)::int from ${indicatorObjects} s where s.type = 'sighting' and s.value = ${indicatorObjects.stixId})`;
const tlpRank = sql`array_position(${sql.raw(`ARRAY[${TLP_LEVELS.map((level) => `'${level}'`).join(',')}]::text[]`)}, ${indicatorObjects.tlp})`;

function conditions(principal: Principal, filter: IndicatorFilter): SQL | undefined {
  const escaped = filter.q?.replace(/[\\%_]/g, (char) => `\\${char}`);
  return and(
    eq(indicatorObjects.type, 'indicator'),
    isNull(indicatorObjects.incidentId),
    visibleTo(principal, INDICATOR_VISIBILITY),
    filter.type ? eq(indicatorObjects.valueType, filter.type) : undefined,
    filter.tlp ? eq(indicatorObjects.tlp, filter.tlp) : undefined,
    escaped ? ilike(indicatorObjects.value, `%${escaped}%`) : undefined,
    filter.forBlocking !== undefined ? eq(indicatorObjects.forBlocking, filter.forBlocking) : undefined,
  );
}

function orderOf(filter: IndicatorFilter): SQL[] {
  const direction = filter.order === 'asc' ? asc : desc;
  const column = { created: indicatorObjects.createdAt, value: indicatorObjects.value, type: indicatorObjects.valueType, tlp: tlpRank, sightings: sightingCount }[filter.sort];
  return [direction(column), direction(indicatorObjects.id)];
}

/** One page (offset-based: the list sorts by computed columns) plus one row to know there is more. */
export async function listIndicators(db: Executor, principal: Principal, filter: IndicatorFilter, limit: number, offset: number): Promise<(IndicatorObjectRow & { sightings: number })[]> {
  const rows = await db
    .select({ row: indicatorObjects, sightings: sightingCount })
    .from(indicatorObjects)
    .where(conditions(principal, filter))
    .orderBy(...orderOf(filter))
    .limit(limit + 1)
    .offset(offset);
  return rows.map((item) => ({ ...item.row, sightings: Number(item.sightings) }));
}

/** Every matching row for an export (capped). */
export async function exportRows(db: Executor, principal: Principal, filter: IndicatorFilter, cap = 50_000): Promise<IndicatorObjectRow[]> {
  return db.select().from(indicatorObjects).where(conditions(principal, filter)).orderBy(...orderOf(filter)).limit(cap);
}

/** The sighting totals of several indicators (community-wide counts; the caller sees these indicators). */
export async function unsafeSightingTotalsOf(db: Executor, stixIds: string[]): Promise<Map<string, { sightings: number; count: number; organizations: number; lastSeen: string | null }>> {
  if (stixIds.length === 0) return new Map();
  const rows = await db
    .select({
      id: indicatorObjects.value,
      sightings: sql<number>`count(*)::int`,
      count: sql<number>`coalesce(sum(${indicatorObjects.count}), 0)::int`,
      organizations: sql<number>`count(distinct ${indicatorObjects.authorOrganizationId})::int`,
      lastSeen: sql<string | null>`max(${indicatorObjects.body}->>'last_seen')`,
    })
    .from(indicatorObjects)
    .where(and(eq(indicatorObjects.type, 'sighting'), inArray(indicatorObjects.value, stixIds)))
    .groupBy(indicatorObjects.value);
  return new Map(rows.map((row) => [row.id ?? '', { sightings: Number(row.sightings), count: Number(row.count), organizations: Number(row.organizations), lastSeen: row.lastSeen }]));
}
