/**
 * Optimistic concurrency for every editable resource (RFC 9110 §8.8.3 ETag, §13.1.1 If-Match):
 * a read or write answers with a strong ETag of the representation it sends; a write that carries
 * `If-Match` proceeds only while that ETag is still current, else it answers 412 with the current
 * version, so two people editing one draft never silently overwrite each other.
 *
 * A write WITHOUT If-Match still proceeds (API clients and scripts written before ETags keep
 * working); the web client always sends it. Documented in README and the OpenAPI document.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';

/** What a request's If-Match asks for: nothing (absent), any current version (`*`), or one of these strong tags. */
export type IfMatch = null | '*' | readonly string[];

/** The strong ETag of a JSON representation: a hash of exactly the bytes `res.json` sends for it. */
export function etagOf(representation: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(representation) ?? '').digest('base64url').slice(0, 32)}"`;
}

/**
 * Parses an If-Match header. Weak tags (`W/"…"`) are kept but never match: If-Match uses the
 * strong comparison.
 * @throws AppError VALIDATION_FAILED for a header that holds no entity tag at all
 */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined || header.trim() === '') return null;
  if (header.trim() === '*') return '*';
  const tags = header.match(/(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"/g);
  if (!tags) throw new AppError('VALIDATION_FAILED', 'If-Match must hold entity tags such as "abc…" (from the ETag header) or *.', [{ path: 'If-Match', message: 'Expected an entity tag' }]);
  return tags;
}

/**
 * Lets a write proceed when If-Match is absent, `*`, or names the current representation's ETag.
 * @throws AppError PRECONDITION_FAILED carrying the current representation and its ETag
 */
export function assertIfMatch(ifMatch: IfMatch, current: unknown): void {
  if (ifMatch === null || ifMatch === '*') return;
  const etag = etagOf(current);
  if (ifMatch.includes(etag)) return;
  throw new AppError(
    'PRECONDITION_FAILED',
    'Someone else saved a newer version meanwhile. Nothing was changed: load the current version (in `current`), apply your changes to it and send its ETag.',
    undefined,
    { ETag: etag },
    { current, etag },
  );
}

/**
 * Serializes conditional writes to one resource inside this process, so the If-Match check and the
 * write it guards cannot interleave with another request's (resources whose service checks under a
 * row lock, such as advisories, need no such queue).
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
