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

/** Monday (Europe/Berlin) of the week of an instant, as YYYY-MM-DD. */
export function berlinWeekStart(date: Date): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  const local = new Date(`${day}T00:00:00Z`);
  const weekday = (local.getUTCDay() + 6) % 7;
  return new Date(local.getTime() - weekday * 86_400_000).toISOString().slice(0, 10);
}

/** The last `weeks` weeks (oldest first), each with the published advisories the caller may see. */
export async function advisoriesPerWeek(db: Executor, principal: Principal, now: Date, weeks = 12): Promise<WeekRow[]> {
  const since = new Date(`${berlinWeekStart(new Date(now.getTime() - (weeks - 1) * 7 * 86_400_000))}T00:00:00Z`);
  const rows = await db
    .select({ publishedAt: advisories.publishedAt, severity: advisories.severity })
    .from(advisories)
    .where(and(inArray(advisories.status, ['published', 'revised', 'withdrawn']), gte(advisories.publishedAt, new Date(since.getTime() - 2 * 3_600_000)), visibleTo(principal, ADVISORY_VISIBILITY)));
  const series = new Map<string, WeekRow>();
  for (let i = weeks - 1; i >= 0; i -= 1) {
    const week = berlinWeekStart(new Date(now.getTime() - i * 7 * 86_400_000));
    series.set(week, { week, kritisch: 0, hoch: 0, mittel: 0, niedrig: 0 });
  }
  for (const row of rows) {
    if (!row.publishedAt) continue;
    const entry = series.get(berlinWeekStart(row.publishedAt));
    const severity = SEVERITIES.find((s) => s === row.severity);
    if (entry && severity) entry[severity] += 1;
  }
  return [...series.values()];
}

function lastMonths(now: Date, months: number): string[] {
  const result: string[] = [];
  for (let i = months - 1; i >= 0; i -= 1) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    result.push(date.toISOString().slice(0, 7));
  }
  return result;
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
         where i.status = 'reported' and i.reported_at >= ${new Date(`${keys[0]}-01T00:00:00Z`)}
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
         where f.answered_at >= ${new Date(`${keys[0]}-01T00:00:00Z`)} and f.answered_at >= aa.first_matched_at
         group by 1`,
  );
  return keys.map((month) => {
    const row = rows.find((r) => r.month === month);
    return { month, hours: row?.hours === null || row?.hours === undefined ? null : Math.round(Number(row.hours) * 10) / 10, answers: Number(row?.answers ?? 0) };
  });
}
