import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh CSRF token for a session (sent back by the client in X-CSRF-Token). */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of the header token against the session's. */
export function isCsrfTokenValid(expected: string | undefined, given: string | undefined): boolean {
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
