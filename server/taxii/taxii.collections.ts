/**
 * The TAXII collections and who sees them. A collection is a TLP label plus, for AMBER, a sharing
 * group; whether a caller sees it is asked of the one policy (`canView`) with a representative
 * object of that label and audience, so the collection list can never disagree with the objects.
 *
 * | collection       | objects                                                         | visible to                       |
 * |------------------|-----------------------------------------------------------------|----------------------------------|
 * | `public`         | TLP:CLEAR                                                       | anyone                           |
 * | `community`      | TLP:GREEN                                                       | every authenticated member       |
 * | `amber`          | TLP:AMBER and AMBER+STRICT the caller may see (any addressing)  | every authenticated member       |
 * | one per group    | TLP:AMBER and AMBER+STRICT addressed to that sharing group      | the group's members and the CERT |
 *
 * Inside a collection every object is filtered once more by `visibleTo` (AMBER+STRICT, authors), so
 * `amber` holds different objects for different callers: what is addressed to their organization
 * (or a parent), their sharing groups, or authored by them. TLP:RED never leaves through TAXII.
 */
import { canView } from '../access/policy.js';
import { emptyAudience } from '../access/audience.js';
import type { TlpLevel } from '../access/tlp.js';
import { hasCapability, type Principal } from '../auth/principal.js';
import type { Executor } from '../platform/db/client.js';
import { listSharingGroups } from '../organizations/organizations.repo.js';
import { uuidV5 } from '../indicators/index.js';

export type TaxiiCollection = {
  id: string;
  alias: string;
  title: string;
  description: string;
  /** Labels of the objects in the collection. */
  levels: readonly TlpLevel[];
  /** The label of objects posted without a TLP marking. */
  defaultLevel: TlpLevel;
  sharingGroupId: string | null;
  /** The label whose rule decides who may read the collection (for `amber`: any member, as GREEN). */
  readableAs: TlpLevel;
};

export const PUBLIC_COLLECTION_ID = uuidV5('taxii/collection/public');
export const COMMUNITY_COLLECTION_ID = uuidV5('taxii/collection/community');
export const AMBER_COLLECTION_ID = uuidV5('taxii/collection/amber');

function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Every collection that exists: public, community, and one per sharing group. */
export async function allCollections(db: Executor): Promise<TaxiiCollection[]> {
  const groups = await listSharingGroups(db);
  return [
    { id: PUBLIC_COLLECTION_ID, alias: 'public', title: 'Öffentlich (TLP:CLEAR)', description: 'CERT-Thüringen objects for everyone: published TLP:CLEAR advisories, indicators and shared STIX objects.', levels: ['clear'], defaultLevel: 'clear', sharingGroupId: null, readableAs: 'clear' },
    { id: COMMUNITY_COLLECTION_ID, alias: 'community', title: 'Community (TLP:GREEN)', description: 'TLP:GREEN objects for every member of the Thuringian CERT network.', levels: ['green'], defaultLevel: 'green', sharingGroupId: null, readableAs: 'green' },
    { id: AMBER_COLLECTION_ID, alias: 'amber', title: 'TLP:AMBER für Sie', description: 'TLP:AMBER and TLP:AMBER+STRICT objects addressed to your organization, its parents or your sharing groups. Objects posted here reach the CERT and your organization.', levels: ['amber', 'amber+strict'], defaultLevel: 'amber', sharingGroupId: null, readableAs: 'green' },
    ...groups.map((group) => ({
      id: group.id,
      alias: `group-${slug(group.name)}`,
      title: `${group.name} (TLP:AMBER)`,
      description: `TLP:AMBER and TLP:AMBER+STRICT objects addressed to the sharing group ${group.name}.`,
      levels: ['amber', 'amber+strict'] as const,
      defaultLevel: 'amber' as const,
      sharingGroupId: group.id,
      readableAs: 'amber' as const,
    })),
  ];
}

/** Whether the principal may read the collection: the policy's answer for an object of its label and audience. */
export function canReadCollection(principal: Principal, collection: TaxiiCollection): boolean {
  const audience = collection.sharingGroupId ? { ...emptyAudience(), sharingGroups: [collection.sharingGroupId] } : emptyAudience();
  return canView(principal, { tlp: collection.readableAs, audience, authorOrganizationId: null, authorUserId: null, status: 'published' });
}

/** Whether the principal may add objects to the collection: it must read it and hold `taxii:write`. */
export function canWriteCollection(principal: Principal, collection: TaxiiCollection): boolean {
  return canReadCollection(principal, collection) && hasCapability(principal, 'taxii:write');
}

/** The collections the principal may read, in a stable order. */
export async function visibleCollections(db: Executor, principal: Principal): Promise<TaxiiCollection[]> {
  return (await allCollections(db)).filter((collection) => canReadCollection(principal, collection));
}

/** One collection by id (or alias) if the principal may read it; undefined otherwise (answered 404). */
export async function findVisibleCollection(db: Executor, principal: Principal, idOrAlias: string): Promise<TaxiiCollection | undefined> {
  const collection = (await allCollections(db)).find((candidate) => candidate.id === idOrAlias || candidate.alias === idOrAlias);
  return collection && canReadCollection(principal, collection) ? collection : undefined;
}
