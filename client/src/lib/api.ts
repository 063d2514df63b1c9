/**
 * Typed fetch wrapper for the Lagebild REST API (`/api/v1`).
 *
 * - Every non-2xx answer becomes an `ApiError`, parsed from RFC 9457 problem+json when the
 *   server sends one (`{type, title, status, detail, code, errors?}`).
 * - State-changing requests (POST, PUT, PATCH, DELETE) carry the CSRF token from the session
 *   in `X-CSRF-Token`. The session code stores it with `setCsrfToken`; a request refused with
 *   CSRF_TOKEN_INVALID renews the token from /me and is retried once.
 * - A 401 on a request made while logged in is reported to `onUnauthorized` listeners so the
 *   session can end cleanly (expired cookie, logout in another tab).
 */

export interface FieldError {
  path: string;
  /** English; lib/field-problems.ts words it from `code` and `params` in the reader's language. */
  message: string;
  code?: string;
  params?: Record<string, string | number | boolean>;
}

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
  current?: unknown;
  etag?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  /** Seconds from a `Retry-After` header (429/503), when the server sent one. */
  readonly retryAfter: number | undefined;
  /** A 412's current version and its ETag (PRECONDITION_FAILED): what someone else saved meanwhile. */
  readonly current: unknown;
  readonly etag: string | undefined;

  constructor(status: number, problem: ProblemDetails, retryAfter?: number) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`);
    this.type = problem.type ?? 'about:blank';
    this.title = problem.title ?? `HTTP ${status}`;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.retryAfter = retryAfter;
    this.current = problem.current;
    this.etag = problem.etag;
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

const API_BASE = '/api/v1';
const SAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['GET']);

/** 401 answers about a credential the user just typed (current password, TOTP code), not about the session. */
const CREDENTIAL_CHECK_CODES: ReadonlySet<string> = new Set(['INVALID_CREDENTIALS', 'TOTP_INVALID', 'TOTP_REQUIRED']);

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Registers a listener for 401 answers; returns the unsubscribe function. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const url = path.startsWith('/api/') ? path : `${API_BASE}${path.startsWith('/') ? '' : '/'}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

function isJson(contentType: string | null): boolean {
  return contentType !== null && /\bjson\b/i.test(contentType);
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function normalizeFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  const result: FieldError[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { path, message, code, params } = item as { path?: unknown; message?: unknown; code?: unknown; params?: unknown };
    const pathText = Array.isArray(path) ? path.map(String).join('.') : typeof path === 'string' ? path : '';
    if (typeof message !== 'string') continue;
    // code and params let lib/field-problems.ts word the problem in the reader's language.
    const wording: Pick<FieldError, 'code' | 'params'> = {};
    if (typeof code === 'string') wording.code = code;
    if (typeof params === 'object' && params !== null && !Array.isArray(params)) {
      const kept = Object.entries(params).filter((entry): entry is [string, string | number | boolean] => ['string', 'number', 'boolean'].includes(typeof entry[1]));
      if (kept.length > 0) wording.params = Object.fromEntries(kept);
    }
    result.push({ path: pathText, message, ...wording });
  }
  return result;
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  let problem: ProblemDetails = { title: response.statusText || undefined };
  if (isJson(response.headers.get('Content-Type'))) {
    try {
      const body = (await response.json()) as Record<string, unknown>;
      problem = {
        type: typeof body.type === 'string' ? body.type : undefined,
        title: typeof body.title === 'string' ? body.title : problem.title,
        status: typeof body.status === 'number' ? body.status : response.status,
        detail: typeof body.detail === 'string' ? body.detail : undefined,
        code: typeof body.code === 'string' ? body.code : undefined,
        errors: normalizeFieldErrors(body.errors),
        current: body.current,
        etag: typeof body.etag === 'string' ? body.etag : undefined,
      };
    } catch {
      // a broken error body is still an error; keep the status
    }
  }
  return new ApiError(response.status, problem, retryAfter);
}

/** Fetches a fresh CSRF token for the current session (after CSRF_TOKEN_INVALID). */
async function refreshCsrfToken(): Promise<boolean> {
  try {
    const response = await fetch(buildUrl('/me'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) return false;
    const body = (await response.json()) as { csrfToken?: unknown };
    if (typeof body.csrfToken !== 'string' || body.csrfToken === '') return false;
    csrfToken = body.csrfToken;
    return true;
  } catch {
    return false;
  }
}

export async function apiRequest<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
  return (await versionedRequest<T>(method, path, options)).body;
}

/**
 * Like `apiRequest`, with the answer's ETag: send it back as `If-Match` on the next write, and a
 * stale write fails with 412 PRECONDITION_FAILED (`ApiError.current`, `ApiError.etag`).
 */
export async function versionedRequest<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<{ body: T; etag: string | null }> {
  try {
    return await send<T>(method, path, options);
  } catch (error) {
    // The token can go stale (session renewed in another tab); renew it once and retry.
    const csrfRejected = error instanceof ApiError && error.status === 403 && error.code === 'CSRF_TOKEN_INVALID';
    if (!csrfRejected || SAFE_METHODS.has(method) || !(await refreshCsrfToken())) throw error;
    return send<T>(method, path, options);
  }
}

async function send<T>(method: HttpMethod, path: string, options: RequestOptions): Promise<{ body: T; etag: string | null }> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { title: 'Network error', detail: cause instanceof Error ? cause.message : undefined });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && csrfToken !== null && !CREDENTIAL_CHECK_CODES.has(error.code)) {
      for (const listener of unauthorizedListeners) listener();
    }
    throw error;
  }
  // Only a strong ETag names a version (the API's conditional writes); a weak one (W/…, e.g. the
  // HTTP server's own for a route without versions) must never be sent back as If-Match.
  const header = response.headers.get('ETag');
  const etag = header && !header.startsWith('W/') ? header : null;
  if (response.status === 204 || response.status === 205) return { body: undefined as T, etag };
  if (!isJson(response.headers.get('Content-Type'))) return { body: (await response.text()) as T, etag };
  return { body: (await response.json()) as T, etag };
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => apiRequest<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => apiRequest<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => apiRequest<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => apiRequest<T>('PATCH', path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => apiRequest<T>('DELETE', path, options),
};
