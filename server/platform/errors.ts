/**
 * The closed catalog of error codes. Each has its HTTP status and a stable problem `type` URI
 * (documented in docs/errors.md; a test keeps the two in sync).
 */
export const ERROR_CATALOG = {
  /** Request body, query or params failed validation; `errors` lists every issue. */
  VALIDATION_FAILED: { status: 400, title: 'Validation failed' },
  /** The body is not valid JSON. */
  MALFORMED_JSON: { status: 400, title: 'Malformed JSON body' },
  /**
   * The body is not well-formed UTF-8, or a string in it holds a lone UTF-16 surrogate (`"\ud800"`):
   * text that would be stored altered. `errors` names the field of a surrogate.
   */
  MALFORMED_TEXT: { status: 400, title: 'Malformed text' },
  /** No valid session or token. */
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  /** E-mail or password wrong (deliberately not saying which). */
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials' },
  /** Password was right, a TOTP code is needed as well. */
  TOTP_REQUIRED: { status: 401, title: 'Second factor required' },
  /** A TOTP or recovery code was given but is wrong, expired or already used. */
  TOTP_INVALID: { status: 401, title: 'Second factor invalid' },
  /**
   * A SAML response was rejected at the ACS: bad or missing signature, wrong audience or recipient,
   * outside its validity window, replayed, or not answering a request of this session. The reason is
   * audited (`session.saml.rejected`); the response names only the category, never assertion content.
   */
  SAML_RESPONSE_INVALID: { status: 401, title: 'SAML response rejected' },
  /** A password reset token is unknown, expired or already used. */
  RESET_TOKEN_INVALID: { status: 400, title: 'Reset token invalid or expired' },
  /**
   * Too many failed logins for this address, device or client address: wait `Retry-After` seconds
   * (or reset the password). Answered alike for existing and unknown addresses; never a lockout.
   */
  LOGIN_THROTTLED: { status: 429, title: 'Too many failed logins' },
  /** Logged in with a one-time password: choose a new password (POST /api/v1/me/password) first. */
  PASSWORD_CHANGE_REQUIRED: { status: 403, title: 'Password change required' },
  /** A cookie-authenticated state-changing request without a valid X-CSRF-Token. */
  CSRF_TOKEN_INVALID: { status: 403, title: 'CSRF token missing or invalid' },
  /** Authenticated, and the object is visible, but the action is not allowed for this principal. */
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  /** Lowering an object's TLP without the capability to do so. */
  TLP_DOWNGRADE_NOT_ALLOWED: { status: 403, title: 'TLP downgrade not allowed' },
  /** Not found, or not visible to the principal: existence is never confirmed. */
  NOT_FOUND: { status: 404, title: 'Not found' },
  /** The resource conflicts with existing state (e.g. a duplicate). */
  CONFLICT: { status: 409, title: 'Conflict' },
  /**
   * `If-Match` names a version that is no longer current (someone else saved meanwhile): nothing was
   * changed; the answer carries the current version (`current`) and its `etag` (also as ETag header).
   */
  PRECONDITION_FAILED: { status: 412, title: 'Precondition failed' },
  /** The action is not possible in the object's current state (e.g. publishing a withdrawn advisory). */
  INVALID_STATE: { status: 409, title: 'Invalid state' },
  /** Publishing TLP:AMBER or AMBER+STRICT without any organization or sharing group in the audience. */
  AUDIENCE_REQUIRED: { status: 422, title: 'Audience required' },
  /** Publishing a revision (version 2 on) without a change note saying what changed and why. */
  CHANGE_NOTE_REQUIRED: { status: 422, title: 'Change note required' },
  GERMAN_TEXT_REQUIRED: { status: 422, title: 'German text required' },
  /** The request body exceeds the configured limit. */
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  /** The request's Content-Type is not accepted here. */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  /**
   * A share contains indicators flagged for its TLP (private or special-purpose address, the
   * reporter's own identifier, personal data, a benign service, a test hash, the reporter's stricter
   * label) without a per-item override and reason; `errors` names each item.
   */
  SHARE_ITEMS_FLAGGED: { status: 422, title: 'Share contains flagged items' },
  /**
   * Promoting a feed item whose indicators are on a warninglist (private address, empty-file hash,
   * well-known service…) without `warningOverride.reason`; `errors` names each flagged indicator.
   */
  INDICATORS_FLAGGED: { status: 422, title: 'Indicators on a warninglist' },
  /** A share whose TLP and audience would reach no organization outside the CERT. */
  SHARE_REACHES_NOBODY: { status: 422, title: 'Share reaches nobody' },
  /** Well-formed but semantically invalid content (e.g. a STIX object breaking a spec rule). */
  UNPROCESSABLE_CONTENT: { status: 422, title: 'Unprocessable content' },
  /**
   * A user-configured URL (a webhook) points to a loopback, private, link-local or metadata address,
   * or a local host name, and is not on the settings allow-list (SSRF guard).
   */
  ADDRESS_NOT_ALLOWED: { status: 422, title: 'Address not allowed' },
  /** Too many requests from this client. */
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  /** An upstream feed could not be fetched or verified (jobs and run-now only). */
  FEED_UNAVAILABLE: { status: 502, title: 'Feed unavailable' },
  /** The database is not reachable (restarting, connection lost); nothing of the request was stored: retry it. */
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  /** The server's storage for files (attachments) is full; nothing of the request was stored. */
  INSUFFICIENT_STORAGE: { status: 507, title: 'Insufficient storage' },
  /** Anything unexpected; the cause is logged, never returned. */
  INTERNAL: { status: 500, title: 'Internal server error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/**
 * One field-level problem, as returned in `errors` of a problem+json body. `message` is English;
 * `code` (zod's issue code) and `params` (its limits, or `key` naming one of our own checks) let a
 * client say it in the reader's language.
 */
export type FieldProblem = { path: string; message: string; code?: string; params?: Record<string, string | number | boolean> };

/** Problem `type` URI of a code: stable, documented in docs/errors.md. */
export function problemType(code: ErrorCode): string {
  return `https://lagebild.cert-thueringen.de/problems/${code.toLowerCase().replaceAll('_', '-')}`;
}

/** The one error class services and access/ throw; the error handler maps it to problem+json. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    detail?: string,
    readonly errors?: FieldProblem[],
    /** Response headers the answer needs (Retry-After of a 429). */
    readonly headers?: Readonly<Record<string, string>>,
    /** RFC 9457 extension members of the answer (the current version of a 412). */
    readonly extensions?: Readonly<Record<string, unknown>>,
  ) {
    super(detail ?? ERROR_CATALOG[code].title);
    this.name = 'AppError';
    this.status = ERROR_CATALOG[code].status;
  }
}

/** Shorthand for the not-found-or-invisible case. */
export function notFound(what = 'Resource'): AppError {
  return new AppError('NOT_FOUND', `${what} not found or not accessible.`);
}
