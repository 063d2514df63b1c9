/**
 * Who an object would reach, asked BEFORE it is written: the organizations (other than the CERT)
 * whose members the policy would let see it. A share that reaches no one outside the CERT (an
 * AMBER+STRICT package without recipients, a RED one without named users) is refused rather than
 * reported as a success. The answer comes from `organizationCanView`, so the rules stay in policy.ts.
 */
import type { Executor } from '../platform/db/client.js';
import { loadOrganizationStandings, organizationCanView, redRecipients } from './organization-view.js';
import type { AccessObject } from './policy.js';

/** The reach of an object: everyone (CLEAR/GREEN), or the organizations and named users it reaches. */
export type Reach = { everyone: 'public' | 'members' | null; organizations: { id: string; name: string }[]; users: number };

/** Computes the reach of a (not yet written) published object. */
export async function reachOf(db: Executor, object: Omit<AccessObject, 'status'>): Promise<Reach> {
  const published: AccessObject = { ...object, status: 'published' };
  const standings = await loadOrganizationStandings(db);
  const organizations = [...standings.values()]
    .filter((org) => org.kind !== 'cert' && org.memberUserIds.length > 0 && organizationCanView(org, published))
    .map((org) => ({ id: org.id, name: org.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const everyone = object.tlp === 'clear' ? 'public' : object.tlp === 'green' ? 'members' : null;
  return { everyone, organizations, users: object.tlp === 'red' ? object.audience.users.length : 0 };
}

/** Whether the reach is empty: nobody outside the CERT would receive the object. */
export function reachesNobody(reach: Reach): boolean {
  return reach.everyone === null && reach.organizations.length === 0 && reach.users === 0;
}

/** The people and organizations an object would reach once published. */
export type Recipients = { organizationIds: string[]; userIds: string[] };

/**
 * Who would receive a (not yet written) published object: every active member of each organization
 * the policy lets see it, and for TLP:RED only the named recipients and the author. The CERT is
 * counted, since its members are notified too. Answered by `organizationCanView`/`redRecipients`.
 */
export async function recipientsOf(db: Executor, object: Omit<AccessObject, 'status'>): Promise<Recipients> {
  const published: AccessObject = { ...object, status: 'published' };
  const organizationIds: string[] = [];
  const userIds = new Set<string>();
  for (const org of (await loadOrganizationStandings(db)).values()) {
    if (org.memberUserIds.length === 0 || !organizationCanView(org, published)) continue;
    organizationIds.push(org.id);
    for (const id of published.tlp === 'red' ? redRecipients(org, published) : org.memberUserIds) userIds.add(id);
  }
  return { organizationIds, userIds: [...userIds] };
}
