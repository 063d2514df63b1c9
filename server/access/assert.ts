/**
 * Guards for services: the first statement of a use case loads the object and calls one of these.
 * Existence is never confirmed to someone who cannot see the object.
 */
import { AppError, notFound } from '../platform/errors.js';
import type { Principal } from '../auth/principal.js';
import { canView, canViewIncident, canViewPendingRevision, POLICY_ACTIONS, type AccessObject, type IncidentAccessObject, type PolicyAction } from './policy.js';

/**
 * Throws NOT_FOUND unless the object exists and the principal may see it.
 * @throws AppError NOT_FOUND
 */
export function assertCanView<T extends AccessObject>(principal: Principal, object: T | undefined, what = 'Resource'): asserts object is T {
  if (!object || !canView(principal, object)) throw notFound(what);
}

/**
 * Throws NOT_FOUND when the object is invisible and FORBIDDEN when it is visible but the action is
 * not allowed (the principal already knows it exists).
 * @throws AppError NOT_FOUND | FORBIDDEN
 */
export function assertCan<T extends AccessObject>(principal: Principal, action: PolicyAction, object: T | undefined, what = 'Resource'): asserts object is T {
  assertCanView(principal, object, what);
  if (!POLICY_ACTIONS[action](principal, object)) throw new AppError('FORBIDDEN', `You may not ${action} this ${what.toLowerCase()}.`);
}

/**
 * Throws NOT_FOUND unless the incident exists and the principal may see it (reporting organization or CERT).
 * @throws AppError NOT_FOUND
 */
export function assertCanViewIncident<T extends IncidentAccessObject>(principal: Principal, incident: T | undefined): asserts incident is T {
  if (!incident || !canViewIncident(principal, incident)) throw notFound('Incident');
}

/**
 * Throws FORBIDDEN when a published object has a prepared revision the principal may not see (the
 * published object is visible, so its existence is no secret): it may then neither be edited,
 * published nor previewed — each would show or overwrite what the revision says.
 * @throws AppError FORBIDDEN
 */
export function assertCanSeePendingRevision(principal: Principal, published: AccessObject, revision: AccessObject | null): void {
  if (revision && !canViewPendingRevision(principal, published, revision)) {
    throw new AppError('FORBIDDEN', 'A revision of this advisory is being prepared for other recipients; you may not change or publish it.');
  }
}
