/**
 * HTTP Basic authentication for every machine channel that speaks it (TAXII server, CSAF provider,
 * MISP feed): ONE rule, so a partner's client configuration works the same on each of them.
 *
 * The rule:
 * - the password is an API token (`lbt_…`), never an account password: that would bypass the second
 *   factor and invite guessing;
 * - the user name is the token's id or its owner's e-mail address (case-insensitive, surrounding
 *   blanks ignored). Any other user name is a 401: a partner who pasted one organization's token
 *   under another account's name finds out at once instead of silently reading as someone else;
 * - a malformed header (no `user:password`) is a 401, never an anonymous read.
 * For a service token the owner is the organization admin who created it.
 */
import type { UserPrincipal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { authenticateBasicCredentials } from './tokens.service.js';

export type BasicCredentials = { user: string; password: string };

/**
 * The user name and password of an `Authorization: Basic …` header; `undefined` for any other scheme
 * or no header, `'malformed'` when the decoded value has no colon. Never throws.
 */
export function parseBasicAuthorization(authorization: string | undefined): BasicCredentials | 'malformed' | undefined {
  if (authorization === undefined || !/^basic /i.test(authorization)) return undefined;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The principal of a Basic header under the rule above, or `undefined` when the header is not Basic.
 * @throws AppError UNAUTHENTICATED for a malformed header, an invalid/expired/revoked token, or a
 *   user name that is neither the token's id nor its owner's e-mail
 */
export async function authenticateBasicAuthorization(db: Database, authorization: string | undefined, now = new Date()): Promise<UserPrincipal | undefined> {
  const credentials = parseBasicAuthorization(authorization);
  if (credentials === undefined) return undefined;
  if (credentials === 'malformed') throw new AppError('UNAUTHENTICATED', 'Basic credentials must be "user:password" with an API token as the password.');
  return authenticateBasicCredentials(db, credentials.user, credentials.password, now);
}
