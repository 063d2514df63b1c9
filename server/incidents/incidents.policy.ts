/**
 * Workflow rules of incidents (who may do what to a visible incident, and when). Who may SEE an
 * incident is server/access (`canViewIncident`); this file adds the workflow on top.
 */
import type { AuditActor } from '../audit/record-audit.js';
import { hasCapability, type Principal, type UserPrincipal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import type { IncidentRow } from './incidents.table.js';

/** What every incident use case runs with. */
export type IncidentUseCaseContext = { db: Database; principal: Principal; ip: string | null; clock: Clock; dataDir: string };

/** The actor of an audit entry. */
export function auditActorOf(principal: Principal, ip: string | null): AuditActor {
  if (principal.kind === 'user') return { userId: principal.userId, label: principal.email, ip };
  if (principal.kind === 'system') return { userId: null, label: `system:${principal.name}`, ip };
  return { userId: null, label: 'anonymous', ip };
}

/** Whether the principal is CERT staff with the triage capability. */
export function isCertTriager(principal: Principal): boolean {
  return principal.kind === 'system' || (principal.kind === 'user' && principal.isCert && hasCapability(principal, 'incident:triage'));
}

/**
 * CERT-only actions (triage, intermediate requests, sharing).
 * @throws AppError FORBIDDEN for a visible incident and a non-CERT principal
 */
export function assertCertTriager(principal: Principal): void {
  if (!isCertTriager(principal)) throw new AppError('FORBIDDEN', 'Only CERT analysts triage and share incidents.');
}

/**
 * The reporting side: members of the reporting organization (with `incident:report`) report stages.
 * @throws AppError FORBIDDEN
 */
export function assertReporter(principal: Principal, row: IncidentRow): asserts principal is UserPrincipal {
  if (principal.kind !== 'user' || !principal.organizationIds.includes(row.reportingOrganizationId) || !hasCapability(principal, 'incident:report')) {
    throw new AppError('FORBIDDEN', 'Only members of the reporting organization submit report stages.');
  }
}

/** @throws AppError INVALID_STATE unless the incident is still a draft. */
export function assertDraft(row: IncidentRow): void {
  if (row.status !== 'draft') throw new AppError('INVALID_STATE', 'The incident has been reported; its content changes only through new stage submissions.');
}

/** @throws AppError INVALID_STATE unless the incident has been reported. */
export function assertReported(row: IncidentRow): void {
  if (row.status !== 'reported') throw new AppError('INVALID_STATE', 'Report the incident first.');
}
