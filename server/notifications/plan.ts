/**
 * Planning: which recipient gets an outbox event over which channel, decided per recipient by
 * `canReceive` on the audience of the event's subject as it is when planned, then by their
 * preferences. The result is rows of `deliveries` (unique per event, channel and recipient) that
 * hold the INTENT only (kind, language, reasons): nothing is rendered here. The sender asks access/
 * again and renders from the advisory as it is when it sends (send.ts, digest.ts).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Settings } from '../../config/settings.schema.js';
import { canReceive, isDeliverableObject, type DeliveryAudience } from '../access/delivery.js';
import { loadOrganizationStandings, organizationCanView } from '../access/organization-view.js';
import { reportMayTravelByMail } from '../access/situation.js';
import { loadSubjectStates, subjectState } from '../access/subjects.js';
import { accessObjectOf } from '../advisories/advisories.policy.js';
import { advisories, advisoryColumns, type AdvisoryRow } from '../advisories/advisories.table.js';
import { loadUserPrincipal, type UserPrincipal } from '../auth/principal.js';
import { audienceOfEvent } from '../events.js';
import { advisoryMatches } from '../matching/matching.table.js';
import { organizations } from '../organizations/organizations.table.js';
import type { Executor } from '../platform/db/client.js';
import type { EventRow } from '../platform/outbox/events.table.js';
import { memberships, users } from '../users/users.table.js';
import { webhooks, type deliveries } from './notifications.table.js';
import { afterQuietHours, loadPreferences, type Preferences } from './preferences.js';
import type { MessageKind } from './render.js';

/**
 * `principals`: the principals already loaded in this planning batch. A batch runs in one
 * transaction, so a user's standing is the same for each of its events; without it every event
 * would load every active user's principal again.
 */
export type PlanDeps = { baseUrl: string; settings: Settings; now: Date; principals?: Map<string, UserPrincipal | null> };
type DeliveryInsert = typeof deliveries.$inferInsert;
type ChangeNote = { de: string; en?: string };

const SEVERITY_RANK: Record<string, number> = { niedrig: 0, mittel: 1, hoch: 2, kritisch: 3 };

/** Event types the consumer turns into deliveries. */
export const NOTIFIED_EVENTS = ['advisory.published', 'advisory.revised', 'advisory.matched', 'advisory.escalated', 'situation.report.drafted', 'situation.report.published'] as const;

async function activeUsers(tx: Executor, organizationIds?: string[]) {
  const rows = await tx
    .selectDistinct({ id: users.id, email: users.email })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(users.active, true), organizationIds ? inArray(memberships.organizationId, organizationIds) : undefined));
  return rows;
}

/** What a user mail delivery holds until it is sent: who, how and why — never the content. */
export type MailIntent = { to: string; digest: Preferences['digest']; kind: MessageKind; language: Preferences['language']; advisoryId: string; reasons?: string[]; organizationName?: string; changeNote?: ChangeNote };

function mailDelivery(event: EventRow, user: { id: string; email: string }, prefs: Preferences, kind: MessageKind, advisory: AdvisoryRow, deps: PlanDeps, extra: { reasons?: string[]; organizationName?: string; organizationId?: string | null; urgent: boolean; changeNote?: ChangeNote | undefined }): DeliveryInsert {
  // Only a critical "affects you" (and its escalations) may break quiet hours or skip the digest.
  const digest = !extra.urgent && prefs.digest !== 'immediate';
  const intent: MailIntent = { to: user.email, digest: prefs.digest, kind, language: prefs.language, advisoryId: advisory.id, ...(extra.reasons ? { reasons: extra.reasons } : {}), ...(extra.organizationName ? { organizationName: extra.organizationName } : {}), ...(extra.changeNote ? { changeNote: extra.changeNote } : {}) };
  return {
    eventSeq: event.seq,
    eventType: event.type,
    channel: 'email',
    recipient: `user:${user.id}`,
    organizationId: extra.organizationId ?? null,
    status: digest ? 'digest' : 'pending',
    nextAttemptAt: extra.urgent ? deps.now : afterQuietHours(deps.now, prefs.quietHours, deps.settings.notifications.timeZone),
    message: intent,
  };
}

function inAppDelivery(event: EventRow, userId: string, advisory: AdvisoryRow, kind: MessageKind, organizationId: string | null, changeNote?: ChangeNote): DeliveryInsert {
  return { eventSeq: event.seq, eventType: event.type, channel: 'in_app', recipient: `user:${userId}`, organizationId, status: 'sent', deliveredAt: event.createdAt, message: { kind, advisoryId: advisory.id, ...(changeNote ? { changeNote } : {}) } };
}

