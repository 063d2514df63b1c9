/**
 * Escalation and reminders for unacknowledged critical advisories. A plain `run(ctx)` so any
 * scheduler can call it (server/jobs.ts registers it with node-cron). For every organization a
 * critical, still published advisory affects and that has not answered:
 * - after `escalateAfterHours` (nights and weekends included): once, an `advisory.escalated`
 *   event that mails the organization's secondary contacts (link only) and the CERT;
 * - every `remindEveryHours` after that: an `advisory.escalated` reminder to its members.
 * The consumer turns the events into e-mails (server/notifications/), so delivery stays idempotent.
 */
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Settings } from '../../config/settings.schema.js';
import { acknowledgements } from '../acknowledgements/acknowledgements.table.js';
import { advisories } from '../advisories/advisories.table.js';
import { organizations } from '../organizations/organizations.table.js';
import type { Database } from '../platform/db/client.js';
import { emitEvent } from '../access/event-declaration.js';
import { ADVISORY_ESCALATED } from './matching.events.js';
import { advisoryAffected } from './matching.table.js';

export type EscalationContext = { db: Database; settings: Settings; now?: Date };

/** @returns how many escalations and reminders were raised. */
export async function run(ctx: EscalationContext): Promise<{ escalated: number; reminded: number }> {
  const now = ctx.now ?? new Date();
  const { escalateAfterHours, remindEveryHours } = ctx.settings.matching;
  const escalateBefore = new Date(now.getTime() - escalateAfterHours * 3_600_000);
  const remindBefore = new Date(now.getTime() - remindEveryHours * 3_600_000);
  return ctx.db.transaction(async (tx) => {
    const due = await tx
      .select({ advisoryId: advisoryAffected.advisoryId, organizationId: advisoryAffected.organizationId, escalatedAt: advisoryAffected.escalatedAt, remindedAt: advisoryAffected.remindedAt, contacts: organizations.contacts })
      .from(advisoryAffected)
      .innerJoin(advisories, eq(advisories.id, advisoryAffected.advisoryId))
      .innerJoin(organizations, eq(organizations.id, advisoryAffected.organizationId))
      .where(
        and(
          eq(advisories.severity, 'kritisch'),
          inArray(advisories.status, ['published', 'revised']),
          lt(advisoryAffected.firstMatchedAt, escalateBefore),
          or(isNull(advisoryAffected.escalatedAt), lt(sql`coalesce(${advisoryAffected.remindedAt}, ${advisoryAffected.escalatedAt})`, remindBefore)),
          sql`not exists (select 1 from ${acknowledgements} k where k.advisory_id = ${advisoryAffected.advisoryId} and k.organization_id = ${advisoryAffected.organizationId})`,
        ),
      )
      .for('update', { of: advisoryAffected, skipLocked: true });
    let escalated = 0;
    let reminded = 0;
    for (const row of due) {
      const kind = row.escalatedAt ? 'reminder' : 'escalation';
      const contacts = kind === 'escalation' ? row.contacts.filter((contact) => contact.role === 'secondary' && contact.email).map((contact) => contact.email!) : [];
      await emitEvent(tx, ADVISORY_ESCALATED, row.advisoryId, { advisoryId: row.advisoryId, organizationId: row.organizationId, kind, contacts });
      const set = kind === 'escalation' ? { escalatedAt: now } : { remindedAt: now };
      await tx.update(advisoryAffected).set(set).where(and(eq(advisoryAffected.advisoryId, row.advisoryId), eq(advisoryAffected.organizationId, row.organizationId)));
      if (kind === 'escalation') escalated += 1;
      else reminded += 1;
    }
    return { escalated, reminded };
  });
}
