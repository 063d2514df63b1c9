/**
 * Login throttling without account enumeration and without letting strangers lock people out
 * (issue 14; OWASP Authentication Cheat Sheet "Account lockout", "device cookies").
 *
 * Wrong passwords are counted per subject — the e-mail address as typed (whether or not an account
 * has it, so an unknown address behaves exactly like a real one), the trusted device (instead of the
 * address, when the browser carries a device cookie that a successful login gave it for this
 * address) and the client address. After `freeFailures` failures in a row a subject is held for
 * `baseDelaySeconds`, doubling with each further failure up to `maxDelaySeconds`; attempts while
 * held are refused without looking at the password (and not counted). A success clears the series
 * of the address (or of the device it came from); a password reset clears the address's.
 *
 * The counters live in the shared limit store (platform/limits), so several instances count together.
 */
import { createHash } from 'node:crypto';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Settings } from '../../config/settings.schema.js';
import type { LimitStore } from '../platform/limits/limit-store.js';

/** Who an attempt is counted against. */
export type LoginSubjects = { email: string; ip: string | null; deviceId: string | null };

export type ThrottleVerdict = { held: false } | { held: true; subject: 'account' | 'device' | 'address'; retryAfterSeconds: number };

type Subject = { kind: 'account' | 'device' | 'address'; key: string; freeFailures: number };

export type LoginThrottle = {
  /** Whether an attempt may check a password now. */
  check(subjects: LoginSubjects): Promise<ThrottleVerdict>;
  /** Counts a wrong password (or second factor) and holds the subjects that reached their limit. */
  recordFailure(subjects: LoginSubjects): Promise<void>;
  /** A successful login: forgets the address's (or device's) series. */
  recordSuccess(subjects: LoginSubjects): Promise<void>;
  /** A password reset proved control of the mailbox: the address's series is forgotten. */
  forgetAccount(email: string): Promise<void>;
};

function accountKey(email: string): string {
  // The address itself is not stored in the shared store (Redis, a table): its hash is enough.
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 40);
}

/** The hold after `failures` failures in a row: 0 below the limit, then doubling up to the cap. */
export function holdSeconds(failures: number, freeFailures: number, settings: Settings['login']): number {
  if (failures < freeFailures) return 0;
  return Math.min(settings.maxDelaySeconds, settings.baseDelaySeconds * 2 ** Math.min(failures - freeFailures, 30));
}

/** The login throttle over the shared limit store. */
export function createLoginThrottle(store: LimitStore, settings: Settings['login']): LoginThrottle {
  const failures: RateLimiterAbstract = store.limiter({ name: 'login-failures', points: 1_000_000, durationSeconds: Math.round(settings.forgetAfterHours * 3600) });
  const holds: RateLimiterAbstract = store.limiter({ name: 'login-holds', points: 1, durationSeconds: 1 });

  function subjectsOf({ email, ip, deviceId }: LoginSubjects): Subject[] {
    const list: Subject[] = [
      deviceId
        ? { kind: 'device', key: `device:${deviceId}`, freeFailures: settings.freeFailuresPerAccount }
        : { kind: 'account', key: `account:${accountKey(email)}`, freeFailures: settings.freeFailuresPerAccount },
    ];
    if (ip) list.push({ kind: 'address', key: `address:${ip}`, freeFailures: settings.freeFailuresPerAddress });
    return list;
  }

  return {
    async check(subjects) {
      for (const subject of subjectsOf(subjects)) {
        const hold = await holds.get(subject.key);
        if (!hold || hold.consumedPoints <= 1 || hold.msBeforeNext <= 0) continue;
        // The whole hold of the current step, not the time left: the same history gives the same
        // answer, byte for byte, whoever asks and whenever within the hold.
        const count = (await failures.get(subject.key))?.consumedPoints ?? 0;
        return { held: true, subject: subject.kind, retryAfterSeconds: Math.max(1, holdSeconds(count, subject.freeFailures, settings)) };
      }
      return { held: false };
    },
    async recordFailure(subjects) {
      for (const subject of subjectsOf(subjects)) {
        const counted = await failures.penalty(subject.key, 1);
        const seconds = holdSeconds(counted.consumedPoints, subject.freeFailures, settings);
        if (seconds > 0) await holds.block(subject.key, seconds);
      }
    },
    async recordSuccess(subjects) {
      const [own] = subjectsOf(subjects);
      if (!own) return;
      // A login from a trusted device leaves the address's series alone: whoever hammers the address
      // from elsewhere stays held.
      await failures.delete(own.key);
      await holds.delete(own.key);
    },
    async forgetAccount(email) {
      await failures.delete(`account:${accountKey(email)}`);
      await holds.delete(`account:${accountKey(email)}`);
    },
  };
}
