/**
 * The CSAF consumer's view of {@link FeedHttp}: adds the source's credentials (ROLIE feeds and
 * documents above TLP:WHITE are access-protected, CSAF 2.0 §7.1.16 / requirement 4) and parses
 * JSON. Credentials go only to the origin of the configured source URL, never to other hosts an
 * aggregator or a feed points at.
 *
 * Credentials (resolved from environment variables by the framework): `token` → `Authorization:
 * Bearer <token>`; `username` + `password` → HTTP Basic.
 */
import { FeedError, type FeedHttp, type FeedResponse } from '../feed.js';
import { authorizationHeader } from '../credentials.js';

export { authorizationHeader };

export const JSON_TYPES = ['application/json', 'application/csaf+json', 'application/feed+json'] as const;
export const TEXT_TYPES = ['text/plain', 'text/csv', 'application/octet-stream'] as const;
export const SIGNATURE_TYPES = ['application/pgp-signature', 'application/pgp-keys', 'text/plain', 'application/octet-stream'] as const;

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export type Validators = { etag?: string | undefined; lastModified?: string | undefined };

export class CsafClient {
  /** Requests made in this run (for logs and tests). */
  requests = 0;
  private readonly authOrigin: string | undefined;

  constructor(
    private readonly http: FeedHttp,
    sourceUrl: string,
    private readonly authorization: string | undefined,
  ) {
    this.authOrigin = originOf(sourceUrl);
  }

  async get(url: string, accept: readonly string[], validators: Validators = {}): Promise<FeedResponse> {
    const headers: Record<string, string> = {};
    if (this.authorization !== undefined && originOf(url) === this.authOrigin) headers.Authorization = this.authorization;
    this.requests += 1;
    return this.http.get(url, {
      accept,
      headers,
      ...(validators.etag !== undefined ? { etag: validators.etag } : {}),
      ...(validators.lastModified !== undefined ? { lastModified: validators.lastModified } : {}),
    });
  }

  /** GETs and parses JSON (a 304 returns `json: undefined`). */
  async getJson(url: string, validators: Validators = {}): Promise<{ response: FeedResponse; json: unknown }> {
    const response = await this.get(url, JSON_TYPES, validators);
    if (response.status === 304) return { response, json: undefined };
    return { response, json: parseJson(response.body, url) };
  }

  /**
   * GETs a file that may legitimately be absent (hash, signature, changes.csv): 404/410 → undefined.
   * Other failures (5xx after the fetcher's retries, 403, timeouts) still throw: a flaky hash file
   * must not make a document look as if it had none.
   */
  async getOptional(url: string, accept: readonly string[], validators: Validators = {}): Promise<FeedResponse | undefined> {
    try {
      return await this.get(url, accept, validators);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

/** True for the fetcher's "HTTP 404/410 from …" error. */
export function isNotFound(error: unknown): boolean {
  return error instanceof FeedError && error.code === 'http_error' && /^HTTP (404|410)\b/.test(error.message);
}

/** Parses JSON from a response body, as a {@link FeedError} `bad_document` when it is not JSON. */
export function parseJson(body: Buffer, url: string): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    throw new FeedError(`${url} is not JSON: ${error instanceof Error ? error.message : String(error)}`, 'bad_document');
  }
}
