/**
 * Refuses incident times out of order or in the future (incident-times.ts) as a 400 with one field
 * problem per broken rule, each named by its key so a client words it in its reader's language.
 */
import { AppError, type ErrorCode, type FieldProblem } from '../../platform/errors.js';
import { INCIDENT_TIME_FIELDS, incidentTimeMessage, incidentTimeProblems, type IncidentTimeField, type IncidentTimes } from '../incident-times.js';

/**
 * @param paths where each time sits in the request body (`draft.startedAt`, `awarenessAt`, `report.startedAt`)
 * @param changed the times this request sets: a problem is reported only if it involves one of them,
 *   so a stored time never blocks an edit that does not touch the times
 * @param code the route's code for an invalid body (a stage submission answers UNPROCESSABLE_CONTENT)
 * @throws AppError VALIDATION_FAILED (or `code`)
 */
export function assertIncidentTimes(times: IncidentTimes, now: Date, paths: Record<IncidentTimeField, string>, changed: ReadonlySet<IncidentTimeField>, code: ErrorCode = 'VALIDATION_FAILED'): void {
  const problems: FieldProblem[] = incidentTimeProblems(times, now)
    .filter((problem) => changed.has(problem.field) || (problem.key === 'time-order' && changed.has(problem.earlier)))
    .map((problem): FieldProblem => {
      const params: Record<string, string> = problem.key === 'time-order' ? { key: problem.key, earlier: problem.earlier } : { key: problem.key };
      return { path: paths[problem.field], message: incidentTimeMessage(problem), code: 'custom', params };
    });
  if (problems.length > 0) {
    throw new AppError(code, 'The incident times are out of order or in the future: it starts, is detected, then you become aware of it.', problems);
  }
}

/** The times a request body sets (keys present with a value). */
export function changedTimes(...parts: (Partial<Record<IncidentTimeField, unknown>> | undefined)[]): Set<IncidentTimeField> {
  const changed = new Set<IncidentTimeField>();
  for (const part of parts) {
    if (!part) continue;
    for (const field of INCIDENT_TIME_FIELDS) if (part[field] !== undefined && part[field] !== null) changed.add(field);
  }
  return changed;
}