function webhookDelivery(event: EventRow, hook: { id: string; organizationId: string }, advisory: AdvisoryRow, deps: PlanDeps, reasons?: { de: string; en: string }[], changeNote?: ChangeNote): DeliveryInsert {
  return { eventSeq: event.seq, eventType: event.type, channel: 'webhook', recipient: `webhook:${hook.id}`, organizationId: hook.organizationId, status: 'pending', nextAttemptAt: deps.now, message: { advisoryId: advisory.id, reasons: reasons ?? [], ...(changeNote ? { changeNote } : {}) } };
}

/** The change note a revision's event carries (publishing a revision requires one). */
function changeNoteOf(event: EventRow): ChangeNote | undefined {
  const note = (event.payload as { changeNote?: unknown }).changeNote;
  return typeof note === 'object' && note !== null && typeof (note as { de?: unknown }).de === 'string' ? (note as ChangeNote) : undefined;
}

/** Deliveries of one outbox event (empty for events that notify nobody). */
export async function planEvent(tx: Executor, event: EventRow, deps: PlanDeps): Promise<DeliveryInsert[]> {
  if (!(NOTIFIED_EVENTS as readonly string[]).includes(event.type)) return [];
  if (event.type === 'situation.report.drafted' || event.type === 'situation.report.published') return planReport(tx, event, deps);
  const payload = event.payload as { id?: string; advisoryId?: string; organizationId?: string; reasons?: { de: string; en: string }[]; kind?: 'escalation' | 'reminder'; contacts?: string[] };
  const advisoryId = payload.advisoryId ?? payload.id;
  if (!advisoryId) return [];
  const [advisory] = await tx.select(advisoryColumns).from(advisories).where(eq(advisories.id, advisoryId));
  if (!advisory || !isDeliverableObject(accessObjectOf(advisory))) return [];
  // The audience of the event from the advisory as it is now (withdrawn or narrowed since: fewer or none).
  const audience = audienceOfEvent(event, await loadSubjectStates(tx, [{ kind: 'advisory', id: advisoryId }]));
  if (!audience) return [];
  if (event.type === 'advisory.matched') return planAffectsYou(tx, event, advisory, audience, payload.organizationId!, payload.reasons ?? [], deps);
  if (event.type === 'advisory.escalated') return planEscalation(tx, event, advisory, audience, payload.organizationId!, payload.kind ?? 'reminder', payload.contacts ?? [], deps);
  return planPublished(tx, event, advisory, audience, deps);
}

async function principals(tx: Executor, list: { id: string; email: string }[], cache: Map<string, UserPrincipal | null> = new Map()) {
  const result: { user: { id: string; email: string }; principal: UserPrincipal }[] = [];
  for (const user of list) {
    if (!cache.has(user.id)) cache.set(user.id, await loadUserPrincipal(tx, user.id));
    const principal = cache.get(user.id);
    if (principal) result.push({ user, principal });
  }
  return result;
}

async function planPublished(tx: Executor, event: EventRow, advisory: AdvisoryRow, audience: DeliveryAudience, deps: PlanDeps): Promise<DeliveryInsert[]> {
  const kind: MessageKind = event.type === 'advisory.revised' ? 'revised' : 'new';
  const changeNote = changeNoteOf(event);
  const affected = new Set((await tx.selectDistinct({ id: advisoryMatches.organizationId }).from(advisoryMatches).where(eq(advisoryMatches.advisoryId, advisory.id))).map((row) => row.id));
  const people = (await principals(tx, await activeUsers(tx), deps.principals)).filter(({ principal }) => canReceive(principal, audience));
  const prefs = await loadPreferences(tx, people.map(({ user }) => user.id));
  const result: DeliveryInsert[] = [];
  const webhookOrgs = new Set<string>();
  for (const { user, principal } of people) {
    // Members of affected organizations hear about it through their "affects you" message instead.
    if (principal.organizationIds.some((id) => affected.has(id))) continue;
    const pref = prefs.get(user.id)!;
    if (pref.onlyAffectsUs || (SEVERITY_RANK[advisory.severity] ?? 0) < (SEVERITY_RANK[pref.minSeverity] ?? 0)) continue;
    if (pref.channels.includes('in_app')) result.push(inAppDelivery(event, user.id, advisory, kind, null, changeNote));
    if (pref.channels.includes('email')) result.push(mailDelivery(event, user, pref, kind, advisory, deps, { urgent: false, ...(changeNote ? { changeNote } : {}) }));
    if (pref.channels.includes('webhook')) for (const id of principal.organizationIds) webhookOrgs.add(id);
  }
  return [...result, ...(await orgWebhooks(tx, event, advisory, [...webhookOrgs], deps, undefined, changeNote))];
}

