/**
 * A failed request as what words it (lib/wording.ts): the API answers problem+json in English, so
 * the sentence is chosen by the problem's `code` (the catalog in server/platform/errors.ts) and
 * worded at render time in the reader's language. A caller that knows what it asked for names
 * sentences of its own for some codes ("this item has already been promoted" for INVALID_STATE of
 * a promotion). Only an answer with a code not known here shows the server's `detail`, marked as
 * the server's; an error that is no API answer (a bug) shows the general sentence, never its text.
 */
import type { MessageKey } from '../i18n';
import { ApiError } from './api';
import { wording, type Wording } from './wording';

/** The sentence for each code the server sends; the status decides for codes not listed. */
const BY_CODE: Readonly<Record<string, MessageKey>> = {
  NETWORK_ERROR: 'common.error.network',
  VALIDATION_FAILED: 'common.error.validation',
  MALFORMED_JSON: 'problem.malformed',
  MALFORMED_TEXT: 'problem.malformed',
  UNAUTHENTICATED: 'problem.unauthenticated',
  INVALID_CREDENTIALS: 'login.error.credentials',
  TOTP_REQUIRED: 'login.error.totpRequired',
  TOTP_INVALID: 'login.error.totpInvalid',
  RESET_TOKEN_INVALID: 'auth.reset.invalid',
  LOGIN_THROTTLED: 'login.error.throttled',
  SAML_RESPONSE_INVALID: 'auth.saml.errorTitle',
  PASSWORD_CHANGE_REQUIRED: 'problem.passwordChangeRequired',
  CSRF_TOKEN_INVALID: 'problem.csrf',
  FORBIDDEN: 'common.error.forbidden',
  TLP_DOWNGRADE_NOT_ALLOWED: 'problem.tlpDowngrade',
  NOT_FOUND: 'common.error.notFound',
  CONFLICT: 'common.error.conflict',
  PRECONDITION_FAILED: 'problem.preconditionFailed',
  INVALID_STATE: 'problem.invalidState',
  AUDIENCE_REQUIRED: 'problem.audienceRequired',
  CHANGE_NOTE_REQUIRED: 'problem.changeNoteRequired',
  GERMAN_TEXT_REQUIRED: 'problem.germanTextRequired',
  PAYLOAD_TOO_LARGE: 'problem.payloadTooLarge',
  UNSUPPORTED_MEDIA_TYPE: 'problem.unsupportedMediaType',
  SHARE_ITEMS_FLAGGED: 'problem.shareItemsFlagged',
  INDICATORS_FLAGGED: 'problem.indicatorsFlagged',
  SHARE_REACHES_NOBODY: 'problem.shareReachesNobody',
  UNPROCESSABLE_CONTENT: 'problem.unprocessable',
  ADDRESS_NOT_ALLOWED: 'problem.addressNotAllowed',
  RATE_LIMITED: 'problem.rateLimited',
  FEED_UNAVAILABLE: 'problem.feedUnavailable',
  SERVICE_UNAVAILABLE: 'problem.serviceUnavailable',
  INSUFFICIENT_STORAGE: 'problem.insufficientStorage',
  INTERNAL: 'common.error.unexpected',
};

/**
 * Codes whose `errors` are field problems worth listing (worded by lib/field-problems.ts). The
 * flagged-indicator codes list English warninglist reasons instead, which a sentence replaces.
 */
const WITH_FIELD_PROBLEMS: ReadonlySet<string> = new Set(['VALIDATION_FAILED', 'UNPROCESSABLE_CONTENT', 'MALFORMED_TEXT']);

/**
 * What says, in the reader's language, why `error` failed; `own` names sentences of the caller's
 * for some codes, `fieldLabels` the form's labels of the API's field paths.
 */
export function problemWording(error: unknown, own: Readonly<Partial<Record<string, MessageKey>>> = {}, fieldLabels: Readonly<Partial<Record<string, MessageKey>>> = {}): Wording {
  if (!(error instanceof ApiError)) return wording('common.error.unexpected');
  const key = own[error.code] ?? BY_CODE[error.code] ?? byStatus(error.status);
  if (!key) return error.detail ? wording('problem.other', { detail: error.detail }) : wording('common.error.unexpected');
  const listed = WITH_FIELD_PROBLEMS.has(error.code) || (!BY_CODE[error.code] && (error.status === 400 || error.status === 422));
  if (!own[error.code] && listed && error.errors.length > 0) return wording('problem.withDetails', { message: wording(key), details: { fieldProblems: error.errors, fieldLabels } });
  return wording(key);
}

function byStatus(status: number): MessageKey | undefined {
  if (status === 0) return 'common.error.network';
  if (status === 400 || status === 422) return 'common.error.validation';
  if (status === 403) return 'common.error.forbidden';
  if (status === 404) return 'common.error.notFound';
  if (status === 409) return 'common.error.conflict';
  return undefined;
}
