/**
 * What happens to a CSAF document after its integrity is established (hash, signature — see
 * `csaf.verify.ts`; integrity failures are quarantined, never ingested): nothing is dropped
 * silently.
 *
 * - Valid (CSAF 2.0 strict schema + mandatory tests): an item.
 * - Invalid, but it carries a tracking id, a title and at least one vulnerability or product:
 *   an item **with findings** (every failed test with path and message). Real vendors publish
 *   such documents — Fortinet's dates without offset, Red Hat's undeclared product ids, empty
 *   lists — and a CERT cannot afford to lose a heap overflow to a date format. The findings are
 *   shown on the card and counted in the run; such an item is never promoted automatically.
 *   Before mapping, the shapes real documents get wrong are repaired leniently (nested
 *   `vulnerabilities` lists are flattened, entries that are not objects dropped).
 * - Anything less (no tracking id, no title, nothing affected): rejected with the reason.
 */
import type { FeedItemDraft } from '../feed.js';
import { CsafParseError, parseCsafDocument, type ParseCsafOptions } from './csaf.parse.js';
import { validateCsafDocument } from './csaf.verify.js';

/** One failed check, as stored on the item. */
export type CsafFinding = { test: string; path: string; message: string };

const MAX_FINDINGS = 200;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function flatObjects(value: unknown, depth = 0): Record<string, unknown>[] {
  if (isObject(value)) return [value];
  if (!Array.isArray(value) || depth > 5) return [];
  return value.flatMap((entry) => flatObjects(entry, depth + 1));
}

/** A copy with the shapes real documents get wrong repaired, for mapping only (the stored document is the original). */
export function repairCsaf(raw: Record<string, unknown>): Record<string, unknown> {
  const repaired: Record<string, unknown> = { ...raw };
  const document = isObject(raw.document) ? raw.document : {};
  const tracking = isObject(document.tracking) ? document.tracking : {};
  const publisher = isObject(document.publisher) ? document.publisher : {};
  const textOr = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() !== '' ? value : fallback);
  repaired.document = {
    ...document,
    category: textOr(document.category, 'csaf_base'),
    csaf_version: textOr(document.csaf_version, '2.0'),
    publisher: { ...publisher, name: textOr(publisher.name, ''), namespace: textOr(publisher.namespace, '') },
    tracking: { ...tracking, version: textOr(tracking.version, '0'), initial_release_date: textOr(tracking.initial_release_date, ''), current_release_date: textOr(tracking.current_release_date, '') },
  };
  if (raw.vulnerabilities !== undefined) repaired.vulnerabilities = flatObjects(raw.vulnerabilities);
  const productTree = raw.product_tree;
  if (isObject(productTree)) {
    repaired.product_tree = {
      ...productTree,
      ...(productTree.branches !== undefined ? { branches: flatObjects(productTree.branches) } : {}),
      ...(productTree.full_product_names !== undefined ? { full_product_names: flatObjects(productTree.full_product_names) } : {}),
      ...(productTree.relationships !== undefined ? { relationships: flatObjects(productTree.relationships) } : {}),
    };
  }
  return repaired;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Why a document that fails validation cannot even be accepted with findings, or undefined when it can. */
export function acceptanceGap(raw: Record<string, unknown>): string | undefined {
  const document = isObject(raw.document) ? raw.document : {};
  const tracking = isObject(document.tracking) ? document.tracking : {};
  const productTree = isObject(raw.product_tree) ? raw.product_tree : {};
  const missing: string[] = [];
  if (!text(tracking.id)) missing.push('a tracking id (/document/tracking/id)');
  if (!text(document.title)) missing.push('a title (/document/title)');
  const vulnerabilities = flatObjects(raw.vulnerabilities).length;
  const products = flatObjects(productTree.branches).length + flatObjects(productTree.full_product_names).length;
  if (vulnerabilities === 0 && products === 0) missing.push('a vulnerability or a product');
  return missing.length > 0 ? `It lacks ${missing.join(', ')}` : undefined;
}

export type CsafAcceptance = { item: FeedItemDraft; findings: CsafFinding[] };

/**
 * A document that fails the checks and lacks what acceptance needs (tracking id, title, something
 * affected): it is quarantined with this reason rather than dropped, so the CERT sees it.
 */
export class CsafUnacceptableError extends CsafParseError {}

/**
 * Validates and maps a document whose integrity is established.
 * @returns the item, with findings when the document failed checks but could be accepted
 * @throws CsafParseError naming every reason when it cannot be accepted at all
 */
export async function acceptCsafDocument(raw: unknown, options: ParseCsafOptions = {}, extraFindings: CsafFinding[] = []): Promise<CsafAcceptance> {
  if (!isObject(raw)) throw new CsafParseError('A CSAF document is a JSON object');
  const validation = await validateCsafDocument(raw);
  const findings = [...extraFindings, ...validation.failures].slice(0, MAX_FINDINGS);
  if (validation.valid && extraFindings.length === 0) return { item: parseCsafDocument(raw, options), findings: [] };
  const gap = acceptanceGap(raw);
  if (gap !== undefined) {
    const shown = validation.failures.slice(0, 3).map((f) => `${f.test} ${f.path || '/'}: ${f.message}`);
    throw new CsafUnacceptableError(`Invalid CSAF and not acceptable with findings: ${gap}. ${shown.join('; ')}${validation.failures.length > 3 ? ` (+${validation.failures.length - 3} more)` : ''}`);
  }
  const item = parseCsafDocument(repairCsaf(raw), options);
  return { item: { ...item, document: raw, findings }, findings };
}
