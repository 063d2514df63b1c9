/**
 * Every Monday 07:00 Europe/Berlin (the scheduler's zone) the job drafts the Lagebericht of the past
 * calendar week (Monday 00:00 to Monday 00:00, Berlin time) at TLP:GREEN; drafting announces it to
 * the CERT (`situation.report.drafted`: live, and an in-app notification through the consumer), who
 * then writes the assessment and publishes it.
 */
import { systemPrincipal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import { writeDraft } from './reports.js';

export const WEEKLY_REPORT_JOB = { name: 'situation.weekly-report', schedule: '0 7 * * 1' } as const;

const OFFSET = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' });
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });

function offsetMinutes(at: Date): number {
  const name = OFFSET.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** 00:00 Berlin time of the Berlin calendar day `days` after the one `at` falls on. */
function berlinMidnight(at: Date, days = 0): Date {
  const parts = Object.fromEntries(DAY.formatToParts(at).map((part) => [part.type, part.value]));
  const utcMidnight = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day) + days);
  // The offset at that midnight (not at `at`): a week may cross a change between CET and CEST.
  return new Date(utcMidnight - offsetMinutes(new Date(utcMidnight)) * 60_000);
}

/** The past calendar week in Berlin time: from the Monday before the current week's Monday to that Monday. */
export function pastWeek(now: Date): { from: Date; to: Date } {
  const weekday = Object.fromEntries(DAY.formatToParts(now).map((part) => [part.type, part.value])).weekday ?? 'Mon';
  const sinceMonday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(weekday);
  const to = berlinMidnight(now, -Math.max(sinceMonday, 0));
  return { from: berlinMidnight(to, -7), to };
}

/** Drafts the past week's report (a draft: nothing leaves the CERT until someone publishes it). */
export async function runWeeklyReport(db: Database, now = new Date()): Promise<{ reportId: string; from: string; to: string }> {
  const period = pastWeek(now);
  const row = await db.transaction((tx) => writeDraft(tx, systemPrincipal(WEEKLY_REPORT_JOB.name), period, 'green', { userId: null, name: 'Wochenbericht (automatisch)', label: `system:${WEEKLY_REPORT_JOB.name}`, ip: null }, now));
  return { reportId: row.id, from: period.from.toISOString(), to: period.to.toISOString() };
}
