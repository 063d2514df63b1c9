/**
 * Authentication of the standards endpoints (CSAF provider, MISP feed). Their clients (gocsaf's
 * downloader, MISP's feed fetcher, curl in a partner's cron job) send a session cookie, a bearer
 * token, or HTTP Basic under the one rule of server/tokens/basic-auth.ts (password = API token, user =
 * the token's id or its owner's e-mail), the same as the TAXII server's. Who the caller may SEE is
 * still decided by server/access (`visibleTo` in the repos).
 */
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { authenticateBasicAuthorization } from '../tokens/basic-auth.js';

const REALM = 'Basic realm="Lagebild", charset="UTF-8"';

/**
 * The caller of a standards endpoint: the request's principal (session or bearer), else the token
 * of a Basic header. Wrong Basic credentials are a 401, never a silent anonymous read.
 * @throws AppError UNAUTHENTICATED (with WWW-Authenticate) for an invalid Basic token
 */
export async function sharingPrincipal(db: Database, req: Request, res: Response): Promise<Principal> {
  if (req.principal.kind !== 'anonymous') return req.principal;
  try {
    return (await authenticateBasicAuthorization(db, req.get('authorization'))) ?? req.principal;
  } catch (error) {
    res.set('WWW-Authenticate', REALM);
    throw error;
  }
}

/**
 * Like `sharingPrincipal`, but anonymous callers get 401 with a Basic challenge (non-CLEAR
 * distributions: "access-protected", CSAF requirement 5).
 * @throws AppError UNAUTHENTICATED
 */
export async function requireSharingPrincipal(db: Database, req: Request, res: Response): Promise<Principal> {
  const principal = await sharingPrincipal(db, req, res);
  if (principal.kind !== 'anonymous') return principal;
  res.set('WWW-Authenticate', REALM);
  throw new AppError('UNAUTHENTICATED', 'This distribution needs a session, a bearer token, or HTTP Basic (token id or owner e-mail as user, API token as password).');
}
