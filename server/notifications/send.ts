/**
 * The send-time half of a notification (DESIGN.md D9): right before an e-mail, a webhook call or a
 * digest entry leaves, the advisory is loaded as it is NOW, access/ is asked again whether the
 * recipient may still receive it, and the message is rendered from that current advisory. A
 * delivery planned before the advisory was narrowed or withdrawn, or before the recipient lost a
 * membership, is suppressed instead of sent; nothing is ever sent from content rendered at planning.
 */
import { inArray } from 'drizzle-orm';
import { canReceive, isDeliverableObject, type DeliveryAudience } from '../access/delivery.js';
import { loadOrganizationStandings, organizationCanView } from '../access/organization-view.js';
import { accessObjectOf } from '../advisories/advisories.policy.js';
import { advisories, advisoryColumns, type AdvisoryRow } from '../advisories/advisories.table.js';
import { loadUserPrincipal, type UserPrincipal } from '../auth/principal.js';
import type { Executor } from '../platform/db/client.js';
import type { MailMessage } from '../platform/mail.js';
import { events } from '../platform/outbox/events.table.js';
import type { DeliveryRow } from './notifications.table.js';
import { reportMayTravelByMail, reportPublishedAudience } from '../access/situation.js';
import { reportNotices, type ReportNotice } from '../situation/index.js';
import { renderAdvisoryMail, renderReportMail, type AdvisoryBrief, type Language, type MessageKind } from './render.js';

/** The advisory fields a message may carry, from the CURRENT row. */
export function briefOf(row: AdvisoryRow): AdvisoryBrief {
  return { id: row.id, tlp: row.tlp.toUpperCase(), severity: row.severity, title: row.content.title, summary: row.content.summary, cves: row.content.cves, body: row.content.body };
}

type Intent = { to: string; kind?: MessageKind; language?: Language; advisoryId?: string; reasons?: string[]; organizationName?: string; changeNote?: { de: string; en?: string }; reportId?: string };

const KIND_OF_TYPE: Record<string, MessageKind> = { 'advisory.published': 'new', 'advisory.revised': 'revised', 'advisory.matched': 'affects_you', 'advisory.escalated': 'escalation' };

function intentOf(delivery: DeliveryRow): Intent {
  return delivery.message as Intent;
}

/**
 * The advisory each delivery is about (the intent names it; deliveries planned before intents
 * existed are resolved through their event's subject). Absent = deleted or unknown: not sent.
 */
