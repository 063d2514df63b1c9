import { isIP } from 'node:net';
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
    /**
     * Login throttling (server/auth/login-throttle.ts): after `freeFailures` wrong passwords in a row
     * for one address, device or client address, the next attempt waits `baseDelaySeconds`, doubling
     * with every further failure up to `maxDelaySeconds`. Failures are forgotten `forgetAfterHours`
     * after the first of a series, and at once after a successful login or password reset.
     */
    login: z
      .object({
        freeFailuresPerAccount: z.number().int().min(1).default(5),
        /** Client addresses are shared (a whole town hall behind one NAT): more free failures. */
        freeFailuresPerAddress: z.number().int().min(1).default(30),
        baseDelaySeconds: z.number().int().min(1).default(2),
        maxDelaySeconds: z.number().int().min(1).default(900),
        forgetAfterHours: z.number().positive().default(24),
        /** A device that logged in successfully keeps a signed cookie this long; it bypasses the per-account delay. */
        deviceCookieDays: z.number().int().min(1).default(180),
      })
      .strict()
      .default({ freeFailuresPerAccount: 5, freeFailuresPerAddress: 30, baseDelaySeconds: 2, maxDelaySeconds: 900, forgetAfterHours: 24, deviceCookieDays: 180 }),
    /** The job scheduler (server/platform/scheduler.ts). */
    scheduler: z
      .object({
        /** Every cron expression (jobs, feed sources, digests) is read in this IANA time zone: 07:00 is 07:00 in Thuringia, summer and winter. */
        timeZone: z
          .string()
          .refine((zone) => {
            try {
              new Intl.DateTimeFormat('en', { timeZone: zone });
              return true;
            } catch {
              return false;
            }
          }, 'an IANA time zone such as Europe/Berlin')
          .default('Europe/Berlin'),
        /** At start, a job whose latest slot passed while every instance was down runs once (not once per missed slot). */
        catchUp: z.boolean().default(true),
        /** How far back a missed slot still counts. */
        catchUpWithinDays: z.number().positive().max(31).default(8),
      })
      .strict()
      .default({ timeZone: 'Europe/Berlin', catchUp: true, catchUpWithinDays: 8 }),
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
        /**
         * Outbox rows older than this are deleted by the `events.prune` job (never the newest row, never
         * one the notification consumer has not processed). Keep it above `replayMaxAgeHours`: a client
         * whose `since` is older than the oldest kept event is told to resync.
         */
        eventRetentionDays: z.number().positive().default(30),
        /** When the `events.prune` job runs (node-cron). */
        eventPruneCron: z.string().min(1).default('23 3 * * *'),
        /** Client → server messages one socket may send per second on average (token bucket refill). */
        socketMessagesPerSecond: z.number().positive().default(10),
        /** Messages one socket may send at once; after this many dropped messages the socket is disconnected. */
        socketMessageBurst: z.number().int().positive().default(30),
        /** Largest client → server message in bytes (Socket.IO `maxHttpBufferSize`); clients send only tiny requests. */
        socketMaxMessageBytes: z.number().int().min(1024).default(65_536),
      })
      .strict()
      .default({ replayMaxEvents: 5000, replayMaxAgeHours: 24, pollIntervalMs: 1000, eventRetentionDays: 30, eventPruneCron: '23 3 * * *', socketMessagesPerSecond: 10, socketMessageBurst: 30, socketMaxMessageBytes: 65_536 }),
    /** "Does this affect us?": acknowledgement deadlines, escalation and reminders (server/matching/). */
    matching: z
      .object({
        /** Hours an affected organization has to acknowledge, per BSI severity; after that it is overdue. */
        acknowledgeWithinHours: z
          .object({ kritisch: z.number().positive(), hoch: z.number().positive(), mittel: z.number().positive(), niedrig: z.number().positive() })
          .strict()
          .default({ kritisch: 4, hoch: 24, mittel: 72, niedrig: 168 }),
        /** Unacknowledged critical advisories: escalate to the second contact and the CERT after this many hours (nights and weekends included). */
        escalateAfterHours: z.number().positive().default(4),
        /** Then remind the organization every this many hours until someone acknowledges. */
        remindEveryHours: z.number().positive().default(12),
        /** node-cron expression of the escalation and reminder check. */
        escalationCron: z.string().min(9).default('*/10 * * * *'),
      })
      .strict()
      .default({ acknowledgeWithinHours: { kritisch: 4, hoch: 24, mittel: 72, niedrig: 168 }, escalateAfterHours: 4, remindEveryHours: 12, escalationCron: '*/10 * * * *' }),
    /** E-mail and webhook delivery (server/notifications/). */
    notifications: z
      .object({
        /** How often the outbox consumer looks for new events when not woken by NOTIFY. */
        pollIntervalMs: z.number().int().positive().default(2000),
        /** Webhook attempts per delivery before it counts as failed. */
        webhookMaxAttempts: z.number().int().min(1).max(20).default(6),
        /** First retry delay; doubled on each further attempt. */
        webhookBackoffSeconds: z.number().positive().default(30),
        /** A webhook whose deliveries failed this many times in a row is disabled and its org admins told. */
        webhookDisableAfterFailures: z.number().int().min(1).default(5),
        /** Quiet hours and digests are reckoned in this time zone. */
        timeZone: z.string().default('Europe/Berlin'),
        dailyDigestCron: z.string().min(9).default('0 7 * * *'),
        weeklyDigestCron: z.string().min(9).default('0 7 * * 1'),
        /**
         * Webhook targets that may be reached although they are loopback, private or link-local
         * (SSRF guard, feeds/address-guard.ts): single IP addresses (`10.1.2.3`) or CIDR ranges
         * (`10.20.0.0/16`, `fd00::/8`). Empty: only public addresses.
         */
        webhookAllowList: z
          .array(
            z
              .string()
              .trim()
              .refine((entry) => {
                const [address = '', prefix] = entry.split('/');
                const family = isIP(address);
                if (family === 0) return false;
                return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
              }, 'an IP address or a CIDR range'),
          )
          .default([]),
      })
      .strict()
      .default({ pollIntervalMs: 2000, webhookMaxAttempts: 6, webhookBackoffSeconds: 30, webhookDisableAfterFailures: 5, timeZone: 'Europe/Berlin', dailyDigestCron: '0 7 * * *', weeklyDigestCron: '0 7 * * 1', webhookAllowList: [] }),
    taxii: z
      .object({
        /** Largest accepted TAXII request body in bytes (declared as the API root's `max_content_length`; larger → 413). */
        maxContentLength: z.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
        /** Objects per page when the client sends no `limit`. */
        defaultPageSize: z.number().int().min(1).max(10_000).default(100),
        /** The most objects one page returns, whatever `limit` asks for. */
        maxPageSize: z.number().int().min(1).max(10_000).default(1000),
      })
      .strict()
      .default({ maxContentLength: 10 * 1024 * 1024, defaultPageSize: 100, maxPageSize: 1000 }),
    /** The CSAF 2.0 provider (server/sharing/csaf/): who publishes, and how tracking ids are formed. */
    csaf: z
      .object({
        publisherName: z.string().min(1).default('CERT-Thüringen'),
        /** The publisher's namespace: a URL that identifies the CERT (CSAF `document.publisher.namespace`). */
        publisherNamespace: z.url().default('https://www.cert.thueringen.de'),
        contactDetails: z.string().min(1).default('E-Mail: cert@tlrz.thueringen.de'),
        issuingAuthority: z.string().min(1).default('CERT-Thüringen, das CERT des Freistaats Thüringen beim Thüringer Landesrechenzentrum (TLRZ).'),
        /** Prefix of `document.tracking.id`; the advisory's id follows. */
        trackingIdPrefix: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/).default('CERT-TH'),
      })
      .strict()
      .default({
        publisherName: 'CERT-Thüringen',
        publisherNamespace: 'https://www.cert.thueringen.de',
        contactDetails: 'E-Mail: cert@tlrz.thueringen.de',
        issuingAuthority: 'CERT-Thüringen, das CERT des Freistaats Thüringen beim Thüringer Landesrechenzentrum (TLRZ).',
        trackingIdPrefix: 'CERT-TH',
      }),
  })
  .strict();

export type Settings = z.infer<typeof SettingsSchema>;
