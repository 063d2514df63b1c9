/** Daily and weekly digests: the e-mails held back for users who chose a digest, as one mail each. */
import { and, eq, inArray } from 'drizzle-orm';
import { mostRestrictive, type TlpLevel } from '../access/tlp.js';
import type { Database } from '../platform/db/client.js';
import type { Mailer } from '../platform/mail.js';
import { deliveries } from './notifications.table.js';

/**
 * Sends one digest per recipient over the held deliveries of the given period. Each entry is the
 * already-rendered subject line and link (so RED/VS-NfD stay link-only); the digest's subject starts
 * with the most restrictive TLP label among its entries.
 * @returns the number of digests sent.
 */
export async function sendDigests(db: Database, mailer: Mailer, period: 'daily' | 'weekly', now = new Date()): Promise<number> {
  const held = await db.select().from(deliveries).where(and(eq(deliveries.status, 'digest'), eq(deliveries.channel, 'email')));
  const byRecipient = new Map<string, typeof held>();
  for (const delivery of held) {
    const message = delivery.message as { digest?: string };
    if (message.digest !== period) continue;
    byRecipient.set(delivery.recipient, [...(byRecipient.get(delivery.recipient) ?? []), delivery]);
  }
  let sent = 0;
  for (const list of byRecipient.values()) {
    const messages = list.map((delivery) => delivery.message as { to: string; subject: string; text: string });
    const labels = messages.map((message) => (/^\[TLP:([A-Z+]+)\]/.exec(message.subject)?.[1] ?? 'AMBER').toLowerCase() as TlpLevel);
    const label = mostRestrictive(...labels).toUpperCase();
    const lines = messages.map((message) => `- ${message.subject}\n  ${/^(?:Öffnen|Open): (.*)$/m.exec(message.text)?.[1] ?? ''}`);
    await mailer.send({
      to: messages[0]!.to,
      subject: `[TLP:${label}] Lagebild: ${period === 'daily' ? 'Tägliche' : 'Wöchentliche'} Zusammenfassung (${messages.length})`,
      text: ['Ihre Zusammenfassung der Warnmeldungen:', '', ...lines].join('\n'),
    });
    await db.update(deliveries).set({ status: 'digested', deliveredAt: now }).where(inArray(deliveries.id, list.map((delivery) => delivery.id)));
    sent += 1;
  }
  return sent;
}
