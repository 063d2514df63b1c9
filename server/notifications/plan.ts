/**
 * Planning: which recipient gets an outbox event over which channel, decided per recipient by the
 * TLP policy (the advisory's own visibility AND the event's audience), then by their preferences.
 * The result is rows of `deliveries` (unique per event, channel and recipient).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Settings } from '../../config/settings.schema.js';
import { loadOrganizationStandings, organizationCanView } from '../access/organization-view.js';
import { canView, type AccessObject } from '../access/policy.js';
import { accessObjectOf } from '../advisories/advisories.policy.js';
import { advisories, advisoryColumns, type AdvisoryRow } from '../advisories/advisories.table.js';
import { loadUserPrincipal, type UserPrincipal } from '../auth/principal.js';
import { advisoryMatches } from '../matching/matching.table.js';
import { organizations } from '../organizations/organizations.table.js';
import type { Executor } from '../platform/db/client.js';
import type { EventRow } from '../platform/outbox/events.table.js';
import { memberships, users } from '../users/users.table.js';
import { webhooks, type deliveries } from './notifications.table.js';
import { afterQuietHours, loadPreferences, type Preferences } from './preferences.js';
import { renderAdvisoryMail, type AdvisoryBrief, type MessageKind } from './render.js';

export type PlanDeps = { baseUrl: string; settings: Settings; now: Date };
type DeliveryInsert = typeof deliveries.$inferInsert;

const SEVERITY_RANK: Record<string, number> = { niedrig: 0, mittel: 1, hoch: 2, kritisch: 3 };

/** Event types the consumer turns into deliveries. */
export const NOTIFIED_EVENTS = ['advisory.published', 'advisory.revised', 'advisory.affects_you', 'advisory.escalation'] as const;

function eventObject(event: EventRow): AccessObject {
  const audience = event.audience;
  return {
    tlp: audience.tlp,
    audience: { organizations: audience.organizations ?? [], sharingGroups: audience.sharingGroups ?? [], users: audience.users ?? [] },
    authorOrganizationId: audience.authorOrganizationId ?? null,
    authorUserId: audience.authorUserId ?? null,
    status: 'published',
  };
}

function briefOf(row: AdvisoryRow): AdvisoryBrief {
  return { id: row.id, tlp: row.tlp.toUpperCase(), severity: row.severity, title: row.content.title, summary: row.content.summary, cves: row.content.cves, body: row.content.body };
}

async function activeUsers(tx: Executor, organizationIds?: string[]) {
  const rows = await tx
    .selectDistinct({ id: users.id, email: users.email })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(users.active, true), organizationIds ? inArray(memberships.organizationId, organizationIds) : undefined));
  return rows;
}

/** Who may get this event: sees the advisory AND is inside the event's audience. */
function allowed(principal: UserPrincipal, advisory: AdvisoryRow, event: EventRow): boolean {
  return canView(principal, accessObjectOf(advisory)) && canView(principal, eventObject(event));
}

function mailDelivery(event: EventRow, user: { id: string; email: string }, prefs: Preferences, kind: MessageKind, advisory: AdvisoryRow, deps: PlanDeps, extra: { reasons?: string[]; organizationName?: string; organizationId?: string | null; urgent: boolean }): DeliveryInsert {
  const mail = renderAdvisoryMail({ kind, advisory: briefOf(advisory), language: prefs.language, baseUrl: deps.baseUrl, recipientIsUser: true, ...(extra.reasons ? { reasons: extra.reasons } : {}), ...(extra.organizationName ? { organizationName: extra.organizationName } : {}) });
  // Only a critical "affects you" (and its escalations) may break quiet hours or skip the digest.
  const digest = !extra.urgent && prefs.digest !== 'immediate';
  return {
    eventSeq: event.seq,
    eventType: event.type,
    channel: 'email',
    recipient: `user:${user.id}`,
    organizationId: extra.organizationId ?? null,
    status: digest ? 'digest' : 'pending',
    nextAttemptAt: extra.urgent ? deps.now : afterQuietHours(deps.now, prefs.quietHours, deps.settings.notifications.timeZone),
    message: { to: user.email, digest: prefs.digest, ...mail },
  };
}

