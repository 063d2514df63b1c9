/**
 * The MISP warninglist format (github.com/MISP/misp-warninglists `schema.json`): a named list of
 * values of one matching `type`, optionally restricted to some MISP attribute types. Bundled lists,
 * an organization's own identifiers and an incident's personal data all use this one shape.
 */
import { z } from 'zod';

/** How a list's entries are compared with a value (MISP semantics, see `matchers.ts`). */
export const WARNINGLIST_TYPES = ['string', 'substring', 'hostname', 'cidr', 'regex'] as const;
export type WarninglistType = (typeof WARNINGLIST_TYPES)[number];

/** One list in MISP's own JSON format (`additionalProperties: false`, as the upstream schema). */
export const WarninglistSchema = z.strictObject({
  name: z.string().min(1).max(500),
  description: z.string().max(5_000),
  version: z.number().int(),
  type: z.enum(WARNINGLIST_TYPES),
  /** MISP attribute types the list applies to; absent or empty: every type. */
  matching_attributes: z.array(z.string().min(1).max(100)).max(200).optional(),
  list: z.array(z.string().max(10_000)).max(1_000_000),
});
export type Warninglist = z.infer<typeof WarninglistSchema>;

/**
 * Why a value is flagged, as Lagebild groups the lists. The sharing dialog and the feed inbox show
 * the category (translated); the list's own name says which list.
 */
export const WARNING_CATEGORIES = [
  /** Private, loopback, link-local, documentation, multicast or reserved address; special-use or top-level domain name. */
  'special-purpose',
  /** Hash of an empty file, of the EICAR test file, or a known false-positive hash. */
  'test-or-empty-hash',
  /** A well-known legitimate service (cloud, CDN, search, certificate revocation, popular sites, URL shorteners). */
  'benign-service',
  /** Known research scanners and sinkholes: seen everywhere, not an attacker of their own. */
  'scanner-or-sinkhole',
  /** The reporting organization's own domains, e-mail domains, address ranges or names. */
  'own-identifier',
  /** Names, e-mail addresses and phone numbers of people (reporter, contacts) or role mailboxes. */
  'personal-data',
] as const;
export type WarningCategory = (typeof WARNING_CATEGORIES)[number];

/** A list with what Lagebild knows about it: its id (folder name upstream), category and provenance. */
export type CategorizedWarninglist = {
  id: string;
  category: WarningCategory;
  /** `misp`: bundled from misp-warninglists; `lagebild`: our own small lists; `organization` / `incident`: built at check time. */
  source: 'misp' | 'lagebild' | 'organization' | 'incident';
  /** Compare as if the list had this type (see catalog.ts for why a list is overridden). */
  matchAs?: WarninglistType;
  /**
   * The list's name in both UI languages, for lists Lagebild builds itself; `list.name` (MISP's single
   * string) then carries the English one. Bundled lists keep their upstream English name.
   */
  title?: { de: string; en: string };
  list: Warninglist;
};
