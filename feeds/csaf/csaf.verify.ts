/**
 * Integrity and validity checks for CSAF documents (CSAF 2.0 §7.1.18 hashes, §7.1.19 signatures,
 * §7.3 "verify before processing"; validator: @secvisogram/csaf-validator-lib, STACK.md).
 *
 * - Hash files: content starts with the hex digest, optionally followed by whitespace and the
 *   file name (`sha256sum` output).
 * - OpenPGP: detached, armored `.asc` over the exact document bytes, checked against the keys
 *   published in provider-metadata.json `public_openpgp_keys[]`; a key only counts if its
 *   fingerprint (primary or subkey) equals the one the metadata states.
 * - Validator: CSAF 2.0 strict schema + all mandatory tests (`basic.js`, two corrected in
 *   `csaf.mandatory-fixes.ts`). Optional and informative
 *   tests are not run (the informative ones go to the network and need hunspell).
 */
import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import validate, { type CsafTest } from '@secvisogram/csaf-validator-lib/validate.js';
import * as basic from '@secvisogram/csaf-validator-lib/basic.js';
import { mandatoryTest_6_1_21, mandatoryTest_6_1_26_values } from './csaf.mandatory-fixes.js';

export type HashAlgorithm = 'sha256' | 'sha512';

/** A failed check of one document; `message` is the precise reason shown to the analyst. */
export class CsafVerificationError extends Error {
  override readonly name = 'CsafVerificationError';
  constructor(
    message: string,
    readonly check: 'hash' | 'signature' | 'validation' | 'json',
  ) {
    super(message);
  }
}

const HEX_LENGTH: Readonly<Record<HashAlgorithm, number>> = { sha256: 64, sha512: 128 };

/** The digest a hash file states (lower case), or a verification error if there is none. */
export function parseHashFile(content: string, algorithm: HashAlgorithm): string {
  const first = content.trim().split(/\s+/)[0] ?? '';
  if (!new RegExp(`^[0-9a-fA-F]{${HEX_LENGTH[algorithm]}}$`).test(first)) {
    throw new CsafVerificationError(`The ${algorithm} file does not start with a ${HEX_LENGTH[algorithm]}-digit hex digest`, 'hash');
  }
  return first.toLowerCase();
}

/** Throws unless `body` hashes to the digest in `hashFile`. */
export function verifyHash(body: Uint8Array, hashFile: string, algorithm: HashAlgorithm): void {
  const expected = parseHashFile(hashFile, algorithm);
  const actual = createHash(algorithm).update(body).digest('hex');
  if (actual !== expected) throw new CsafVerificationError(`${algorithm} mismatch: file states ${expected}, document hashes to ${actual}`, 'hash');
}

const normalizeFingerprint = (value: string): string => value.replace(/[\s:]/g, '').toLowerCase();

/**
 * Reads the armored public key(s) at one `public_openpgp_keys[]` entry and keeps those whose
 * primary or subkey fingerprint equals `fingerprint`.
 * @throws CsafVerificationError if the text holds no key or no key with that fingerprint.
 */
export async function readProviderKeys(armored: string, fingerprint: string | undefined): Promise<openpgp.Key[]> {
  let keys: openpgp.Key[];
  try {
    keys = await openpgp.readKeys({ armoredKeys: armored });
  } catch (error) {
    throw new CsafVerificationError(`Not an OpenPGP public key: ${error instanceof Error ? error.message : String(error)}`, 'signature');
  }
  if (fingerprint === undefined) throw new CsafVerificationError('provider-metadata.json gives no fingerprint for this key', 'signature');
  const wanted = normalizeFingerprint(fingerprint);
  const matching = keys.filter((key) => [key, ...key.getSubkeys()].some((k) => k.getFingerprint().toLowerCase() === wanted));
  if (matching.length === 0) {
    const found = keys.map((key) => key.getFingerprint().toUpperCase()).join(', ');
    throw new CsafVerificationError(`Key fingerprint mismatch: metadata states ${wanted.toUpperCase()}, key file holds ${found}`, 'signature');
  }
  return matching;
}

/** Throws unless `armoredSignature` is a valid detached signature over `body` by one of `keys`. */
export async function verifySignature(body: Uint8Array, armoredSignature: string, keys: readonly openpgp.Key[]): Promise<void> {
  if (keys.length === 0) throw new CsafVerificationError('No verified provider key to check the signature against', 'signature');
  let signature: openpgp.Signature;
  try {
    signature = await openpgp.readSignature({ armoredSignature });
  } catch (error) {
    throw new CsafVerificationError(`Unreadable OpenPGP signature: ${error instanceof Error ? error.message : String(error)}`, 'signature');
  }
  const message = await openpgp.createMessage({ binary: body });
  const result = await openpgp.verify({ message, signature, verificationKeys: [...keys], format: 'binary' });
  const reasons: string[] = [];
  for (const entry of result.signatures) {
    try {
      await entry.verified;
      return;
    } catch (error) {
      reasons.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new CsafVerificationError(`Bad OpenPGP signature: ${reasons.join('; ') || 'no signature packet'}`, 'signature');
}

// The library's tests, with 6.1.21 replaced and 6.1.26 complemented (see csaf.mandatory-fixes.ts).
const TESTS: CsafTest[] = [
  ...Object.values(basic).filter((test) => test.name !== 'mandatoryTest_6_1_21'),
  mandatoryTest_6_1_21,
  mandatoryTest_6_1_26_values,
];

export type CsafValidationResult = { valid: boolean; failures: { test: string; path: string; message: string }[] };

/** Runs the CSAF 2.0 strict schema and every mandatory test. */
export async function validateCsafDocument(document: unknown): Promise<CsafValidationResult> {
  let result: Awaited<ReturnType<typeof validate>>;
  try {
    result = await validate(TESTS, document);
  } catch (error) {
    return { valid: false, failures: [{ test: 'validator', path: '', message: error instanceof Error ? error.message : String(error) }] };
  }
  const failures = result.tests
    .filter((test) => !test.isValid)
    .flatMap((test) => (test.errors.length > 0 ? test.errors : [{ instancePath: '', message: 'failed' }]).map((e) => ({ test: test.name, path: e.instancePath, message: e.message })));
  return { valid: result.isValid && failures.length === 0, failures };
}

/** Throws a {@link CsafVerificationError} naming the first failed tests unless the document is valid CSAF. */
export async function assertValidCsaf(document: unknown): Promise<void> {
  const { valid, failures } = await validateCsafDocument(document);
  if (valid) return;
  const shown = failures.slice(0, 5).map((f) => `${f.test} ${f.path || '/'}: ${f.message}`);
  const more = failures.length > 5 ? ` (+${failures.length - 5} more)` : '';
  throw new CsafVerificationError(`Invalid CSAF: ${shown.join('; ')}${more}`, 'validation');
}
