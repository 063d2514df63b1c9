/**
 * Public surface of the CSAF consumer: the `csaf-provider` adapter for the feed registry and the
 * pieces the CLI import (`npm run feeds -- import <file…>`) needs for local CSAF files.
 */
import type { FeedItemDraft } from '../feed.js';
import { CsafParseError, parseCsafDocument, type ParseCsafOptions } from './csaf.parse.js';
import { assertValidCsaf } from './csaf.verify.js';

export { csafProviderAdapter, CsafOptionsSchema } from './csaf.feed.js';
export { CsafParseError, parseCsafDocument, type ParseCsafOptions } from './csaf.parse.js';
export { CsafVerificationError, validateCsafDocument } from './csaf.verify.js';

/**
 * A local CSAF file (bytes or text) → feed item: JSON, CSAF 2.0 strict schema + mandatory tests,
 * mapping. No hash/signature check (a local file has none to compare with).
 * @throws CsafParseError (not JSON / not mappable) or CsafVerificationError (fails the validator).
 */
export async function importCsafDocument(input: string | Buffer, options: ParseCsafOptions = {}): Promise<FeedItemDraft> {
  let json: unknown;
  try {
    json = JSON.parse(input.toString()) as unknown;
  } catch (error) {
    throw new CsafParseError(`Not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  await assertValidCsaf(json);
  return parseCsafDocument(json, options);
}
