/**
 * What a scheduled job's run did, in the reader's language: a sentence, labelled details and, where
 * there is one, a link to what it made. The scheduler stores each job's own return value as the run's
 * `result` (server/platform/scheduler.ts); the platform's jobs and the feed runs are worded here, a
 * result of another shape is shown as labelled key/value lines, never as JSON.
 */
import { readableItems, type ReadableItem } from '../../lib/readable-value.js';
import { formatNumber, pluralText, type Words } from '../../lib/words.js';
import { formatDuration } from './format-duration.js';

/** A run as GET /api/v1/jobs and /jobs/runs send it (the fields read here). */
export type RunForOutcome = { name: string; status: 'running' | 'succeeded' | 'failed' | 'timed_out'; error: string | null; result: Record<string, unknown> | null };

export type JobOutcome = { summary: string; items: ReadableItem[]; link?: { to: string; label: string } };

type Describe = (words: Words, result: Record<string, unknown>) => JobOutcome | null;

const FEED_PREFIX = 'feeds.';
const TIMED_OUT = /^timed out after (\d+) ms$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The autovacuum rules of server/platform/db/embedded-maintenance.ts (`maintenanceDue`), as they word a reason. */
const REASONS = [
  { pattern: /^(\S+) dead rows > (\S+)$/, key: 'jobResult.reason.dead' },
  { pattern: /^(\S+) rows inserted since the last vacuum > (\S+)$/, key: 'jobResult.reason.inserted' },
  { pattern: /^transaction id age (\S+) > (\S+)$/, key: 'jobResult.reason.xidAge' },
  { pattern: /^multixact id age (\S+) > (\S+)$/, key: 'jobResult.reason.mxidAge' },
  { pattern: /^(\S+) rows changed since the last analysis > (\S+)$/, key: 'jobResult.reason.analyze' },
] as const;

/** One maintenance reason in the reader's language; a reason worded otherwise stays as the server wrote it. */
export function maintenanceReason({ t, lang }: Words, reason: string): string {
  for (const { pattern, key } of REASONS) {
    const match = pattern.exec(reason);
    const [found, limit] = [Number(match?.[1]), Number(match?.[2])];
    if (match && Number.isFinite(found) && Number.isFinite(limit)) return t(key, { count: formatNumber(lang, found), limit: formatNumber(lang, limit) });
  }
  return reason;
}

const describeMaintenance: Describe = (words, result) => {
  const { t, lang } = words;
  if (!Array.isArray(result.tables)) return null;
  const duration = formatDuration(lang, count(result.ms) ?? 0);
  const tables = result.tables.filter(isRecord);
  if (tables.length === 0) return { summary: t('jobResult.maintenance.nothing', { duration }), items: [] };
  const items = tables.map((table, index) => {
    const what = table.vacuum === true && table.analyze === true ? 'jobResult.maintenance.both' : table.vacuum === true ? 'jobResult.maintenance.vacuum' : 'jobResult.maintenance.analyze';
    const reasons = Array.isArray(table.reasons) ? table.reasons.map((reason) => maintenanceReason(words, String(reason))).join('; ') : '';
    const name = typeof table.table === 'string' ? table.table : String(index + 1);
    return { key: `${name}#${index}`, label: name, value: t('jobResult.maintenance.table', { what: t(what), duration: formatDuration(lang, count(table.ms) ?? 0), reasons }) };
  });
  return { summary: pluralText(words, 'jobResult.maintenance.tables', tables.length, { duration }), items };
};

/** A job that counts one thing: `<key>.none` for none, else `<key>.one` / `<key>.other`. */
const describeCount =
  (field: string, key: string): Describe =>
  (words, result) => {
    const n = count(result[field]);
    if (n === null) return null;
    return { summary: n === 0 ? words.t(`${key}.none`) : pluralText(words, key, n), items: [] };
  };

const describeReminders = describeCount('reminders', 'jobResult.reminders');
const describeDigests = describeCount('digests', 'jobResult.digests');

const describeEscalation: Describe = (words, result) => {
  const escalated = count(result.escalated);
  const reminded = count(result.reminded);
  if (escalated === null || reminded === null) return null;
  if (escalated === 0 && reminded === 0) return { summary: words.t('jobResult.escalation.none'), items: [] };
  const parts = [pluralText(words, 'jobResult.escalated', escalated), pluralText(words, 'jobResult.reminded', reminded)];
  return { summary: `${parts.join(', ')}.`, items: [] };
};

const describePrune: Describe = (words, result) => {
  const deleted = count(result.deleted);
  const days = count(result.retentionDays);
  if (deleted === null || days === null) return null;
  return { summary: pluralText(words, 'jobResult.pruned', deleted, { days: formatNumber(words.lang, days) }), items: [] };
};

/** A Berlin calendar day (the report's week runs from Monday 00:00 to the next Monday 00:00, Berlin time). */
function berlinDay(lang: Words['lang'], iso: string, shiftMs = 0): string {
  const date = new Date(new Date(iso).getTime() + shiftMs);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(date);
}

