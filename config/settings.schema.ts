import { z } from 'zod';

/**
 * Non-secret settings kept in `config/settings.json` (reviewed like code). Every value has a default,
 * so a missing file or key means the default.
 */
export const SettingsSchema = z
  .object({
    http: z
      .object({
        /** Largest accepted JSON body. */
        jsonBodyLimit: z.string().regex(/^\d+(b|kb|mb)$/i).default('1mb'),
        /** Requests per IP and window on /api before 429. */
        rateLimitPerMinute: z.number().int().positive().default(1200),
        /** Login attempts per IP and 15 minutes before 429 (the per-account lockout is separate). */
        loginAttemptsPer15Minutes: z.number().int().positive().default(100),
      })
      .strict()
      .default({ jsonBodyLimit: '1mb', rateLimitPerMinute: 1200, loginAttemptsPer15Minutes: 100 }),
    session: z
      .object({
        /** Session ends after this many minutes without a request. */
        idleTimeoutMinutes: z.number().int().positive().default(120),
        /** Session ends this many hours after login, whatever the activity. */
        absoluteTimeoutHours: z.number().int().positive().default(12),
      })
      .strict()
      .default({ idleTimeoutMinutes: 120, absoluteTimeoutHours: 12 }),
    realtime: z
      .object({
        /** A reconnecting client that missed more events than this is told to resync through REST. */
        replayMaxEvents: z.number().int().positive().default(5000),
        /** A reconnecting client whose last event is older than this is told to resync through REST. */
        replayMaxAgeHours: z.number().positive().default(24),
        /** Polling fallback of the outbox dispatcher (LISTEN/NOTIFY normally wakes it at once). */
        pollIntervalMs: z.number().int().positive().default(1000),
      })
      .strict()
      .default({ replayMaxEvents: 5000, replayMaxAgeHours: 24, pollIntervalMs: 1000 }),
  })
  .strict();

export type Settings = z.infer<typeof SettingsSchema>;
