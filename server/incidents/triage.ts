/**
 * CERT triage workflow of an incident: the state machine and the SLA timers. Who may triage is the
 * `incident:triage` capability (route); who may see the incident is server/access.
 */
import { AppError } from '../platform/errors.js';
import { addHours } from './deadlines.js';

export const TRIAGE_STATES = ['new', 'acknowledged', 'investigating', 'contained', 'closed'] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];

/** BSI severity levels, as advisories use them. */
export const INCIDENT_SEVERITIES = ['niedrig', 'mittel', 'hoch', 'kritisch'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/**
 * Allowed moves. The main line is new → acknowledged → investigating → contained → closed; an
 * acknowledged report can be closed at once (false positive, duplicate), a contained incident can
 * flare up again (back to investigating), and a closed one can be reopened for investigation.
 */
export const TRIAGE_TRANSITIONS: Readonly<Record<TriageState, readonly TriageState[]>> = {
  new: ['acknowledged'],
  acknowledged: ['investigating', 'closed'],
  investigating: ['contained', 'closed'],
  contained: ['investigating', 'closed'],
  closed: ['investigating'],
};

/** Whether `from → to` is a move of the state machine. */
export function canTransition(from: TriageState, to: TriageState): boolean {
  return TRIAGE_TRANSITIONS[from].includes(to);
}

/** @throws AppError INVALID_STATE for a move the state machine does not have. */
export function assertTransition(from: TriageState, to: TriageState): void {
  if (!canTransition(from, to)) throw new AppError('INVALID_STATE', `An incident in state ${from} cannot move to ${to}.`);
}

/**
 * Hours within which the CERT acknowledges a report, by severity. NIS2 Art. 23(5) gives the CSIRT
 * 24 h for its initial feedback to an early warning; the acknowledgement comes first and faster
 * the more severe the incident. An unrated report gets the 24 h of the law.
 */
export const ACKNOWLEDGE_SLA_HOURS: Readonly<Record<IncidentSeverity | 'unrated', number>> = { kritisch: 1, hoch: 4, mittel: 12, niedrig: 24, unrated: 24 };

/** Hours for the CERT's initial feedback (first message in the thread), NIS2 Art. 23(5). */
export const FEEDBACK_SLA_HOURS = 24;

/** SLA timers of a reported incident. */
export type SlaTimers = {
  acknowledgeDueAt: Date;
  acknowledgedAt: Date | null;
  acknowledgeBreached: boolean;
  feedbackDueAt: Date;
  feedbackAt: Date | null;
  feedbackBreached: boolean;
};

/** The SLA timers at `now`: a timer is breached when it was met late or is still open past its due time. */
export function slaTimers(input: { reportedAt: Date; severity: IncidentSeverity | null; acknowledgedAt: Date | null; feedbackAt: Date | null }, now: Date): SlaTimers {
  const acknowledgeDueAt = addHours(input.reportedAt, ACKNOWLEDGE_SLA_HOURS[input.severity ?? 'unrated']);
  const feedbackDueAt = addHours(input.reportedAt, FEEDBACK_SLA_HOURS);
  return {
    acknowledgeDueAt,
    acknowledgedAt: input.acknowledgedAt,
    acknowledgeBreached: (input.acknowledgedAt ?? now) > acknowledgeDueAt,
    feedbackDueAt,
    feedbackAt: input.feedbackAt,
    feedbackBreached: (input.feedbackAt ?? now) > feedbackDueAt,
  };
}

/** Severity rank for sorting: kritisch 4 … niedrig 1, unrated 0. */
export function severityRank(severity: IncidentSeverity | null): number {
  return severity ? INCIDENT_SEVERITIES.indexOf(severity) + 1 : 0;
}
