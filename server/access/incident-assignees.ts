/**
 * Who an incident can be assigned to, and who may ask. The assignee directory lists CERT staff who
 * can triage (active, a triage role in an organization of kind `cert`); only a CERT triager may read
 * it, and it carries id and name only. Constituents never appear in it and never see it.
 */
import { and, eq, inArray, type AnyColumn, type SQL } from 'drizzle-orm';
import { hasCapability, type Principal } from '../auth/principal.js';
import { AppError } from '../platform/errors.js';
import { CAPABILITY_ROLES } from './capabilities.js';

/** Whether the principal may read the assignee directory (the CERT's own triagers). */
export function canListIncidentAssignees(principal: Principal): boolean {
  return principal.kind === 'system' || (principal.kind === 'user' && principal.isCert && hasCapability(principal, 'incident:triage'));
}

/** @throws AppError FORBIDDEN for anyone but a CERT triager */
export function assertCanListIncidentAssignees(principal: Principal): void {
  if (!canListIncidentAssignees(principal)) throw new AppError('FORBIDDEN', 'Only CERT analysts assign incidents.');
}

/**
 * The SQL rule "this membership makes its user assignable": an active user holding a triage role in
 * a CERT organization. Used by the directory and by the check of an assignment, so both agree.
 */
export function incidentAssigneeWhere(columns: { organizationKind: AnyColumn; role: AnyColumn; active: AnyColumn }): SQL {
  return and(eq(columns.organizationKind, 'cert'), inArray(columns.role, [...CAPABILITY_ROLES['incident:triage']]), eq(columns.active, true))!;
}
