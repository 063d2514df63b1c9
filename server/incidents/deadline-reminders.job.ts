/**
 * Job `incidents.deadline-reminders`: before each open report-stage deadline (24 h, 6 h and 1 h
 * before it), remind the reporting organization and the CERT through the outbox
 * (`incident.deadline.approached`, delivered live and by the notification channels) and, when a
 * mailer is given, by e-mail to the report's contact. `incident_reminders` makes every threshold
 * fire once even with several instances or overlapping runs. A plain `run(ctx)`, testable without
 * cron; the scheduler (node-cron + advisory lock) runs it every five minutes.
 */
import { and, eq, ne } from 'drizzle-orm';
import type { Database } from '../platform/db/client.js';
import type { Clock } from '../platform/clock.js';
import { berlinLabel } from './berlin-time.js';
import { enqueueIncidentEvent } from './incidents.events.js';
import { incidentDeadlines } from './incidents.presenter.js';
import { listStageSubmissions } from './incidents.repo.js';
import { incidentReminders, incidents } from './incidents.table.js';

/** Hours before a deadline at which reminders go out. */
export const REMINDER_THRESHOLDS_HOURS = [24, 6, 1] as const;

/** What the job runs with. */
export type ReminderJobContext = { db: Database; clock: Clock; sendMail?: (to: string, subject: string, text: string) => Promise<void> };

/** @returns how many reminders were sent. */
export async function run(ctx: ReminderJobContext): Promise<{ reminders: number }> {
  const now = ctx.clock.now();
  // System job: reads every reported, open incident (no principal; reminders go to each incident's own audience).
  const rows = await ctx.db.select().from(incidents).where(and(eq(incidents.status, 'reported'), ne(incidents.triageState, 'closed')));
  const stages = await listStageSubmissions(ctx.db, rows.map((row) => row.id));
  let reminders = 0;
  for (const row of rows) {
    for (const deadline of incidentDeadlines(row, stages.filter((stage) => stage.incidentId === row.id))) {
      if (deadline.state !== 'pending' || !deadline.dueAt || deadline.dueAt <= now) continue;
      const hoursLeft = (deadline.dueAt.getTime() - now.getTime()) / 3_600_000;
      const threshold = [...REMINDER_THRESHOLDS_HOURS].reverse().find((hours) => hoursLeft <= hours);
      if (threshold === undefined) continue;
      const sent = await ctx.db.transaction(async (tx) => {
        const inserted = await tx.insert(incidentReminders).values({ incidentId: row.id, stage: deadline.stage, dueAt: deadline.dueAt!, hoursBefore: threshold, sentAt: now }).onConflictDoNothing().returning();
        if (inserted.length === 0) return false;
        await enqueueIncidentEvent(tx, 'incident.deadline.approached', row.id, { id: row.id, stage: deadline.stage, dueAt: deadline.dueAt!.toISOString(), dueBerlin: berlinLabel(deadline.dueAt!), hoursBefore: threshold });
        return true;
      });
      if (!sent) continue;
      reminders += 1;
      const contact = row.report?.contact.email;
      if (ctx.sendMail && contact) {
        await ctx.sendMail(contact, `Lagebild: Meldefrist ${deadline.stage} endet ${berlinLabel(deadline.dueAt)}`, `Die Frist für die Stufe ${deadline.stage} des Vorfalls ${row.id} endet am ${berlinLabel(deadline.dueAt)} (Europe/Berlin).`);
      }
    }
  }
  return { reminders };
}

/** The job declaration for `server/jobs.ts`. */
export const deadlineRemindersJob = { name: 'incidents.deadline-reminders', schedule: '*/5 * * * *', timeoutMs: 60_000, run } as const;
