/**
 * The times of an incident in their order: it started, then it was detected, then the organization
 * became aware of it as a reportable incident (Kenntniserlangung, which starts the legal deadlines);
 * none of them lies in the future. Isomorphic (no imports): the server refuses a report that breaks
 * this, and the wizard says so at the field before asking the server.
 */

export const INCIDENT_TIME_FIELDS = ['startedAt', 'detectedAt', 'awarenessAt'] as const;
export type IncidentTimeField = (typeof INCIDENT_TIME_FIELDS)[number];

/** How far a time may lie ahead of the checking clock: devices and servers disagree by a few minutes. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export type IncidentTimes = Partial<Record<IncidentTimeField, Date | string | null | undefined>>;

/**
 * A broken rule at `field`: `time-in-future`, or `time-order` (`field` lies before `earlier`, which
 * must come first). The keys are those of the API's field problems (`params.key`).
 */
export type IncidentTimeProblem = { field: IncidentTimeField; key: 'time-in-future' } | { field: IncidentTimeField; key: 'time-order'; earlier: IncidentTimeField };

const ENGLISH: Record<IncidentTimeField, string> = { startedAt: 'the start of the incident', detectedAt: 'the detection', awarenessAt: 'the awareness time' };

function millis(value: Date | string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const time = (value instanceof Date ? value : new Date(value)).getTime();
  return Number.isNaN(time) ? undefined : time;
}

/** Every broken rule among the times given (a time not given is not checked), in field order. */
export function incidentTimeProblems(times: IncidentTimes, now: Date): IncidentTimeProblem[] {
  const at = Object.fromEntries(INCIDENT_TIME_FIELDS.map((field) => [field, millis(times[field])])) as Record<IncidentTimeField, number | undefined>;
  const problems: IncidentTimeProblem[] = [];
  for (const field of INCIDENT_TIME_FIELDS) {
    const time = at[field];
    if (time === undefined) continue;
    if (time > now.getTime() + CLOCK_SKEW_MS) {
      problems.push({ field, key: 'time-in-future' });
      continue;
    }
    // The nearest earlier time that is given: awareness is compared with the detection, or, without one, with the start.
    const earlier = INCIDENT_TIME_FIELDS.slice(0, INCIDENT_TIME_FIELDS.indexOf(field))
      .reverse()
      .find((candidate) => at[candidate] !== undefined);
    if (earlier !== undefined && time < at[earlier]!) problems.push({ field, key: 'time-order', earlier });
  }
  return problems;
}

/** An English sentence for a problem (the API's `message`; clients word it from the key). */
export function incidentTimeMessage(problem: IncidentTimeProblem): string {
  return problem.key === 'time-in-future'
    ? 'Lies in the future; enter a time that has passed'
    : `Must not lie before ${ENGLISH[problem.earlier]}`;
}
