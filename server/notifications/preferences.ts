/** Per-user notification preferences, their defaults, and quiet-hour arithmetic. */
import { eq, inArray } from 'drizzle-orm';
import { z } from '../platform/http/openapi-zod.js';
import type { Executor } from '../platform/db/client.js';
import { CHANNELS, DIGESTS, notificationPreferences } from './notifications.table.js';

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM');

/** Preferences as the API takes and gives them. */
export const PreferencesSchema = z
  .strictObject({
    channels: z
      .array(z.enum(CHANNELS))
      .max(3)
      .transform((channels) => [...new Set(channels)]),
    minSeverity: z.enum(['niedrig', 'mittel', 'hoch', 'kritisch']),
    onlyAffectsUs: z.boolean(),
    digest: z.enum(DIGESTS),
    language: z.enum(['de', 'en']),
    quietHours: z.strictObject({ start: Clock, end: Clock }).nullable(),
  })
  .openapi('NotificationPreferences');
export type Preferences = z.output<typeof PreferencesSchema>;

/** Without a choice: in the app and by e-mail, from "hoch", immediately, in German, no quiet hours. */
export const DEFAULT_PREFERENCES: Preferences = { channels: ['in_app', 'email'], minSeverity: 'hoch', onlyAffectsUs: false, digest: 'immediate', language: 'de', quietHours: null };

/** Preferences of many users at once (defaults for those without a row). */
export async function loadPreferences(db: Executor, userIds: readonly string[]): Promise<Map<string, Preferences>> {
  const rows = userIds.length === 0 ? [] : await db.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, [...userIds]));
  const stored = new Map(rows.map((row) => [row.userId, row]));
  return new Map(
    userIds.map((id) => {
      const row = stored.get(id);
      if (!row) return [id, { ...DEFAULT_PREFERENCES }];
      const quietHours = row.quietStart && row.quietEnd ? { start: row.quietStart, end: row.quietEnd } : null;
      return [id, { channels: row.channels, minSeverity: row.minSeverity as Preferences['minSeverity'], onlyAffectsUs: row.onlyAffectsUs, digest: row.digest, language: row.language, quietHours }];
    }),
  );
}

/** Stores a user's preferences. */
export async function savePreferences(db: Executor, userId: string, preferences: Preferences): Promise<Preferences> {
  const values = {
    channels: preferences.channels,
    minSeverity: preferences.minSeverity,
    onlyAffectsUs: preferences.onlyAffectsUs,
    digest: preferences.digest,
    language: preferences.language,
    quietStart: preferences.quietHours?.start ?? null,
    quietEnd: preferences.quietHours?.end ?? null,
    updatedAt: new Date(),
  };
  await db.insert(notificationPreferences).values({ userId, ...values }).onConflictDoUpdate({ target: notificationPreferences.userId, set: values });
  const [row] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  return (await loadPreferences(db, [row!.userId])).get(userId)!;
}

/** Minutes since local midnight in the time zone. */
function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/**
 * When a delivery planned at `at` may go out: `at` itself outside quiet hours, else the end of the
 * quiet window (windows may span midnight, e.g. 22:00–07:00).
 */
export function afterQuietHours(at: Date, quietHours: Preferences['quietHours'], timeZone: string): Date {
  if (!quietHours) return at;
  const now = localMinutes(at, timeZone);
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  const inside = start <= end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return at;
  const wait = (end - now + 24 * 60) % (24 * 60);
  return new Date(at.getTime() + wait * 60_000 - at.getSeconds() * 1000 - at.getMilliseconds());
}
