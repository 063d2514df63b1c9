/**
 * Daily and weekly digests: the e-mails held back for users who chose a digest, as one mail each.
 * Each entry is decided and rendered when the digest is SENT (send.ts): an advisory narrowed,
 * withdrawn or deleted since planning, or a recipient who lost access, leaves nothing in the digest;
 * the digest's label is the most restrictive TLP among the entries' current advisories.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { mostRestrictive } from '../access/tlp.js';
import type { Database } from '../platform/db/client.js';
import type { Mailer } from '../platform/mail.js';
import { deliveries, type DeliveryRow } from './notifications.table.js';
import { advisoriesOf, entitledNow, renderMail, suppressedUpdate } from './send.js';
import type { AdvisoryRow } from '../advisories/advisories.table.js';
import type { UserPrincipal } from '../auth/principal.js';

type Entry = { delivery: DeliveryRow; advisory: AdvisoryRow };

/**
 * Sends one digest per recipient over the held deliveries of the given period. Each entry is the
 * subject line and link rendered now from the current advisory (RED/VS-NfD stay link-only).
 * @returns the number of digests sent.
 */
export async function sendDigests(db: Database, mailer: Mailer, period: 'daily' | 'weekly', now = new Date(), baseUrl = ''): Promise<number> {
  const held = (await db.select().from(deliveries).where(and(eq(deliveries.status, 'digest'), eq(deliveries.channel, 'email')))).filter(
    (delivery) => (delivery.message as { digest?: string }).digest === period,
  );
  const current = await advisoriesOf(db, held);
  const byRecipient = new Map<string, Entry[]>();
  const suppressed: string[] = [];
  const principals = new Map<string, UserPrincipal | null>();
  for (const delivery of held) {
    const advisory = current.get(delivery.id);
    if (!advisory || !(await entitledNow(db, delivery, advisory, principals))) {
      suppressed.push(delivery.id);
      continue;
    }
    byRecipient.set(delivery.recipient, [...(byRecipient.get(delivery.recipient) ?? []), { delivery, advisory }]);
  }
  if (suppressed.length > 0) await db.update(deliveries).set(suppressedUpdate(now)).where(inArray(deliveries.id, suppressed));
  let sent = 0;
  for (const entries of byRecipient.values()) {
    const mails = entries.map(({ delivery, advisory }) => renderMail(delivery, advisory, baseUrl));
    const label = mostRestrictive(...entries.map(({ advisory }) => advisory.tlp)).toUpperCase();
    const linkOf = (text: string) => /^(?:Öffnen|Open): (.*)$/m.exec(text)?.[1] ?? '';
    const lines = mails.map((mail) => `- ${mail.subject}\n  ${linkOf(mail.text)}`);
    const subject = `[TLP:${label}] Lagebild: ${period === 'daily' ? 'Tägliche' : 'Wöchentliche'} Zusammenfassung (${mails.length})`;
    const links = mails.map((mail) => `- ${linkOf(mail.text)}`);
    await mailer.send({
      to: mails[0]!.to,
      subject,
      text: ['Ihre Zusammenfassung der Warnmeldungen:', '', ...lines].join('\n'),
      // AMBER entries name their advisories: only encrypted, else the links alone.
      tlp: label.toLowerCase(),
      linkOnly: { subject, text: ['Ihre Zusammenfassung der Warnmeldungen (Inhalte nur nach Anmeldung):', '', ...links].join('\n') },
    });
    await db.update(deliveries).set({ status: 'digested', deliveredAt: now }).where(inArray(deliveries.id, entries.map(({ delivery }) => delivery.id)));
    sent += 1;
  }
  return sent;
}
