/**
 * The checks of a new password, answered as what words them (a message key), not as text, so a
 * field error set before a language switch follows the switch (lib/wording.ts). Free of the
 * client's i18n module, so the unit tests can load it.
 */
import type { authDe } from './auth.messages.js';

/** The server's minimum (server/auth/password-policy.ts); length counts characters, not bytes. */
export const PASSWORD_MIN_LENGTH = 12;

/** A message key of the password checks; a `Wording` (lib/wording.ts) without parameters. */
export type PasswordWording = { key: Extract<keyof typeof authDe, `password.error.${string}`> };

/** The server's answer as lib/api.ts's ApiError keeps it (structurally, for the tests). */
type ProblemAnswer = { code: string; detail?: string | undefined; errors: readonly { message: string }[] };

/** The local checks before sending a new password: length and the repeated entry. */
export function checkNewPassword(password: string, repeat: string): { password?: PasswordWording; repeat?: PasswordWording } {
  if (!password) return { password: { key: 'password.error.required' } };
  if ([...password.normalize('NFC')].length < PASSWORD_MIN_LENGTH) return { password: { key: 'password.error.tooShort' } };
  if (password !== repeat) return { repeat: { key: 'password.error.mismatch' } };
  return {};
}

/** The server's refusal of a new password, to word in the reader's language (it answers in English); null for other answers. */
export function newPasswordProblem(error: ProblemAnswer): PasswordWording | null {
  if (error.code !== 'VALIDATION_FAILED') return null;
  const message = error.errors.map((item) => item.message).join(' ') || (error.detail ?? '');
  if (/commonly used/i.test(message)) return { key: 'password.error.common' };
  if (/e-mail/i.test(message)) return { key: 'password.error.email' };
  if (/at least/i.test(message)) return { key: 'password.error.tooShort' };
  if (/at most/i.test(message)) return { key: 'password.error.tooLong' };
  return null;
}