function inAppDelivery(event: EventRow, userId: string, advisory: AdvisoryRow, kind: MessageKind, organizationId: string | null): DeliveryInsert {
  return { eventSeq: event.seq, eventType: event.type, channel: 'in_app', recipient: `user:${userId}`, organizationId, status: 'sent', deliveredAt: event.createdAt, message: { kind, advisoryId: advisory.id } };
}

function webhookDelivery(event: EventRow, hook: { id: string; organizationId: string }, advisory: AdvisoryRow, deps: PlanDeps, reasons?: { de: string; en: string }[]): DeliveryInsert {
  return { eventSeq: event.seq, eventType: event.type, channel: 'webhook', recipient: `webhook:${hook.id}`, organizationId: hook.organizationId, status: 'pending', nextAttemptAt: deps.now, message: { advisory: briefOf(advisory), reasons: reasons ?? [] } };
}

/** Deliveries of one outbox event (empty for events that notify nobody). */
export async function planEvent(tx: Executor, event: EventRow, deps: PlanDeps): Promise<DeliveryInsert[]> {
  if (!(NOTIFIED_EVENTS as readonly string[]).includes(event.type)) return [];
  const payload = event.payload as { id?: string; advisoryId?: string; organizationId?: string; reasons?: { de: string; en: string }[]; kind?: 'escalation' | 'reminder'; contacts?: string[] };
  const advisoryId = payload.advisoryId ?? payload.id;
  if (!advisoryId) return [];
  const [advisory] = await tx.select(advisoryColumns).from(advisories).where(eq(advisories.id, advisoryId));
  if (!advisory) return [];
  if (event.type === 'advisory.affects_you') return planAffectsYou(tx, event, advisory, payload.organizationId!, payload.reasons ?? [], deps);
  if (event.type === 'advisory.escalation') return planEscalation(tx, event, advisory, payload.organizationId!, payload.kind ?? 'reminder', payload.contacts ?? [], deps);
  return planPublished(tx, event, advisory, deps);
}

async function principals(tx: Executor, list: { id: string; email: string }[]) {
  const result: { user: { id: string; email: string }; principal: UserPrincipal }[] = [];
  for (const user of list) {
    const principal = await loadUserPrincipal(tx, user.id);
    if (principal) result.push({ user, principal });
  }
  return result;
}

async function planPublished(tx: Executor, event: EventRow, advisory: AdvisoryRow, deps: PlanDeps): Promise<DeliveryInsert[]> {
  const kind: MessageKind = event.type === 'advisory.revised' ? 'revised' : 'new';
  const affected = new Set((await tx.selectDistinct({ id: advisoryMatches.organizationId }).from(advisoryMatches).where(eq(advisoryMatches.advisoryId, advisory.id))).map((row) => row.id));
  const people = (await principals(tx, await activeUsers(tx))).filter(({ principal }) => allowed(principal, advisory, event));
  const prefs = await loadPreferences(tx, people.map(({ user }) => user.id));
  const result: DeliveryInsert[] = [];
  const webhookOrgs = new Set<string>();
  for (const { user, principal } of people) {
    // Members of affected organizations hear about it through their "affects you" message instead.
    if (principal.organizationIds.some((id) => affected.has(id))) continue;
    const pref = prefs.get(user.id)!;
    if (pref.onlyAffectsUs || (SEVERITY_RANK[advisory.severity] ?? 0) < (SEVERITY_RANK[pref.minSeverity] ?? 0)) continue;
    if (pref.channels.includes('in_app')) result.push(inAppDelivery(event, user.id, advisory, kind, null));
    if (pref.channels.includes('email')) result.push(mailDelivery(event, user, pref, kind, advisory, deps, { urgent: false }));
    if (pref.channels.includes('webhook')) for (const id of principal.organizationIds) webhookOrgs.add(id);
  }
  return [...result, ...(await orgWebhooks(tx, event, advisory, [...webhookOrgs], deps))];
}