const describeWeeklyReport: Describe = ({ t, lang }, result) => {
  const { reportId, from, to } = result;
  if (typeof reportId !== 'string' || typeof from !== 'string' || typeof to !== 'string') return null;
  // `to` is the exclusive end (the next Monday's midnight): the week's last day is the Sunday before.
  return { summary: t('jobResult.weeklyReport', { from: berlinDay(lang, from), to: berlinDay(lang, to, -1) }), items: [], link: { to: `/lageberichte/${encodeURIComponent(reportId)}`, label: t('jobResult.weeklyReport.open') } };
};

function storedCounts({ t, lang }: Words, value: unknown): string | null {
  if (!isRecord(value)) return null;
  const [created, updated, unchanged] = [count(value.new), count(value.updated), count(value.unchanged)];
  if (created === null || updated === null || unchanged === null) return null;
  return t('jobResult.feed.stored', { new: formatNumber(lang, created), updated: formatNumber(lang, updated), unchanged: formatNumber(lang, unchanged) });
}

const FEED_RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed'] as const;

const describeFeed: Describe = (words, result) => {
  const { t, lang } = words;
  if (result.acquired === false) return { summary: t('jobResult.feed.skipped'), items: [] };
  const run = result.run;
  if (result.acquired !== true || !isRecord(run)) return null;
  const status = FEED_RUN_STATUSES.find((value) => value === run.status);
  const [created, updated, unchanged, failed] = [count(run.newCount), count(run.updatedCount), count(run.unchangedCount), count(run.failedCount)];
  if (!status || created === null || updated === null || unchanged === null || failed === null) return null;
  const summary = t('jobResult.feed.counts', { status: t(`sources.status.${status}`), new: formatNumber(lang, created), updated: formatNumber(lang, updated), unchanged: formatNumber(lang, unchanged), failed: formatNumber(lang, failed) });
  const items: ReadableItem[] = [];
  const add = (key: string, label: string, value: string | null) => {
    if (value !== null) items.push({ key, label, value });
  };
  if (typeof run.error === 'string' && run.error) {
    add('error', t('jobResult.feed.error'), feedErrorText(words, run.error));
  }
  const counts = isRecord(run.counts) ? run.counts : {};
  const number = (value: unknown) => (count(value) === null ? null : formatNumber(lang, count(value)!));
  add('records', t('jobResult.feed.records'), number(counts.records));
  add('stixObjects', t('jobResult.feed.stixObjects'), storedCounts(words, counts.stixObjects));
  add('enrichments', t('jobResult.feed.enrichments'), storedCounts(words, counts.enrichments));
  if (count(counts.withFindings)) add('withFindings', t('jobResult.feed.withFindings'), number(counts.withFindings));
  if (count(counts.quarantined)) add('quarantined', t('jobResult.feed.quarantined'), number(counts.quarantined));
  if (Array.isArray(run.problems) && run.problems.length > 0) add('problems', t('jobResult.feed.problems'), formatNumber(lang, run.problems.length));
  const link = typeof run.sourceId === 'string' ? { to: `/quellen?runs=${encodeURIComponent(run.sourceId)}`, label: t('jobResult.feed.open') } : undefined;
  return { summary, items, ...(link ? { link } : {}) };
};

/**
 * A feed run's stored error (`<code>: <technical detail>`, server/feeds/runner.ts): the code in words
 * (the `feedError.*` labels of lib/labels.ts), the detail as the source or driver said it.
 */
function feedErrorText(words: Words, error: string): string {
  const match = /^([a-z_]+):\s*(.*)$/s.exec(error);
  const key = `feedError.${match?.[1] ?? ''}`;
  if (!match || !words.has(key)) return error;
  return match[2] ? `${words.t(key)} (${match[2]})` : words.t(key);
}

/** The platform's jobs (server/jobs.ts `JOBS`) whose result is worded; feed jobs go by their prefix. */
const DESCRIBERS: Record<string, Describe> = {
  'database.maintenance': describeMaintenance,
  'incidents.deadline-reminders': describeReminders,
  'matching.escalation': describeEscalation,
  'situation.weekly-report': describeWeeklyReport,
  'notifications.daily-digest': describeDigests,
  'notifications.weekly-digest': describeDigests,
  'events.prune': describePrune,
};

/** A failed run's error in the reader's language where the scheduler worded it (the time limit), else as recorded. */
export function jobErrorText({ t, lang }: Words, error: string): string {
  const timedOut = TIMED_OUT.exec(error);
  return timedOut ? t('jobResult.timedOut', { duration: formatDuration(lang, Number(timedOut[1])) }) : error;
}

/** What `run` did, for the jobs table and the run history. */
export function describeJobRun(words: Words, run: RunForOutcome): JobOutcome {
  const { t } = words;
  if (run.status === 'running') return { summary: t('jobResult.running'), items: [] };
  if (run.status !== 'succeeded') return { summary: jobErrorText(words, run.error ?? ''), items: [] };
  if (!run.result) return { summary: t('jobResult.none'), items: [] };
  const describe = run.name.startsWith(FEED_PREFIX) ? describeFeed : DESCRIBERS[run.name];
  const described = describe?.(words, run.result);
  if (described) return described;
  // A job this client has no words for, or a result of a shape it does not know: its keys as sent.
  return { summary: '', items: readableItems(words, run.result) };
}
