/**
 * The closed catalog of error codes. Each has its HTTP status and a stable problem `type` URI
 * (documented in docs/errors.md; a test keeps the two in sync).
 */
export const ERROR_CATALOG = {
  /** Request body, query or params failed validation; `errors` lists every issue. */
  VALIDATION_FAILED: { status: 400, title: 'Validation failed' },
  /** The body is not valid JSON. */
  MALFORMED_JSON: { status: 400, title: 'Malformed JSON body' },
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
  /** Too many failed logins: the account is locked for a while. */
  ACCOUNT_LOCKED: { status: 423, title: 'Account temporarily locked' },
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
  /** The action is not possible in the object's current state (e.g. publishing a withdrawn advisory). */
  INVALID_STATE: { status: 409, title: 'Invalid state' },
  /** The request body exceeds the configured limit. */
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  /** The request's Content-Type is not accepted here. */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
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

/** One field-level problem, as returned in `errors` of a problem+json body. */
export type FieldProblem = { path: string; message: string };

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