async function orgWebhooks(tx: Executor, event: EventRow, advisory: AdvisoryRow, organizationIds: string[], deps: PlanDeps, reasons?: { de: string; en: string }[], changeNote?: ChangeNote): Promise<DeliveryInsert[]> {
  if (organizationIds.length === 0) return [];
  const hooks = await tx.select().from(webhooks).where(and(inArray(webhooks.organizationId, organizationIds), eq(webhooks.enabled, true)));
  const standings = await loadOrganizationStandings(tx, organizationIds);
  return hooks.filter((hook) => (hook.eventTypes as string[]).includes(event.type) && organizationCanView(standings.get(hook.organizationId)!, accessObjectOf(advisory))).map((hook) => webhookDelivery(event, hook, advisory, deps, reasons, changeNote));
}

async function planAffectsYou(tx: Executor, event: EventRow, advisory: AdvisoryRow, audience: DeliveryAudience, organizationId: string, reasons: { de: string; en: string }[], deps: PlanDeps): Promise<DeliveryInsert[]> {
  const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organizationId));
  const people = (await principals(tx, await activeUsers(tx, [organizationId]), deps.principals)).filter(({ principal }) => canReceive(principal, audience));
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

async function planEscalation(tx: Executor, event: EventRow, advisory: AdvisoryRow, audience: DeliveryAudience, organizationId: string, kind: 'escalation' | 'reminder', contacts: string[], deps: PlanDeps): Promise<DeliveryInsert[]> {
  const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organizationId));
  const result: DeliveryInsert[] = [];
  const members = (await principals(tx, await activeUsers(tx, [organizationId]), deps.principals)).filter(({ principal }) => canReceive(principal, audience));
  const cert = kind === 'escalation' ? (await principals(tx, await activeUsers(tx), deps.principals)).filter(({ principal }) => principal.isCert && canReceive(principal, audience)) : [];
  const prefs = await loadPreferences(tx, [...members, ...cert].map(({ user }) => user.id));
  for (const { user } of [...members, ...cert]) {
    const pref = prefs.get(user.id)!;
    result.push(mailDelivery(event, user, pref, kind, advisory, deps, { organizationName: org?.name ?? '', organizationId, urgent: true }));
  }
  if (kind === 'escalation') {
    const known = new Set(result.map((delivery) => (delivery.message as { to: string }).to));
    for (const email of contacts.filter((address) => !known.has(address.toLowerCase()))) {
      // Not a Lagebild user: the policy cannot vouch for them, so the mail carries only the link (send.ts).
      result.push({ eventSeq: event.seq, eventType: event.type, channel: 'email', recipient: `contact:${email.toLowerCase()}`, organizationId, status: 'pending', nextAttemptAt: deps.now, message: { to: email, kind, language: 'de', advisoryId: advisory.id } });
    }
  }
  return result;
}

/**
 * A drafted report tells the CERT (in-app); a published one every user its audience lets in, from the
 * report as it is now (access/situation.ts), in-app and — CLEAR and GREEN only, by the access rule —
 * by e-mail. Like an advisory's, the deliveries hold the intent only: the sender renders the mail and
 * attaches the PDF in the recipient's language from the report as it is when sent, after asking again.
 */
async function planReport(tx: Executor, event: EventRow, deps: PlanDeps): Promise<DeliveryInsert[]> {
  const subject = { kind: 'situation_report' as const, id: event.subjectId };
  const states = await loadSubjectStates(tx, [subject]);
  const report = subjectState(states, subject);
  const audience = audienceOfEvent(event, states);
  if (!report || !audience) return [];
  const people = (await principals(tx, await activeUsers(tx), deps.principals)).filter(({ principal }) => canReceive(principal, audience));
  const prefs = await loadPreferences(tx, people.map(({ user }) => user.id));
  const kind = event.type === 'situation.report.drafted' ? 'report_drafted' : 'report_published';
  const result: DeliveryInsert[] = [];
  for (const { user } of people) {
    const pref = prefs.get(user.id)!;
    result.push({ eventSeq: event.seq, eventType: event.type, channel: 'in_app', recipient: `user:${user.id}`, organizationId: null, status: 'sent', deliveredAt: event.createdAt, message: { kind, reportId: event.subjectId } });
    if (kind !== 'report_published' || report.status !== 'published' || !reportMayTravelByMail(report) || !pref.channels.includes('email')) continue;
    result.push({ eventSeq: event.seq, eventType: event.type, channel: 'email', recipient: `user:${user.id}`, organizationId: null, status: 'pending', nextAttemptAt: afterQuietHours(deps.now, pref.quietHours, deps.settings.notifications.timeZone), message: { to: user.email, kind, language: pref.language, reportId: event.subjectId } });
  }
  return result;
}
