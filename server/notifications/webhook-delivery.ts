/**
 * One signed POST to an organization's webhook, through the SSRF guard: literal addresses are checked
 * before the request, host names after DNS resolution on the connection itself (a name that
 * re-resolves to 127.0.0.1 or 169.254.169.254 is refused), and redirects are never followed — a 3xx
 * answer counts as a failed delivery.
 */
import { fetch, type Agent } from 'undici';
import type { Settings } from '../../config/settings.schema.js';
import { allowanceOf, assertUrlReachable, BlockedAddressError, guardedDispatcher, type AddressAllowance } from '../platform/net/address-guard.js';
import type { WebhookRow } from './notifications.table.js';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

const guards = new WeakMap<object, { allow: AddressAllowance; dispatcher: Agent }>();

/** The allow-list and guarded dispatcher for these settings (built once per settings object). */
export function webhookGuard(settings: Pick<Settings, 'notifications'>): { allow: AddressAllowance; dispatcher: Agent } {
  let guard = guards.get(settings.notifications);
  if (!guard) {
    const allow = allowanceOf(settings.notifications.webhookAllowList);
    guard = { allow, dispatcher: guardedDispatcher(allow) };
    guards.set(settings.notifications, guard);
  }
  return guard;
}

/** The blocked-address error somewhere in a fetch failure's cause chain, if that is why it failed. */
export function blockedCause(error: unknown): BlockedAddressError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (current instanceof BlockedAddressError) return current;
  }
  return undefined;
}

/**
 * What an organization admin is told when no HTTP answer came back (refused address, DNS failure,
 * refused connection, timeout): the same words in every case, because the cause names resolved
 * addresses and internal hosts. The cause itself is in `detail`, for the server log only.
 */
export const NOT_REACHABLE = 'Nicht erreichbar / not reachable';

/**
 * The result of one POST: the HTTP status, or why there was none. `error` may be shown to the
 * organization (the receiver's HTTP status, or {@link NOT_REACHABLE}); `detail` goes to the log only.
 */
export type WebhookAttempt = { ok: true; status: number } | { ok: false; status: number | null; error: string; detail: string; blocked: boolean };

/**
 * Posts `body` signed with the webhook's secret. Never throws for network or HTTP failures: the
 * caller decides about retries from the result.
 */
export async function postWebhook(hook: Pick<WebhookRow, 'url' | 'secret'>, body: string, meta: { eventType: string; deliveryId: string; at: Date; settings: Pick<Settings, 'notifications'> }): Promise<WebhookAttempt> {
  const { allow, dispatcher } = webhookGuard(meta.settings);
  try {
    assertUrlReachable(hook.url, allow);
    const response = await fetch(hook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook(hook.secret, body, meta.at), 'X-Lagebild-Event': meta.eventType, 'X-Lagebild-Delivery': meta.deliveryId },
      body,
      redirect: 'manual',
      dispatcher,
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
    const error = `HTTP ${response.status}${redirect}`;
    return { ok: false, status: response.status, error, detail: error, blocked: false };
  } catch (error) {
    const blocked = blockedCause(error);
    if (blocked) return { ok: false, status: null, error: NOT_REACHABLE, detail: blocked.message, blocked: true };
    const cause = (error as Error).cause instanceof Error ? `: ${((error as Error).cause as Error).message}` : '';
    return { ok: false, status: null, error: NOT_REACHABLE, detail: `${(error as Error).message}${cause}`.slice(0, 500), blocked: false };
  }
}
