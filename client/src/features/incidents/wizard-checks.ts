/**
 * What the incident wizard checks before it moves on or saves: a short title on step 1, and the
 * times in order and not in the future (the server's own rule, server/incidents/incident-times.ts).
 * Problems are kept as message keys and worded at render time, so they follow a language switch.
 */
import { incidentTimeProblems, type IncidentTimeProblem } from '../../../../server/incidents/incident-times.js';
import { localToIso } from './model.js';

/** The wizard's fields these checks speak about. */
export type CheckedField = 'title' | 'startedAt' | 'detectedAt' | 'awarenessAt';
/** The message keys of the checks (keys of the client dictionary; kept literal so the server's tests can load this file). */
export type WizardProblemKey = 'wizard.error.titleRequired' | 'fieldProblem.timeInFuture' | 'fieldProblem.notBeforeStart' | 'fieldProblem.notBeforeDetection';
export type WizardProblem = { field: CheckedField; key: WizardProblemKey };

type Entered = Record<CheckedField, string>;

/** The message key of a time problem. */
export function timeProblemKey(problem: IncidentTimeProblem): WizardProblemKey {
  if (problem.key === 'time-in-future') return 'fieldProblem.timeInFuture';
  return problem.earlier === 'startedAt' ? 'fieldProblem.notBeforeStart' : 'fieldProblem.notBeforeDetection';
}

/** Problems with the times as entered (German time); a time left empty is not checked. */
export function timeProblems(form: Entered, now: Date): WizardProblem[] {
  const times = { startedAt: localToIso(form.startedAt), detectedAt: localToIso(form.detectedAt), awarenessAt: localToIso(form.awarenessAt) };
  return incidentTimeProblems(times, now).map((problem) => ({ field: problem.field, key: timeProblemKey(problem) }));
}

/** Problems that keep step `step` (0-based) from moving on: step 1 needs its short title and times in order. */
export function stepProblems(form: Entered, step: number, now: Date): WizardProblem[] {
  if (step !== 0) return [];
  return [...(form.title.trim() === '' ? [{ field: 'title' as const, key: 'wizard.error.titleRequired' as const }] : []), ...timeProblems(form, now)];
}
