/**
 * Loads the bundled MISP warninglists from `lists/` once per process, validated by the format's
 * schema. A missing or malformed file is a packaging bug and fails loudly at the first check.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUNDLED_WARNINGLISTS, LAGEBILD_WARNINGLISTS } from './catalog.js';
import { WarninglistSchema, type CategorizedWarninglist } from './warninglist.schema.js';

const LISTS_DIR = fileURLToPath(new URL('./lists/', import.meta.url));

/** Reads and validates one bundled list by id (its folder name upstream). @throws Error when missing or invalid */
export function readBundledWarninglist(id: string): CategorizedWarninglist {
  const entry = Object.hasOwn(BUNDLED_WARNINGLISTS, id) ? BUNDLED_WARNINGLISTS[id] : undefined;
  if (!entry) throw new Error(`warninglist ${id} is not in the catalog`);
  const parsed = WarninglistSchema.safeParse(JSON.parse(readFileSync(`${LISTS_DIR}${id}.json`, 'utf8')));
  if (!parsed.success) throw new Error(`bundled warninglist ${id} is invalid: ${parsed.error.message}`);
  return { id, category: entry.category, source: 'misp', ...(entry.matchAs ? { matchAs: entry.matchAs } : {}), list: parsed.data };
}

/** Every bundled list of the catalog. */
export function readBundledWarninglists(): CategorizedWarninglist[] {
  return Object.keys(BUNDLED_WARNINGLISTS).map(readBundledWarninglist);
}

/** Lagebild's own lists (catalog.ts), in the MISP format. */
export function lagebildWarninglists(): CategorizedWarninglist[] {
  return Object.entries(LAGEBILD_WARNINGLISTS).map(([id, entry]) => ({
    id,
    category: entry.category,
    source: 'lagebild' as const,
    list: { name: entry.name, description: entry.reason.en, version: 1, type: entry.type, matching_attributes: entry.matchingAttributes, list: entry.entries },
  }));
}
