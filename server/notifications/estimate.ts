/**
 * Before publishing: over which channels the planner would reach the recipients the policy allows
 * (server/access/ decides who; this only counts how). It follows the planner's rules: members of an
 * affected organization get "affects you" (in the app and by e-mail as they chose, never filtered by
 * severity; organizations matched by an earlier version are not told again), everyone else by their channels, minimum severity and "only what affects us"; mail with
 * TLP:AMBER content goes encrypted to those with an OpenPGP key, TLP:RED content never leaves by mail.
 * Without SMTP (no SMTP_URL) no mail leaves at all: the estimate says so instead of counting mails
 * that would never be sent.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { needsEncryption } from '../platform/openpgp-mail.js';
import { userOpenpgpKeys } from '../users/openpgp-keys.table.js';
import { memberships } from '../users/users.table.js';
import { webhooks } from './notifications.table.js';
import { loadPreferences } from './preferences.js';

const SEVERITY_RANK: Record<string, number> = { niedrig: 0, mittel: 1, hoch: 2, kritisch: 3 };

/** How many messages each channel would carry. `encryptedEmail` is part of `email`; both are 0 when `mailEnabled` is false. */
export type ChannelEstimate = { inApp: number; email: number; encryptedEmail: number; webhooks: number; mailEnabled: boolean };

/** What the running instance can deliver at all (server configuration, not a user's choice). */
export type DeliveryCapabilities = { mailEnabled: boolean };

/** Counts per channel for the given recipients (user ids and viewing organizations from access/). */
export async function estimateChannels(
  db: Executor,
  input: { userIds: readonly string[]; organizationIds: readonly string[]; affectedOrganizationIds: ReadonlySet<string>; alreadyAffectedOrganizationIds: ReadonlySet<string>; severity: string; tlp: string; revision: boolean; delivery: DeliveryCapabilities },
): Promise<ChannelEstimate> {
  const { userIds, affectedOrganizationIds: affected } = input;
  const prefs = await loadPreferences(db, userIds);
  const rows = userIds.length === 0 ? [] : await db.select({ userId: memberships.userId, organizationId: memberships.organizationId }).from(memberships).where(inArray(memberships.userId, [...userIds]));
  const orgsOf = new Map<string, string[]>();
  for (const row of rows) orgsOf.set(row.userId, [...(orgsOf.get(row.userId) ?? []), row.organizationId]);
  const keyed = new Set(userIds.length === 0 ? [] : (await db.select({ userId: userOpenpgpKeys.userId }).from(userOpenpgpKeys).where(inArray(userOpenpgpKeys.userId, [...userIds]))).map((row) => row.userId));
  const urgent = input.severity === 'kritisch';
  const encrypts = needsEncryption(input.tlp);
  const { mailEnabled } = input.delivery;
  const estimate: ChannelEstimate = { inApp: 0, email: 0, encryptedEmail: 0, webhooks: 0, mailEnabled };
  const webhookOrgs = new Set<string>();
  for (const userId of userIds) {
    const pref = prefs.get(userId)!;
    const orgs = orgsOf.get(userId) ?? [];
    // Organizations matched by an earlier version were told then; the planner skips their members now.
    if (orgs.some((id) => input.alreadyAffectedOrganizationIds.has(id))) continue;
    const isAffected = orgs.some((id) => affected.has(id));
    if (!isAffected && (pref.onlyAffectsUs || (SEVERITY_RANK[input.severity] ?? 0) < (SEVERITY_RANK[pref.minSeverity] ?? 0))) continue;
    if (pref.channels.includes('in_app') || (isAffected && urgent)) estimate.inApp += 1;
    if (mailEnabled && pref.channels.includes('email')) {
      estimate.email += 1;
      if (encrypts && keyed.has(userId)) estimate.encryptedEmail += 1;
    }
    if (!isAffected && pref.channels.includes('webhook')) for (const id of orgsOf.get(userId) ?? []) webhookOrgs.add(id);
  }
  const viewing = [...input.organizationIds];
  if (viewing.length > 0) {
    const eventType = input.revision ? 'advisory.revised' : 'advisory.published';
    const hooks = await db.select({ organizationId: webhooks.organizationId, eventTypes: webhooks.eventTypes }).from(webhooks).where(and(inArray(webhooks.organizationId, viewing), eq(webhooks.enabled, true)));
    for (const hook of hooks) {
      const types = hook.eventTypes as string[];
      if ((affected.has(hook.organizationId) && !input.alreadyAffectedOrganizationIds.has(hook.organizationId) && types.includes('advisory.affects_you')) || (webhookOrgs.has(hook.organizationId) && types.includes(eventType))) estimate.webhooks += 1;
    }
  }
  return estimate;
}