async function orgWebhooks(tx: Executor, event: EventRow, advisory: AdvisoryRow, organizationIds: string[], deps: PlanDeps, reasons?: { de: string; en: string }[]): Promise<DeliveryInsert[]> {
  if (organizationIds.length === 0) return [];
  const hooks = await tx.select().from(webhooks).where(and(inArray(webhooks.organizationId, organizationIds), eq(webhooks.enabled, true)));
  const standings = await loadOrganizationStandings(tx, organizationIds);
  return hooks.filter((hook) => (hook.eventTypes as string[]).includes(event.type) && organizationCanView(standings.get(hook.organizationId)!, accessObjectOf(advisory))).map((hook) => webhookDelivery(event, hook, advisory, deps, reasons));
}

async function planAffectsYou(tx: Executor, event: EventRow, advisory: AdvisoryRow, organizationId: string, reasons: { de: string; en: string }[], deps: PlanDeps): Promise<DeliveryInsert[]> {
  const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organizationId));
  const people = (await principals(tx, await activeUsers(tx, [organizationId]))).filter(({ principal }) => allowed(principal, advisory, event));
  const prefs = await loadPreferences(tx, people.map(({ user }) => user.id));
  const urgent = advisory.severity === 'kritisch';
  const result: DeliveryInsert[] = [];
  for (const { user } of people) {
    const pref = prefs.get(user.id)!;
    const texts = reasons.map((reason) => (pref.language === 'en' ? reason.en : reason.de));
    if (pref.channels.includes('in_app') || urgent) result.push(inAppDelivery(event, user.id, advisory, 'affects_you', organizationId));
    if (pref.channels.includes('email')) result.push(mailDelivery(event, user, pref, 'affects_you', advisory, deps, { reasons: texts, organizationName: org?.name ?? '', organizationId, urgent }));
  }
  return [...result, ...(await orgWebhooks(tx, event, advisory, [organizationId], deps, reasons))];
}

async function planEscalation(tx: Executor, event: EventRow, advisory: AdvisoryRow, organizationId: string, kind: 'escalation' | 'reminder', contacts: string[], deps: PlanDeps): Promise<DeliveryInsert[]> {
  const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organizationId));
  const result: DeliveryInsert[] = [];
  const members = (await principals(tx, await activeUsers(tx, [organizationId]))).filter(({ principal }) => allowed(principal, advisory, event));
  const cert = kind === 'escalation' ? (await principals(tx, await activeUsers(tx))).filter(({ principal }) => principal.isCert && allowed(principal, advisory, event)) : [];
  const prefs = await loadPreferences(tx, [...members, ...cert].map(({ user }) => user.id));
  for (const { user } of [...members, ...cert]) {
    const pref = prefs.get(user.id)!;
    result.push(mailDelivery(event, user, pref, kind, advisory, deps, { organizationName: org?.name ?? '', organizationId, urgent: true }));
  }
  if (kind === 'escalation') {
    const known = new Set(result.map((delivery) => (delivery.message as { to: string }).to));
    for (const email of contacts.filter((address) => !known.has(address.toLowerCase()))) {
      // Not a Lagebild user: the policy cannot vouch for them, so the mail carries only the link.
      const mail = renderAdvisoryMail({ kind, advisory: briefOf(advisory), language: 'de', baseUrl: deps.baseUrl, recipientIsUser: false });
      result.push({ eventSeq: event.seq, eventType: event.type, channel: 'email', recipient: `contact:${email.toLowerCase()}`, organizationId, status: 'pending', nextAttemptAt: deps.now, message: { to: email, ...mail } });
    }
  }
  return result;
}
