/**
 * Reporting deadlines of NIS2 Art. 23 / BSIG § 32 (FORMATS.md "Incident reporting obligations").
 *
 * - frühe Erstmeldung (early warning): 24 h after the awareness time (Kenntniserlangung);
 * - Meldung (notification): 72 h after the awareness time;
 * - Zwischenmeldung (intermediate report): only when the CERT/BSI asks, due when the request says;
 * - Abschlussmeldung (final report): one month after the Meldung was *submitted* (its first
 *   submission; corrections do not move the clock). If handling is still ongoing then, a
 *   Fortschrittsmeldung (progress report) is due instead and the final report is due one month
 *   after handling has ended.
 *
 * All arithmetic is on UTC instants. Hours are exact elapsed hours (24 h across the March or October
 * clock change is 24 real hours, so the Berlin wall-clock time shifts by one hour). "One month" is
 * a calendar month in UTC: the same day of the next month at the same UTC time, clamped to the last
 * day of that month (31 Jan → 28/29 Feb, 31 Mar → 30 Apr). Presentation in Europe/Berlin is
 * `berlin-time.ts`'s job.
 */

/** The report stages, in the order of the law. */
export const REPORT_STAGES = ['early_warning', 'notification', 'intermediate', 'progress', 'final'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

const HOUR_MS = 3_600_000;

/** `date` plus exactly `hours` elapsed hours. */
export function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * HOUR_MS);
}

/** One calendar month later in UTC: same day and time of day, clamped to the month's last day. */
export function addCalendarMonth(date: Date): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()),
  );
}

/** What the deadlines depend on: the awareness time and when stages were first submitted. */
export type DeadlineInput = {
  awarenessAt: Date | null;
  /** First submission time of each stage (corrections excluded). */
  firstSubmittedAt: Partial<Record<ReportStage, Date>>;
  /** A requested Zwischenmeldung and its due time, when the CERT asked for one. */
  intermediateRequestedDueAt: Date | null;
  /** When handling of the incident ended (for the final report after a progress report). */
  handlingEndedAt: Date | null;
  /** Whether the incident is still being handled (the reporter's status). */
  ongoing: boolean;
};

/** `pending`: due and not submitted; `submitted`; `waiting`: its clock has not started yet. */
export type DeadlineState = 'pending' | 'submitted' | 'waiting';

/** One stage's deadline; `dueAt` null while its clock has not started. */
export type Deadline = { stage: ReportStage; dueAt: Date | null; submittedAt: Date | null; state: DeadlineState; basis: string };

function deadline(stage: ReportStage, dueAt: Date | null, input: DeadlineInput, basis: string): Deadline {
  const submittedAt = input.firstSubmittedAt[stage] ?? null;
  const state: DeadlineState = submittedAt ? 'submitted' : dueAt ? 'pending' : 'waiting';
  return { stage, dueAt, submittedAt, state, basis };
}

/**
 * Every applicable stage's deadline. The intermediate report appears only when requested; the
 * progress report only while handling is ongoing and no final report was sent, or when one was
 * submitted.
 */
export function computeDeadlines(input: DeadlineInput): Deadline[] {
  const awareness = input.awarenessAt;
  const notificationAt = input.firstSubmittedAt.notification ?? null;
  const monthAfterNotification = notificationAt ? addCalendarMonth(notificationAt) : null;
  const progressAt = input.firstSubmittedAt.progress ?? null;
  const deadlines: Deadline[] = [
    deadline('early_warning', awareness ? addHours(awareness, 24) : null, input, 'awareness + 24 h'),
    deadline('notification', awareness ? addHours(awareness, 72) : null, input, 'awareness + 72 h'),
  ];
  if (input.intermediateRequestedDueAt || input.firstSubmittedAt.intermediate) {
    deadlines.push(deadline('intermediate', input.intermediateRequestedDueAt, input, 'on request'));
  }
  // A final report ends the reporting: sent while handling was still marked ongoing, it leaves no
  // progress report due after it (one sent before it stays listed).
  const finalAt = input.firstSubmittedAt.final ?? null;
  const needsProgress = progressAt !== null || (finalAt === null && input.ongoing && input.handlingEndedAt === null);
  if (needsProgress) {
    deadlines.push(deadline('progress', monthAfterNotification, input, 'notification submitted + 1 month, handling ongoing'));
    const finalDue = input.handlingEndedAt ? addCalendarMonth(input.handlingEndedAt) : null;
    deadlines.push(deadline('final', finalDue, input, 'handling ended + 1 month'));
  } else {
    deadlines.push(deadline('final', monthAfterNotification, input, 'notification submitted + 1 month'));
  }
  return deadlines;
}

/** The earliest due time among stages not yet submitted (null when nothing is due). */
export function nextDueAt(deadlines: readonly Deadline[]): Date | null {
  let next: Date | null = null;
  for (const item of deadlines) if (item.state === 'pending' && item.dueAt && (!next || item.dueAt < next)) next = item.dueAt;
  return next;
}