export async function advisoriesOf(db: Executor, all: readonly DeliveryRow[]): Promise<Map<string, AdvisoryRow>> {
  const list = all.filter((delivery) => !isReportDelivery(delivery));
  const missing = list.filter((delivery) => !intentOf(delivery).advisoryId).map((delivery) => delivery.eventSeq);
  const fromEvents = missing.length === 0 ? [] : await db.select({ seq: events.seq, id: events.subjectId }).from(events).where(inArray(events.seq, missing));
  const subjectBySeq = new Map(fromEvents.map((row) => [row.seq, row.id]));
  const idOf = (delivery: DeliveryRow) => intentOf(delivery).advisoryId ?? subjectBySeq.get(delivery.eventSeq);
  const ids = [...new Set(list.map(idOf).filter((id): id is string => id !== undefined))];
  const rows = ids.length === 0 ? [] : await db.select(advisoryColumns).from(advisories).where(inArray(advisories.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const result = new Map<string, AdvisoryRow>();
  for (const delivery of list) {
    const id = idOf(delivery);
    const row = id ? byId.get(id) : undefined;
    if (row) result.set(delivery.id, row);
  }
  return result;
}

/**
 * Whether the recipient may receive this delivery NOW: the advisory is still published, and
 * access/ lets the recipient (a user's current principal; a webhook's or contact's organization)
 * receive the event's audience from the current advisory.
 */
export async function entitledNow(db: Executor, delivery: DeliveryRow, advisory: AdvisoryRow, principals: Map<string, UserPrincipal | null> = new Map()): Promise<boolean> {
  const object = accessObjectOf(advisory);
  if (!isDeliverableObject(object)) return false;
  if (delivery.recipient.startsWith('user:')) {
    // `principals`: loaded once per send batch (one user, many deliveries), still at send time.
    const userId = delivery.recipient.slice('user:'.length);
    if (!principals.has(userId)) principals.set(userId, await loadUserPrincipal(db, userId));
    const principal = principals.get(userId);
    if (!principal) return false;
    const audience: DeliveryAudience = delivery.organizationId ? { kind: 'organization', organizationId: delivery.organizationId, within: object } : { kind: 'marked', object };
    return canReceive(principal, audience);
  }
  // A webhook or a second contact speaks for its organization, which must still see the advisory.
  if (!delivery.organizationId) return false;
  const standing = (await loadOrganizationStandings(db, [delivery.organizationId])).get(delivery.organizationId);
  return standing !== undefined && organizationCanView(standing, object);
}

/** The e-mail of a delivery, rendered from the current advisory (link-only for non-users, RED and VS-NfD). */
export function renderMail(delivery: DeliveryRow, advisory: AdvisoryRow, baseUrl: string): MailMessage {
  const intent = intentOf(delivery);
  const kind = intent.kind ?? KIND_OF_TYPE[delivery.eventType] ?? 'new';
  const language = intent.language ?? 'de';
  const recipientIsUser = delivery.recipient.startsWith('user:');
  const brief = briefOf(advisory);
  const mail = renderAdvisoryMail({ kind, advisory: brief, language, baseUrl, recipientIsUser, changeNote: intent.changeNote, ...(intent.reasons ? { reasons: intent.reasons } : {}), ...(intent.organizationName ? { organizationName: intent.organizationName } : {}) });
  if (!recipientIsUser) return { to: intent.to, ...mail };
  const linkOnly = renderAdvisoryMail({ kind, advisory: brief, language, baseUrl, recipientIsUser: false });
  // The transport sends AMBER content only encrypted to the recipient's OpenPGP key, else the link-only variant.
  return { to: intent.to, ...mail, tlp: advisory.tlp, linkOnly: { subject: linkOnly.subject, text: linkOnly.text } };
}

/** Marks a delivery as suppressed: the policy said no at send time (kept for the log). */
export function suppressedUpdate(now: Date) {
  return { status: 'suppressed', deliveredAt: now, lastError: 'not entitled at send time' } as const;
}

/** Whether a delivery is about a Lagebericht (its intent names the report) rather than an advisory. */
export function isReportDelivery(delivery: DeliveryRow): boolean {
  return typeof intentOf(delivery).reportId === 'string';
}

/** The report each report delivery is about, as it is NOW (absent = deleted: not sent, not listed). */
export async function reportsOf(db: Executor, list: readonly DeliveryRow[]): Promise<Map<string, ReportNotice>> {
  const reports = list.filter(isReportDelivery);
  const current = await reportNotices(db, reports.map((delivery) => intentOf(delivery).reportId!));
  const result = new Map<string, ReportNotice>();
  for (const delivery of reports) {
    const report = current.get(intentOf(delivery).reportId!);
    if (report) result.set(delivery.id, report);
  }
  return result;
}

/**
 * Whether the user may receive this report mail NOW: the report is published, its current label
 * still lets it travel by mail (CLEAR, GREEN), and access/ lets the user's current principal receive
 * the report's audience as it is now.
 */
export async function reportEntitledNow(db: Executor, delivery: DeliveryRow, report: ReportNotice, principals: Map<string, UserPrincipal | null> = new Map()): Promise<boolean> {
  if (report.status !== 'published' || !delivery.recipient.startsWith('user:')) return false;
  if (delivery.channel === 'email' && !reportMayTravelByMail(report)) return false;
  const userId = delivery.recipient.slice('user:'.length);
  if (!principals.has(userId)) principals.set(userId, await loadUserPrincipal(db, userId));
  const principal = principals.get(userId);
  return principal !== null && principal !== undefined && canReceive(principal, reportPublishedAudience(report));
}

/** The report mail of a delivery, rendered from the current report in the recipient's language; the PDF is attached by the caller. */
export function renderReportDelivery(delivery: DeliveryRow, report: ReportNotice, baseUrl: string): { message: MailMessage; attachment: { kind: 'situation_report'; id: string; language: Language } } {
  const intent = intentOf(delivery);
  const language = intent.language ?? 'de';
  const mail = renderReportMail({ reportId: report.id, title: report.title, tlp: report.tlp, language, baseUrl });
  return { message: { to: intent.to, ...mail, tlp: report.tlp }, attachment: { kind: 'situation_report', id: report.id, language } };
}
