/**
 * Who sees what of the situation picture (issue 15), decided here and nowhere else:
 * - the threat level concerns everyone on the platform: its live event goes to every logged-in user
 *   (TLP:GREEN — the community room), never to anonymous sockets;
 * - exposures (which organization is affected by what, and whether it answered) are seen by the
 *   organization itself, by the org_admins of a district for the district and its municipalities,
 *   and by the CERT for everyone. A municipality never sees another municipality's exposures.
 */
import type { Principal } from '../auth/principal.js';
import { emptyAudience, type Audience } from './audience.js';
import { canView, type AccessObject } from './policy.js';
import type { DeliveryAudience } from './delivery.js';

/** Every logged-in user (never an anonymous socket). */
export const THREAT_LEVEL_AUDIENCE: DeliveryAudience = Object.freeze({ kind: 'members' as const });

/** An organization as the scope needs it. */
export type ScopeOrganization = { id: string; kind: string; parentId: string | null };

/** Whose exposures a principal may see: all of them, or exactly the listed organizations. */
export type ExposureScope = { all: true } | { all: false; organizationIds: ReadonlySet<string> };

/** The organizations a district's org_admin answers for: the district and every organization below it. */
function withDescendants(rootId: string, organizations: readonly ScopeOrganization[]): string[] {
  const children = new Map<string, string[]>();
  for (const org of organizations) if (org.parentId) children.set(org.parentId, [...(children.get(org.parentId) ?? []), org.id]);
  const found = new Set<string>();
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return [...found];
}

/** The exposure scope of a principal (anonymous: nothing). */
export function exposureScope(principal: Principal, organizations: readonly ScopeOrganization[]): ExposureScope {
  if (principal.kind === 'system') return { all: true };
  if (principal.kind !== 'user') return { all: false, organizationIds: new Set() };
  if (principal.isCert) return { all: true };
  const ids = new Set(principal.organizationIds);
  for (const membership of principal.memberships) {
    if (membership.role !== 'org_admin' || membership.organizationKind !== 'district') continue;
    for (const id of withDescendants(membership.organizationId, organizations)) ids.add(id);
  }
  return { all: false, organizationIds: ids };
}

/** Whether the scope covers an organization. */
export function scopeCovers(scope: ExposureScope, organizationId: string): boolean {
  return scope.all || scope.organizationIds.has(organizationId);
}

/** The districts whose municipalities a principal oversees as org_admin (the district view of the picture). */
export function overseenDistrictIds(principal: Principal): string[] {
  if (principal.kind !== 'user') return [];
  return principal.memberships.filter((m) => m.role === 'org_admin' && m.organizationKind === 'district').map((m) => m.organizationId);
}

/**
 * The weekly Lagebericht. The CERT chooses its label: CLEAR (may be passed on publicly), GREEN (the
 * community), AMBER (the organizations of the constituency and their staff). Never AMBER+STRICT or
 * RED: a report about the whole state addressed to a few would be an advisory, not a Lagebericht.
 * Drafts follow the policy's draft rule (the author and the CERT's writers); a published report its
 * label and the audience fixed at publication.
 */
export const REPORT_TLPS = ['clear', 'green', 'amber'] as const;
export type ReportTlp = (typeof REPORT_TLPS)[number];

/** A report as the policy needs it. */
export type ReportAccessFields = { tlp: ReportTlp; status: 'draft' | 'published'; audience: Audience; authorOrganizationId: string | null; createdByUserId: string | null };

export function reportAccessObject(report: ReportAccessFields): AccessObject {
  return { tlp: report.tlp, audience: report.audience, authorOrganizationId: report.authorOrganizationId, authorUserId: report.createdByUserId, status: report.status === 'draft' ? 'draft' : 'published' };
}

/** Whether the principal may read the report (404 otherwise, never 403). */
export function canReadReport(principal: Principal, report: ReportAccessFields): boolean {
  return canView(principal, reportAccessObject(report));
}

/**
 * The audience fixed at publication: for AMBER every top-level organization of the constituency
 * (the policy extends AMBER to their sub-organizations), for CLEAR and GREEN the label suffices.
 */
export function reportAudience(tlp: ReportTlp, topLevelOrganizationIds: readonly string[]): Audience {
  return { ...emptyAudience(), organizations: tlp === 'amber' ? [...topLevelOrganizationIds] : [] };
}

/**
 * `situation.report.published` goes, at delivery, exactly to those who may read the report as it is
 * then: members only, also for CLEAR (the label lets readers pass the report on; the platform itself
 * serves it to members, so an anonymous socket hears nothing of it). Not published (any more): nobody
 * but the draft's readers, who do not receive publication news through it either.
 */
export function reportPublishedAudience(report: ReportAccessFields): DeliveryAudience {
  return { kind: 'members', within: reportAccessObject(report) };
}

/** Whether a published report may go out by e-mail with its PDF attached (CLEAR and GREEN only). */
export function reportMayTravelByMail(report: Pick<ReportAccessFields, 'tlp'>): boolean {
  return report.tlp === 'clear' || report.tlp === 'green';
}

/** A drafted report concerns the CERT alone. */
export const REPORT_DRAFTED_AUDIENCE: DeliveryAudience = Object.freeze({ kind: 'cert' as const });
