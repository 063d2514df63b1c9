/**
 * What an audit entry's object (and the organizations, users and sharing groups its details name by
 * id) is called today, so the trail reads "Organisation Stadt Erfurt", not a UUID. Only directory objects are named (organizations, users, sharing groups, feed sources, API
 * tokens): their names are not shared under TLP. Advisories, incidents, situation reports and feed
 * items keep their id only — their titles are content, and whether a reader of the trail may see them
 * is decided where they are read (server/access/), not here.
 */
import { feedSourceNames } from '../feeds/sources.js';
import { organizationNames, sharingGroupNames } from '../organizations/organizations.repo.js';
import type { Executor } from '../platform/db/client.js';
import { apiTokenNames } from '../tokens/tokens.service.js';
import { userLabels } from '../users/users.repo.js';

type NameLookup = (db: Executor, ids: readonly string[]) => Promise<Map<string, string>>;

/** The object types that are named, each by its owning slice. */
const NAMES: Readonly<Record<string, NameLookup>> = {
  organization: organizationNames,
  user: userLabels,
  sharing_group: sharingGroupNames,
  feed_source: feedSourceNames,
  api_token: apiTokenNames,
};

// Object ids are free text in the trail; only a UUID can be a row of the tables above.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Details that name a directory object by id ("Organisation: Stadt Erfurt", not its UUID). */
const DETAIL_TYPES: Readonly<Record<string, string>> = { organizationId: 'organization', organizationIds: 'organization', userId: 'user', sharingGroupId: 'sharing_group' };

type Entry = { objectType: string | null; objectId: string | null; details: Record<string, unknown> };

/** The key {@link auditNames} files a named object under. */
export function auditObjectKey(type: string | null, id: string | null): string {
  return `${type ?? ''}|${(id ?? '').toLowerCase()}`;
}

/** The directory objects an entry refers to: its object, and ids in its details. */
function referencesOf(entry: Entry): [string, string][] {
  const refs: [string, string][] = [];
  if (entry.objectType && entry.objectId && NAMES[entry.objectType]) refs.push([entry.objectType, entry.objectId]);
  for (const [key, type] of Object.entries(DETAIL_TYPES)) {
    const value = entry.details[key];
    for (const id of Array.isArray(value) ? value : [value]) if (typeof id === 'string') refs.push([type, id]);
  }
  return refs.filter(([, id]) => UUID.test(id));
}

/**
 * The current names of the directory objects the entries refer to, one query per object type on the page.
 * @returns `type|id` ({@link auditObjectKey}) → name, for those that still exist
 */
export async function auditNames(db: Executor, entries: readonly Entry[]): Promise<Map<string, string>> {
  const idsByType = new Map<string, Set<string>>();
  for (const [type, id] of entries.flatMap(referencesOf)) {
    const ids = idsByType.get(type) ?? new Set<string>();
    ids.add(id.toLowerCase());
    idsByType.set(type, ids);
  }
  const names = new Map<string, string>();
  for (const [type, ids] of idsByType) {
    for (const [id, name] of await NAMES[type]!(db, [...ids])) names.set(auditObjectKey(type, id), name);
  }
  return names;
}

/** The names of the ids in an entry's details, by id (what the client shows in the id's place). */
export function detailNamesOf(entry: Entry, names: ReadonlyMap<string, string>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [type, id] of referencesOf({ ...entry, objectType: null })) {
    const name = names.get(auditObjectKey(type, id));
    if (name) found[id] = name;
  }
  return found;
}
