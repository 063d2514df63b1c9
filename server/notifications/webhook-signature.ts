/**
 * Webhook signatures: `X-Lagebild-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
 * (the scheme Stripe made common). The timestamp is signed too, so a receiver rejects replays
 * older than its tolerance; `verifyWebhookSignature` is what a receiver (and our tests) run.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Lagebild-Signature';

/** The header value for a body sent at `at`. */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** Whether the header signs the body with the secret and is at most `toleranceSeconds` old. */
export function verifyWebhookSignature(secret: string, body: string, header: string | undefined, now: Date, toleranceSeconds = 300): boolean {
  if (!header) return false;
  const fields = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const t = Number(fields.get('t'));
  const v1 = fields.get('v1');
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}
