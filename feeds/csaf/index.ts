/**
 * Public surface of the CSAF consumer: the `csaf-provider` adapter for the feed registry and the
 * pieces the CLI import (`npm run feeds -- import <file…>`) needs for local CSAF files.
 */
import type { FeedItemDraft, QuarantinedDocument } from '../feed.js';
import { CsafParseError, type ParseCsafOptions } from './csaf.parse.js';
import { CsafVerificationError, verifyHash, type HashAlgorithm } from './csaf.verify.js';
import { acceptCsafDocument, CsafUnacceptableError } from './csaf.accept.js';
import { quarantineOf } from './csaf.feed.js';

export { csafProviderAdapter, CsafOptionsSchema } from './csaf.feed.js';
export { CsafParseError, parseCsafDocument, type ParseCsafOptions } from './csaf.parse.js';
export { CsafVerificationError, validateCsafDocument } from './csaf.verify.js';

export { acceptCsafDocument, acceptanceGap, repairCsaf, CsafUnacceptableError, type CsafFinding } from './csaf.accept.js';

/** Hash files found beside a local CSAF file (`<file>.sha256`, `<file>.sha512`). */
export type CsafSidecars = Partial<Record<HashAlgorithm, string>>;

/**
 * A local CSAF file (bytes) → an item (with findings when it fails the schema or mandatory tests
 * but can be accepted), or a quarantine entry when a hash file beside it does not match or it cannot
 * be accepted even with findings (no tracking id, no title, nothing affected). The
 * signature is not checked (no provider key is known for a local file).
 * @throws CsafParseError (not JSON).
 */
export async function importCsafDocument(input: string | Buffer, options: ParseCsafOptions & { ref?: string; sidecars?: CsafSidecars } = {}): Promise<{ item: FeedItemDraft } | { quarantine: QuarantinedDocument }> {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8');
  for (const algorithm of ['sha512', 'sha256'] as const) {
    const hashFile = options.sidecars?.[algorithm];
    if (hashFile === undefined) continue;
    try {
      verifyHash(new Uint8Array(bytes), hashFile, algorithm);
    } catch (error) {
      if (error instanceof CsafVerificationError) return { quarantine: quarantineOf(options.ref ?? '(file)', bytes, 'hash', error.message) };
      throw error;
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw new CsafParseError(`Not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return { item: (await acceptCsafDocument(json, options)).item };
  } catch (error) {
    if (error instanceof CsafUnacceptableError) return { quarantine: quarantineOf(options.ref ?? '(file)', bytes, 'unacceptable', error.message) };
    throw error;
  }
}
