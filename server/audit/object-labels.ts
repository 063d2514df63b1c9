/**
 * What an audit entry's object is called today, so the trail reads "Organisation Stadt Erfurt", not a
 * UUID. Only directory objects are named (organizations, users, sharing groups, feed sources, API
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

/**
 * The current name of each entry's object, one query per object type on the page.
 * @returns `type|id` → name, for the entries whose object is named and still exists
 */
export async function auditObjectNames(db: Executor, entries: readonly { objectType: string | null; objectId: string | null }[]): Promise<Map<string, string>> {
  const idsByType = new Map<string, Set<string>>();
  for (const { objectType, objectId } of entries) {
    if (!objectType || !objectId || !NAMES[objectType] || !UUID.test(objectId)) continue;
    const ids = idsByType.get(objectType) ?? new Set<string>();
    ids.add(objectId.toLowerCase());
    idsByType.set(objectType, ids);
  }
  const names = new Map<string, string>();
  for (const [type, ids] of idsByType) {
    for (const [id, name] of await NAMES[type]!(db, [...ids])) names.set(`${type}|${id}`, name);
  }
  return names;
}

/** The key {@link auditObjectNames} files an entry's object name under. */
export function auditObjectKey(entry: { objectType: string | null; objectId: string | null }): string {
  return `${entry.objectType ?? ''}|${(entry.objectId ?? '').toLowerCase()}`;
}
