/**
 * Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
 * logged in successfully as an address keeps a signed token for that address. Its next logins are
 * throttled per device instead of per address, so a stranger hammering the address cannot keep its
 * owner out. The token proves nothing but "this browser logged in as this address before"; it never
 * replaces the password. Up to five addresses per browser (a shared municipal PC).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const DEVICE_COOKIE = 'lagebild.device';
const MAX_ENTRIES = 5;

function signature(secret: string, deviceId: string, email: string): string {
  return createHmac('sha256', secret).update(`device:${deviceId}:${email.trim().toLowerCase()}`).digest('base64url');
}

function entries(req: Request): string[] {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === DEVICE_COOKIE) return decodeURIComponent(value.join('=')).split('~').filter(Boolean).slice(0, MAX_ENTRIES);
  }
  return [];
}

function isSignedFor(entry: string, secret: string, email: string): string | null {
  const [deviceId = '', given = ''] = entry.split('.');
  const expected = signature(secret, deviceId, email);
  return deviceId && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected)) ? deviceId : null;
}

/** The device id whose cookie entry is signed for `email`, if the browser sent one. */
export function trustedDeviceFor(req: Request, secret: string, email: string): string | null {
  for (const entry of entries(req)) {
    const deviceId = isSignedFor(entry, secret, email);
    if (deviceId) return deviceId;
  }
  return null;
}

/** After a successful login: puts (or refreshes) this address's entry first in the device cookie. */
export function rememberDevice(req: Request, res: Response, options: { secret: string; email: string; deviceId: string | null; maxAgeDays: number; secure: boolean }): void {
  const deviceId = options.deviceId ?? randomBytes(16).toString('base64url');
  const own = `${deviceId}.${signature(options.secret, deviceId, options.email)}`;
  const others = entries(req).filter((entry) => isSignedFor(entry, options.secret, options.email) === null);
  res.cookie(DEVICE_COOKIE, [own, ...others].slice(0, MAX_ENTRIES).join('~'), {
    httpOnly: true,
    sameSite: 'strict',
    secure: options.secure,
    path: '/api/v1/session',
    maxAge: options.maxAgeDays * 86_400_000,
  });
}
