/**
 * THE truth table of the TLP policy (DESIGN.md "TLP 2.0 in Lagebild"), shared by the policy unit
 * test, the visibleTo integration test and the route matrix, so the three cannot drift.
 *
 * The world: advisories authored by user `author` (a CERT analyst) of organization `cert`;
 * AMBER and AMBER+STRICT address organization `district` and sharing group `group`; RED names the
 * user `redRecipient`. `municipality` is a sub-organization of `district`; `utility` is a member
 * of `group`; `city` and `other` have no relation to the audience.
 */
import type { UserPrincipal } from '../../server/auth/principal.js';
import type { TlpLevel } from '../../server/access/tlp.js';
import type { AccessObject } from '../../server/access/policy.js';

export const PERSONAS = ['anonymous', 'certAnalyst', 'audienceMember', 'subOrgMember', 'groupMember', 'otherMember', 'redRecipient', 'author'] as const;
export type Persona = (typeof PERSONAS)[number];

/** Who sees a PUBLISHED object of each label. T = visible, - = invisible (404). */
// prettier-ignore
export const EXPECTED_PUBLISHED: Record<TlpLevel, Record<Persona, boolean>> = {
  //               anonymous  certAnalyst  audienceMember  subOrgMember  groupMember  otherMember  redRecipient  author
  'clear':        { anonymous: true,  certAnalyst: true,  audienceMember: true,  subOrgMember: true,  groupMember: true,  otherMember: true,  redRecipient: true,  author: true },
  'green':        { anonymous: false, certAnalyst: true,  audienceMember: true,  subOrgMember: true,  groupMember: true,  otherMember: true,  redRecipient: true,  author: true },
  'amber':        { anonymous: false, certAnalyst: true,  audienceMember: true,  subOrgMember: true,  groupMember: true,  otherMember: false, redRecipient: false, author: true },
  'amber+strict': { anonymous: false, certAnalyst: true,  audienceMember: true,  subOrgMember: false, groupMember: true,  otherMember: false, redRecipient: false, author: true },
  'red':          { anonymous: false, certAnalyst: false, audienceMember: false, subOrgMember: false, groupMember: false, otherMember: false, redRecipient: true,  author: true },
};

/** Who sees a DRAFT of each label: the author and CERT writers; a RED draft only its author (and named CERT writers). */
// prettier-ignore
export const EXPECTED_DRAFT: Record<TlpLevel, Record<Persona, boolean>> = {
  'clear':        { anonymous: false, certAnalyst: true,  audienceMember: false, subOrgMember: false, groupMember: false, otherMember: false, redRecipient: false, author: true },
  'green':        { anonymous: false, certAnalyst: true,  audienceMember: false, subOrgMember: false, groupMember: false, otherMember: false, redRecipient: false, author: true },
  'amber':        { anonymous: false, certAnalyst: true,  audienceMember: false, subOrgMember: false, groupMember: false, otherMember: false, redRecipient: false, author: true },
  'amber+strict': { anonymous: false, certAnalyst: true,  audienceMember: false, subOrgMember: false, groupMember: false, otherMember: false, redRecipient: false, author: true },
  'red':          { anonymous: false, certAnalyst: false, audienceMember: false, subOrgMember: false, groupMember: false, otherMember: false, redRecipient: false, author: true },
};

/** Fixed ids, so the SQL snapshot is stable. */
export const IDS = {
  org: {
    cert: '00000000-0000-4000-8000-000000000001',
    district: '00000000-0000-4000-8000-000000000002',
    municipality: '00000000-0000-4000-8000-000000000003',
    utility: '00000000-0000-4000-8000-000000000004',
    city: '00000000-0000-4000-8000-000000000005',
    other: '00000000-0000-4000-8000-000000000006',
  },
  group: '00000000-0000-4000-8000-0000000000a1',
  user: {
    certAnalyst: '00000000-0000-4000-8000-0000000000b1',
    audienceMember: '00000000-0000-4000-8000-0000000000b2',
    subOrgMember: '00000000-0000-4000-8000-0000000000b3',
    groupMember: '00000000-0000-4000-8000-0000000000b4',
    otherMember: '00000000-0000-4000-8000-0000000000b5',
    redRecipient: '00000000-0000-4000-8000-0000000000b6',
    author: '00000000-0000-4000-8000-0000000000b7',
  },
} as const;

type Org = keyof typeof IDS.org;
type UserPersona = Exclude<Persona, 'anonymous'>;

/** The organizations of the world: kind, parent, sharing-group membership. */
export const ORGANIZATIONS: { key: Org; kind: 'cert' | 'district' | 'municipality' | 'kritis_operator' | 'city'; parent?: Org; inGroup?: boolean }[] = [
  { key: 'cert', kind: 'cert' },
  { key: 'district', kind: 'district' },
  { key: 'municipality', kind: 'municipality', parent: 'district' },
  { key: 'utility', kind: 'kritis_operator', inGroup: true },
  { key: 'city', kind: 'city' },
  { key: 'other', kind: 'city' },
];

/** Each user persona's one membership. */
export const MEMBERSHIPS: Record<UserPersona, { org: Org; role: 'cert_analyst' | 'org_admin' | 'member' }> = {
  certAnalyst: { org: 'cert', role: 'cert_analyst' },
  audienceMember: { org: 'district', role: 'org_admin' },
  subOrgMember: { org: 'municipality', role: 'member' },
  groupMember: { org: 'utility', role: 'org_admin' },
  otherMember: { org: 'city', role: 'member' },
  redRecipient: { org: 'other', role: 'member' },
  author: { org: 'cert', role: 'cert_analyst' },
};

/** The object of a label as the policy sees it. */
export function accessObject(tlp: TlpLevel, status: AccessObject['status'] = 'published'): AccessObject {
  const amber = tlp === 'amber' || tlp === 'amber+strict';
  return {
    tlp,
    audience: {
      organizations: amber ? [IDS.org.district] : [],
      sharingGroups: amber ? [IDS.group] : [],
      users: tlp === 'red' ? [IDS.user.redRecipient] : [],
    },
    authorOrganizationId: IDS.org.cert,
    authorUserId: IDS.user.author,
    status,
  };
}

/** The principal of a user persona, built the way `loadUserPrincipal` would (no I/O). */
export function syntheticPrincipal(persona: UserPersona): UserPrincipal {
  const { org, role } = MEMBERSHIPS[persona];
  const organization = ORGANIZATIONS.find((candidate) => candidate.key === org)!;
  return {
    kind: 'user',
    userId: IDS.user[persona],
    email: `${persona.toLowerCase()}@matrix.test`,
    name: persona,
    locale: 'de',
    memberships: [{ organizationId: IDS.org[org], organizationName: org, organizationKind: organization.kind, parentOrganizationId: organization.parent ? IDS.org[organization.parent] : null, role }],
    organizationIds: [IDS.org[org]],
    ancestorOrganizationIds: organization.parent ? [IDS.org[organization.parent]] : [],
    sharingGroupIds: organization.inGroup ? [IDS.group] : [],
    isCert: organization.kind === 'cert',
    roles: [role],
    authenticatedBy: 'session',
    scopes: null,
  };
}
