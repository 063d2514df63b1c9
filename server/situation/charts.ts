/**
 * The series behind the home page's charts, each read through the policy: advisories per week by
 * severity (what the caller may see), incidents per month by sector and the median time until an
 * affected organization answers (the CERT's view of the whole constituency).
 */
import { and, gte, inArray, sql } from 'drizzle-orm';
import { visibleTo } from '../access/visible-to.js';
import { ADVISORY_VISIBILITY } from '../advisories/advisories.repo.js';
import { advisories } from '../advisories/advisories.table.js';
import type { Principal } from '../auth/principal.js';
import { queryRows, type Executor } from '../platform/db/client.js';

const SEVERITIES = ['kritisch', 'hoch', 'mittel', 'niedrig'] as const;
type WeekRow = { week: string; kritisch: number; hoch: number; mittel: number; niedrig: number };

const BERLIN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
const DAY_MS = 86_400_000;
/** Margin below a UTC midnight that covers Berlin's offset (+1 or +2 hours) in range queries. */
const BERLIN_OFFSET_MARGIN_MS = 2 * 3_600_000;

/** The Berlin calendar day of an instant, as a UTC midnight (calendar arithmetic only, no offsets). */
function berlinDay(date: Date): Date {
  return new Date(`${BERLIN_DAY.format(date)}T00:00:00Z`);
}

/** Monday (Europe/Berlin) of the week of an instant, as YYYY-MM-DD. */
export function berlinWeekStart(date: Date): string {
  const local = berlinDay(date);
  const weekday = (local.getUTCDay() + 6) % 7;
  return new Date(local.getTime() - weekday * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The Mondays of the last `weeks` Berlin weeks, oldest first. Counted back on the calendar from this
 * week's Monday, not by subtracting 7 × 24 hours from `now`: across a change between CET and CEST
 * that lands an hour off and, late on a Sunday, in the wrong week.
 */
export function lastWeekStarts(now: Date, weeks: number): string[] {
  const monday = new Date(`${berlinWeekStart(now)}T00:00:00Z`).getTime();
  return Array.from({ length: weeks }, (_, index) => new Date(monday - (weeks - 1 - index) * 7 * DAY_MS).toISOString().slice(0, 10));
}

/** The last `weeks` weeks (oldest first), each with the published advisories the caller may see. */
export async function advisoriesPerWeek(db: Executor, principal: Principal, now: Date, weeks = 12): Promise<WeekRow[]> {
  const starts = lastWeekStarts(now, weeks);
  const since = new Date(`${starts[0]}T00:00:00Z`);
  const rows = await db
    .select({ publishedAt: advisories.publishedAt, severity: advisories.severity })
    .from(advisories)
    .where(and(inArray(advisories.status, ['published', 'revised', 'withdrawn']), gte(advisories.publishedAt, new Date(since.getTime() - BERLIN_OFFSET_MARGIN_MS)), visibleTo(principal, ADVISORY_VISIBILITY)));
  const series = new Map<string, WeekRow>();
  for (const week of starts) series.set(week, { week, kritisch: 0, hoch: 0, mittel: 0, niedrig: 0 });
  for (const row of rows) {
    if (!row.publishedAt) continue;
    const entry = series.get(berlinWeekStart(row.publishedAt));
    const severity = SEVERITIES.find((s) => s === row.severity);
    if (entry && severity) entry[severity] += 1;
  }
  return [...series.values()];
}

/** The last `months` Berlin calendar months (oldest first) as YYYY-MM: late on the last day of a month UTC is still in it, Berlin is not. */
export function lastMonths(now: Date, months: number): string[] {
  const today = berlinDay(now);
  return Array.from({ length: months }, (_, index) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (months - 1 - index), 1)).toISOString().slice(0, 7));
}

/** The start of the oldest month of a series, with the margin for Berlin's offset. */
function monthsSince(keys: string[]): Date {
  return new Date(new Date(`${keys[0]}-01T00:00:00Z`).getTime() - BERLIN_OFFSET_MARGIN_MS);
}

/**
 * Reported incidents per month (Europe/Berlin) and sector. Called only for a principal whose
 * incident visibility covers the constituency (the CERT): counts, never names.
 */
export async function incidentsPerMonth(db: Executor, now: Date, months = 12) {
  const keys = lastMonths(now, months);
  const rows = await queryRows<{ month: string; sector: string | null; n: number }>(
    db,
    sql`select to_char(i.reported_at at time zone 'Europe/Berlin', 'YYYY-MM') as month,
               coalesce(i.report->>'sector', o.sector, 'other') as sector, count(*)::int as n
          from incidents i join organizations o on o.id = i.reporting_organization_id
         where i.status = 'reported' and i.reported_at >= ${monthsSince(keys)}
         group by 1, 2`,
  );
  return keys.map((month) => {
    const bySector: Record<string, number> = {};
    for (const row of rows.filter((r) => r.month === month)) bySector[row.sector ?? 'other'] = Number(row.n);
    return { month, bySector, total: Object.values(bySector).reduce((a, b) => a + b, 0) };
  });
}

/** Median hours from "affected" to the organization's first answer, per month of the answer (CERT view). */
export async function medianAcknowledgeHours(db: Executor, now: Date, months = 6) {
  const keys = lastMonths(now, months);
  const rows = await queryRows<{ month: string; hours: number | null; answers: number }>(
    db,
    sql`with firsts as (
          select a.advisory_id, a.organization_id, min(a.created_at) as answered_at
            from acknowledgements a group by 1, 2)
        select to_char(f.answered_at at time zone 'Europe/Berlin', 'YYYY-MM') as month,
               percentile_cont(0.5) within group (order by extract(epoch from (f.answered_at - aa.first_matched_at)) / 3600.0) as hours,
               count(*)::int as answers
          from firsts f join advisory_affected aa on aa.advisory_id = f.advisory_id and aa.organization_id = f.organization_id
         where f.answered_at >= ${monthsSince(keys)} and f.answered_at >= aa.first_matched_at
         group by 1`,
  );
  return keys.map((month) => {
    const row = rows.find((r) => r.month === month);
    return { month, hours: row?.hours === null || row?.hours === undefined ? null : Math.round(Number(row.hours) * 10) / 10, answers: Number(row?.answers ?? 0) };
  });
}
